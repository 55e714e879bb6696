"""Opening a database: engine set-up per dialect, schema checks, error translation."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.db_url import masked, parse_url
from desktop.domain.errors import DatabaseUnavailable
from desktop.domain.phrases import Phrase, Wording
from desktop.store import migrate as schema
from desktop.store.bulk_import import indexes as bulk_indexes
from desktop.store.change_feed import ChangeListener, change_listener
from desktop.store.text_search import FOLD_FUNCTION, fold
from desktop.store.uow import SqlUnitOfWork, translate_error

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; commits stay durable on close
    # Sorts too big for the cache (rebuilding the indexes after a big import) use a second
    # core: 8 indexes over 1M messages 6.5 s -> 5.1 s.
    cursor.execute("PRAGMA threads=2")
    cursor.close()
    dbapi_connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def _checks_back_on(dbapi_connection: Any, _record: Any) -> None:
    """An import turns foreign-key checks off for its transactions; no one else gets them so."""
    with contextlib.suppress(sqlite3.Error):  # a broken connection is discarded anyway
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _parse(url: str) -> URL:
    return parse_url(url)


def create_db_engine(url: str) -> Engine:
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        uri = parsed.query.get("uri") == "true" or (parsed.database or "").startswith("file:")
        if parsed.database and parsed.database != ":memory:" and not uri:
            # A `file:` URI names its file itself: its "folder" is no path to create here.
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _checks_back_on)
        return engine
    return create_engine(
        parsed,
        pool_pre_ping=True,  # a connection dropped by a server restart is replaced, not reused
        connect_args={"connect_timeout": 5, "application_name": "bouncedesk"},
    )


class Database:
    """An open database: its engine and the factory of units of work. Thread-safe."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions)

    def change_listener(self, poll_interval: float = 0.2) -> ChangeListener:
        """Other writers' changes: PostgreSQL's NOTIFY, or SQLite's data_version polled."""
        return change_listener(self.engine, poll_interval)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open `url`, creating and upgrading the schema when `migrate` is true.

    A database written by a newer Bounce Desk is always refused.
    """
    engine = create_db_engine(url)
    try:
        if migrate:
            schema.upgrade(engine)
        else:
            with engine.connect() as connection:
                schema.check_schema(connection, allow_old=False)
        if engine.dialect.name == "sqlite":
            with engine.begin() as connection:
                bulk_indexes.restore_left_behind(connection)
    except exc.OperationalError as error:
        engine.dispose()
        translated = translate_error(error)
        if not isinstance(translated, DatabaseUnavailable):
            raise translated from error
        raise DatabaseUnavailable(describe_operational_error(url, error)) from error
    except exc.SQLAlchemyError as error:
        engine.dispose()
        translated = translate_error(error)
        if translated is error:
            raise
        raise translated from error
    except Exception:
        engine.dispose()
        raise
    return Database(engine)


_CANNOT_USE = Wording(
    "Cannot use the database {url}: {detail}", "Kan de database {url} niet gebruiken: {detail}"
)


def describe_operational_error(url: str, error: exc.OperationalError) -> Phrase:
    """A one-line, actionable description of a connection failure (no traceback)."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return _CANNOT_USE(url=masked(url), detail=detail)
