"""Noticing other connections' commits: PostgreSQL LISTEN/NOTIFY, SQLite `data_version` polling.

Each listener holds its own dedicated connection (never one from the engine's pool: a LISTEN
or a `data_version` baseline belongs to one connection) and is used from one thread at a time.
"""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.engine import Engine

from desktop.domain.errors import DatabaseUnavailable
from desktop.domain.phrases import Wording
from desktop.domain.records import ANY_CHANGE

_CANNOT_WATCH = Wording(
    "Cannot watch the database for changes: {detail}",
    "Kan de database niet volgen op wijzigingen: {detail}",
)
_LOST = Wording(
    "Lost the database connection: {detail}", "De verbinding met de database is weg: {detail}"
)
_CANNOT_READ = Wording(
    "Cannot read the database file: {detail}", "Kan het databasebestand niet lezen: {detail}"
)

if TYPE_CHECKING:
    import psycopg

CHANNEL = "bouncedesk_changes"  # notified by the triggers of migration 0002


class ChangeListener(Protocol):
    def wait(self, timeout: float) -> frozenset[str]: ...

    def close(self) -> None: ...


def _connect_args(engine: Engine) -> tuple[list[Any], dict[str, Any]]:
    args, params = engine.dialect.create_connect_args(engine.url)
    return list(args), dict(params)


class PostgresChangeListener:
    """LISTENs on the change channel; `wait` returns the names of the tables that changed."""

    def __init__(self, engine: Engine) -> None:
        # Imported here: a local SQLite desk should not pay for the PostgreSQL driver at start.
        import psycopg

        self._operational_error = psycopg.OperationalError
        args, params = _connect_args(engine)
        params.setdefault("connect_timeout", 5)
        self._conn: psycopg.Connection[Any]
        try:
            self._conn = psycopg.connect(*args, **params, autocommit=True)
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.OperationalError as error:
            raise DatabaseUnavailable(_CANNOT_WATCH(detail=error)) from error

    def wait(self, timeout: float) -> frozenset[str]:
        try:
            seen = {n.payload for n in self._conn.notifies(timeout=timeout, stop_after=1)}
            if seen:  # a commit touching two tables sends two: take whatever is already here
                seen.update(n.payload for n in self._conn.notifies(timeout=0.01))
        except self._operational_error as error:
            raise DatabaseUnavailable(_LOST(detail=error)) from error
        return frozenset(seen)

    def close(self) -> None:
        self._conn.close()


class SqliteChangeListener:
    """Polls `PRAGMA data_version`, which moves whenever another connection commits."""

    def __init__(self, engine: Engine, poll_interval: float = 0.2) -> None:
        args, params = _connect_args(engine)
        params.update(isolation_level=None, check_same_thread=False)
        self._conn = sqlite3.connect(*args, **params)
        self._interval = poll_interval
        self._version = self._read()

    def _read(self) -> int:
        try:
            row = self._conn.execute("PRAGMA data_version").fetchone()
        except sqlite3.OperationalError as error:
            raise DatabaseUnavailable(_CANNOT_READ(detail=error)) from error
        return int(row[0])

    def wait(self, timeout: float) -> frozenset[str]:
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            version = self._read()
            if version != self._version:
                self._version = version
                return frozenset({ANY_CHANGE})
            left = deadline - time.monotonic()
            if left <= 0:
                return frozenset()
            time.sleep(min(self._interval, left))

    def close(self) -> None:
        self._conn.close()


def change_listener(engine: Engine, poll_interval: float = 0.2) -> ChangeListener:
    if engine.dialect.name == "postgresql":
        return PostgresChangeListener(engine)
    return SqliteChangeListener(engine, poll_interval)
