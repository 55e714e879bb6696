"""The Postfix lookup-table file (pgsql: or sqlite:) that reads the quarantined_recipients view."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from desktop.domain.errors import ValidationError
from desktop.store.roles import MTA_VIEW, role_names

# Postfix quotes %s itself (PQescapeStringConn for pgsql, sqlite3_mprintf %q for sqlite), so
# an address with a quote in it cannot change the query.
QUERY = f"SELECT action FROM {MTA_VIEW} WHERE address = '%s'"


def map_type(url: str) -> str:
    """`pgsql` or `sqlite`: the Postfix table type for a database URL."""
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return "pgsql"
    if backend == "sqlite":
        return "sqlite"
    raise ValidationError(f"Postfix can read PostgreSQL or SQLite, not {backend}")


def render_map(url: str, user: str | None = None) -> str:
    """The map file's text. A password appears only when the URL gives one for `user`
    (default: the database's MTA login, `<database>_mta`, see `migrate --roles`)."""
    parsed = make_url(url)
    kind = map_type(url)
    lines = [
        "# Postfix access map: refuse quarantined recipients (written by bouncedesk postfix-map).",
        f"# main.cf: smtpd_recipient_restrictions = check_recipient_access {kind}:/etc/postfix/"
        "bouncedesk-quarantine.cf, ...",
    ]
    if kind == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValidationError("Give the path of the SQLite file: sqlite:///path/to/file")
        path = Path(parsed.database).expanduser().resolve()
        lines += [f"dbpath = {path}", f"query = {QUERY}"]
        return "\n".join(lines) + "\n"
    database = parsed.database or "postgres"
    user = user or role_names(database).mta
    host = parsed.host or "localhost"
    hosts = f"{host}:{parsed.port}" if parsed.port else host
    lines += [f"hosts = {hosts}", f"user = {user}"]
    if parsed.username == user and parsed.password:
        lines.append(f"password = {parsed.password}")
    else:
        lines.append(f"# password = ...   (ALTER ROLE {user} PASSWORD '...' when the server asks)")
    lines += [f"dbname = {database}", f"query = {QUERY}"]
    return "\n".join(lines) + "\n"
