"""Which database is in use, in words for the window title: never with its password."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from desktop.domain.phrases import Wording

_ENGINES = {"postgresql": "PostgreSQL", "postgres": "PostgreSQL"}
_LOCAL_FILE = Wording("Local file {path}", "Lokaal bestand {path}")
_IN_MEMORY = Wording("in memory", "in het geheugen")


def database_label(url: str, language: str = "en") -> str:
    """'PostgreSQL bouncedesk@db.example.internal/desk' or 'Local file /home/…/desk.sqlite3'
    ('Lokaal bestand …' in Dutch).

    The password is never shown, whatever the URL holds."""
    if not url:
        return ""
    parts = urlsplit(url)
    engine = parts.scheme.split("+", 1)[0].lower()
    if engine == "sqlite":
        path = unquote(parts.path[1:])  # sqlite:////abs/path and sqlite:///relative/path
        shown = path if path and path != ":memory:" else _IN_MEMORY
        return _LOCAL_FILE(path=shown).in_language(language)
    name = _ENGINES.get(engine) or engine or "Database"  # the same word in Dutch
    try:
        host, user, port = parts.hostname or "localhost", parts.username, parts.port
    except ValueError:  # a port that is not a number: show no more than the engine
        return name
    where = f"{unquote(user)}@{host}" if user else host
    where += f":{port}" if port and port != 5432 else ""
    database = parts.path.strip("/")
    return f"{name} {where}" + (f"/{database}" if database else "")
