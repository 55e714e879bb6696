"""Database URLs: parsed and rebuilt with make_url, passwords kept out, one resolver."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from desktop.domain.errors import ValidationError
from desktop.domain.phrases import Wording

if TYPE_CHECKING:
    from desktop.settings import Settings

HINT = "use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user@host:5432/dbname"
# What a URL that cannot be used says, in both languages (the settings dialog shows the UI's).
_HINT = Wording(
    HINT,
    "gebruik sqlite:///pad/naar/bestand.sqlite3 of postgresql+psycopg://gebruiker@host:5432/db",
)
_NOT_A_URL = Wording(
    "Not a database URL ({why}): {url}; {hint}", "Geen database-URL ({why}): {url}; {hint}"
)
_BAD_PORT = Wording("the port is not a number", "de poort is geen getal")
_UNREADABLE = Wording("not a URL", "geen URL")
_SQLITE_DRIVER = Wording(
    "Unsupported SQLite driver {driver!r}; {hint}",
    "Deze SQLite-driver werkt niet: {driver!r}; {hint}",
)
_PSYCOPG = Wording(
    "Bounce Desk reaches PostgreSQL through psycopg 3, not {driver!r};"
    " use postgresql+psycopg://user@host:5432/dbname",
    "Bounce Desk spreekt PostgreSQL via psycopg 3, niet via {driver!r};"
    " gebruik postgresql+psycopg://gebruiker@host:5432/db",
)
_BACKEND = Wording(
    "Bounce Desk works with SQLite or PostgreSQL, not {backend!r}",
    "Bounce Desk werkt met SQLite of PostgreSQL, niet met {backend!r}",
)
_SQLITE_HOST = Wording(
    "A SQLite file has no host or password: {url}; {hint}",
    "Een SQLite-bestand heeft geen host of wachtwoord: {url}; {hint}",
)
# A URL make_url cannot read may still hold a password: mask what looks like one.
_USERINFO_PASSWORD = re.compile(r"(://[^:/@?#]*:)[^@]*@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&]*", re.I)


def parse_url(url: str) -> URL:
    """`url` as a URL Bounce Desk can open, or ValidationError saying why (password masked).

    `postgres://` and `postgresql://` mean psycopg 3; a `?password=` moves into the URL's
    password, so that it is hidden wherever the URL is shown.
    """
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError) as error:
        why = _BAD_PORT if isinstance(error, ValueError) else _UNREADABLE
        raise ValidationError(_NOT_A_URL(why=why, url=masked(url), hint=_HINT)) from error
    backend = parsed.get_backend_name()
    if backend == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend == "sqlite":
        if parsed.drivername != "sqlite":
            raise ValidationError(_SQLITE_DRIVER(driver=parsed.drivername, hint=_HINT))
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        elif parsed.drivername != "postgresql+psycopg":
            raise ValidationError(_PSYCOPG(driver=parsed.drivername))
    else:
        raise ValidationError(_BACKEND(backend=backend))
    if "password" in parsed.query:
        given = parsed.query["password"]
        password = given if isinstance(given, str) else given[0]
        parsed = parsed.difference_update_query(["password"])
        if parsed.password is None:
            parsed = parsed.set(password=password)
    if parsed.get_backend_name() == "sqlite" and (parsed.password is not None or parsed.host):
        raise ValidationError(_SQLITE_HOST(url=masked(url), hint=_HINT))
    return parsed


def masked(url: str) -> str:
    """`url` fit for a log line or an error message: any password shown as ***."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        return _QUERY_PASSWORD.sub(r"\1***", _USERINFO_PASSWORD.sub(r"\1***@", url))
    if "password" in parsed.query:
        parsed = parsed.update_query_dict({"password": "***"})
    return parsed.render_as_string(hide_password=True)


def strip_password(url: str) -> str:
    """`url` without its password in any form (user info, ?password=); for the settings file."""
    if not url:
        return url
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        return _QUERY_PASSWORD.sub("", _USERINFO_PASSWORD.sub("://", url)).replace("://@", "://")
    parsed = parsed.difference_update_query(["password"])._replace(password=None)
    return parsed.render_as_string(hide_password=False)


def password_in(url: str) -> str | None:
    """The password `url` carries (user info or ?password=), decoded; None when none."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        return None
    if parsed.password is not None:
        return str(parsed.password)
    given = parsed.query.get("password")
    if given is None:
        return None
    return given if isinstance(given, str) else given[0]


def with_password(url: str, password: str | None) -> str:
    """`url` carrying `password` (encoded as make_url does); unchanged for no password."""
    if not password:
        return url
    parsed = make_url(strip_password(url))
    return parsed.set(password=password).render_as_string(hide_password=False)


def resolve_database(explicit: str | None, env: str | None, settings: Settings | None) -> str:
    """The database to open: --db, else BOUNCEDESK_DB_URL, else the settings', else the local file.

    The settings hold no password; the keyring's is added to theirs.
    """
    if explicit:
        return explicit
    if env:
        return env
    if settings is not None and settings.database_url:
        from desktop.settings import load_password

        return with_password(settings.database_url, load_password(settings.database_url))
    from desktop.paths import default_database_url

    return default_database_url()
