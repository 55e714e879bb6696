"""The live sources of `bouncedesk ingest`: followed mail logs and watched bounce mailboxes.

`build_sources(config, db_url)` makes one `Source` per [[follow]] and [[mailbox]] entry of the
parsed TOML config; the service's runner (or `run_sources` here) runs each on a thread.
"""

from __future__ import annotations

import re
import threading
import zoneinfo
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from desktop.domain.errors import ValidationError
from desktop.live.sources.base import Source, SourceCounts, SourceReport
from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.follow import POLL_SECONDS as FOLLOW_POLL_SECONDS
from desktop.live.sources.follow import FollowSettings, PostfixFollow
from desktop.live.sources.imap import ImapSettings, ImapWatch
from desktop.live.sources.maildir import MaildirSettings, MaildirWatch
from desktop.services.connection import open_database
from desktop.services.ports import Database

__all__ = [
    "Source",
    "SourceCounts",
    "SourceReport",
    "build_sources",
    "run_sources",
    "sources_from_config",
]


def build_sources(config: dict[str, Any], db_url: str) -> list[Source]:
    """A source per [[follow]] and [[mailbox]] entry, sharing one database connection pool.

    Raises ValidationError (one line) for an entry it cannot use; opens no file or server yet.
    """
    entries = _entries(config, "follow") + _entries(config, "mailbox")
    if not entries:
        return []
    database = open_database(db_url)
    try:
        return sources_from_config(config, database)
    except BaseException:
        database.dispose()
        raise


def sources_from_config(config: dict[str, Any], database: Database) -> list[Source]:
    """`build_sources` on a database already open."""
    committer = EventCommitter(database)
    sources: list[Source] = []
    for number, entry in enumerate(_entries(config, "follow"), 1):
        sources.append(PostfixFollow(_follow(entry, f"[[follow]] #{number}"), committer))
    for number, entry in enumerate(_entries(config, "mailbox"), 1):
        where = f"[[mailbox]] #{number}"
        kind = entry.get("kind")
        if kind == "maildir":
            sources.append(MaildirWatch(_maildir(entry, where), committer))
        elif kind == "imap":
            sources.append(ImapWatch(_imap(entry, where), committer))
        else:
            raise ValidationError(f'{where}: kind must be "maildir" or "imap", not {kind!r}')
    names = [source.name for source in sources]
    for name in names:
        if names.count(name) > 1:
            raise ValidationError(f"two sources are named {name!r}; give one a `name`")
    return sources


class LoggingReport:
    """A `SourceReport` that prints one line per report (for `run_sources` without one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def events_committed(self, source: str, count: int, last_event_at: datetime | None) -> None:
        at = last_event_at.isoformat(timespec="seconds") if last_event_at else "-"
        self._print(f"{source}: {count} new event(s), the latest at {at}")

    def error(self, source: str, message: str) -> None:
        self._print(f"{source}: {message}")

    def _print(self, line: str) -> None:
        import sys

        with self._lock:
            print(line, file=sys.stderr, flush=True)


def run_sources(
    sources: Sequence[Source], stop: threading.Event, report: SourceReport | None = None
) -> None:
    """Run every source on a thread of its own until `stop` is set and all have returned."""
    chosen = report or LoggingReport()
    threads = [
        threading.Thread(target=source.run, args=(stop, chosen), name=f"source {source.name}")
        for source in sources
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- the config entries ----------------------------------------------------------------------


def _entries(config: dict[str, Any], key: str) -> list[dict[str, Any]]:
    found = config.get(key, [])
    if isinstance(found, dict):
        found = [found]
    if not isinstance(found, list) or not all(isinstance(entry, dict) for entry in found):
        raise ValidationError(f"[[{key}]] must be a list of tables")
    return found


def _text(entry: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{where}: `{key}` must be given as text")
    return value


def _optional_text(entry: dict[str, Any], key: str, where: str) -> str | None:
    return _text(entry, key, where) if key in entry else None


def _seconds(entry: dict[str, Any], key: str, where: str, default: float) -> float:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 3600:
        raise ValidationError(f"{where}: `{key}` must be a number of seconds (0 to 3600)")
    return float(value)


def _follow(entry: dict[str, Any], where: str) -> FollowSettings:
    if entry.get("format") != "postfix":
        raise ValidationError(f'{where}: format must be "postfix"')
    path = _text(entry, "path", where)
    start = entry.get("start", "beginning")
    if start not in ("beginning", "end"):
        raise ValidationError(f'{where}: start must be "beginning" or "end"')
    return FollowSettings(
        name=_text(entry, "name", where, f"follow:{path}"),
        path=path,
        tz=_zone(entry, where),
        poll_seconds=_seconds(entry, "poll_seconds", where, FOLLOW_POLL_SECONDS),
        start_at_end=start == "end",
    )


def _zone(entry: dict[str, Any], where: str) -> tzinfo:
    name = entry.get("timezone")
    if name is None:
        return UTC
    try:
        return zoneinfo.ZoneInfo(_text(entry, "timezone", where))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(f"{where}: unknown timezone {name!r}") from error


def _maildir(entry: dict[str, Any], where: str) -> MaildirSettings:
    path = _text(entry, "path", where)
    return MaildirSettings(
        name=_text(entry, "name", where, f"maildir:{path}"),
        path=path,
        done_folder=_optional_text(entry, "done_folder", where),
        poll_seconds=_seconds(entry, "poll_seconds", where, 2.0),
    )


def _imap(entry: dict[str, Any], where: str) -> ImapSettings:
    host = _text(entry, "host", where)
    user = _text(entry, "user", where)
    folder = _text(entry, "folder", where, "INBOX")
    tls = entry.get("tls", True)
    if tls is not True and tls != "starttls":  # a password never crosses the wire in clear
        raise ValidationError(f'{where}: tls must be true or "starttls"')
    port = entry.get("port", 993 if tls is True else 143)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise ValidationError(f"{where}: port must be a number from 1 to 65535")
    flag = _text(entry, "done_flag", where, "$BounceDesk")
    if flag != "\\Seen" and not re.fullmatch(r"[A-Za-z0-9$_.-]{1,64}", flag):
        raise ValidationError(
            f"{where}: done_flag must be a keyword such as $BounceDesk, or \\Seen"
        )
    return ImapSettings(
        name=_text(entry, "name", where, f"imap:{user}@{host}/{folder}"),
        host=host,
        port=port,
        user=user,
        password_file=_text(entry, "password_file", where),
        folder=folder,
        tls=tls,
        ca_file=_optional_text(entry, "ca_file", where),
        done_folder=_optional_text(entry, "done_folder", where),
        done_flag=flag,
        poll_seconds=_seconds(entry, "poll_seconds", where, 300.0),
    )
