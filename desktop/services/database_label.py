"""Which database is in use, in words for the window title: never with its password."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

_ENGINES = {"postgresql": "PostgreSQL", "postgres": "PostgreSQL", "sqlite": "Local file"}


def database_label(url: str) -> str:
    """'PostgreSQL bouncedesk@db.example.internal/desk' or 'Local file /home/…/desk.sqlite3'.

    The password is never shown, whatever the URL holds."""
    if not url:
        return ""
    parts = urlsplit(url)
    engine = parts.scheme.split("+", 1)[0].lower()
    name = _ENGINES.get(engine, engine or "Database")
    if engine == "sqlite":
        path = unquote(parts.path[1:])  # sqlite:////abs/path and sqlite:///relative/path
        return f"{name} {path if path and path != ':memory:' else 'in memory'}"
    try:
        host, user, port = parts.hostname or "localhost", parts.username, parts.port
    except ValueError:  # a port that is not a number: show no more than the engine
        return name
    where = f"{unquote(user)}@{host}" if user else host
    where += f":{port}" if port and port != 5432 else ""
    database = parts.path.strip("/")
    return f"{name} {where}" + (f"/{database}" if database else "")
