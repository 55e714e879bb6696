"""Imports side by side on one database: one writing transaction at a time, retried when lost.

Each import transaction starts by taking the import write lock: SQLite's own write lock
(BEGIN IMMEDIATE, so the ids read from MAX(id) and the look-ups that decide what is new stay
true until the commit), or a transaction-scoped advisory lock on PostgreSQL (ids there come
from the sequences; the lock keeps the quarantine rules' reads of one import from missing
another's uncommitted events). Readers never wait for it, and parsing goes on meanwhile.

A transaction lost to a deadlock, a serialization failure, a busy SQLite file or a key a
concurrent writer stored first is rolled back and tried again after a growing, jittered
pause; the caller replays its batches (see commit.py).
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import exc, text
from sqlalchemy.orm import Session

from desktop.domain.errors import EnvironmentFailure

IMPORT_LOCK_KEY = 0x426F756E6365  # "Bounce": the advisory lock every import transaction takes
MAX_ATTEMPTS = 12  # about a minute of waiting in all before the failure is the caller's
_RETRYABLE_STATES = frozenset(
    {
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
        "55P03",  # lock_not_available
        "23505",  # unique_violation: a concurrent writer stored the same key first
    }
)
_SQLITE_RETRYABLE = ("database is locked", "database is busy", "unique constraint failed")

T = TypeVar("T")


def take_import_lock(session: Session) -> None:
    """Start the session's transaction holding the import write lock (waits for it).

    On SQLite it must be the transaction's first statement; the import's PRAGMAs run before.
    """
    if session.get_bind().dialect.name == "sqlite":
        connection = session.connection()
        raw = connection.connection.driver_connection
        assert raw is not None
        if not raw.in_transaction:  # through SQLAlchemy, so a failure comes wrapped as usual
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})


def retryable(error: BaseException) -> bool:
    """Whether `error` lost a race with another writer (so trying again may succeed)."""
    if isinstance(error, EnvironmentFailure) and error.__cause__ is not None:
        return retryable(error.__cause__)
    original = error.orig if isinstance(error, exc.DBAPIError) else error
    state = getattr(original, "sqlstate", None)
    if state is not None:
        return state in _RETRYABLE_STATES
    if isinstance(original, sqlite3.Error):
        message = str(original).lower()
        return any(part in message for part in _SQLITE_RETRYABLE)
    return False


def refused(error: BaseException) -> bool:
    """Whether the database refused the data itself (a bad value, a broken constraint) rather
    than failing or losing a race: the same data will be refused every time."""
    if retryable(error):
        return False
    original = error.orig if isinstance(error, exc.DBAPIError) else error
    state = getattr(original, "sqlstate", None)  # PostgreSQL, wrapped or raw (COPY)
    if isinstance(state, str):
        return state[:2] in ("22", "23")  # data exception, integrity constraint violation
    return isinstance(original, sqlite3.DataError | sqlite3.IntegrityError)


def pause(attempt: int) -> None:
    """Wait before attempt `attempt` + 1: 50 ms doubling to 8 s, jittered so racers part."""
    time.sleep(min(8.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))


def retrying(action: Callable[[], T]) -> T:
    """`action()`, run again after a pause while it fails with a lost race (see `retryable`)."""
    attempt = 0
    while True:
        try:
            return action()
        except Exception as error:
            attempt += 1
            if attempt >= MAX_ATTEMPTS or not retryable(error):
                raise
            pause(attempt)
