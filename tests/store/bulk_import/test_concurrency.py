"""Lost races: which failures are tried again, and a transaction tried again stores it all once."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import exc, func, select

from desktop.domain.errors import DatabaseUnavailable
from desktop.domain.model import ParsedEvent
from desktop.services.importing import ImportTuning, import_feed
from desktop.store.bulk_import import commit, concurrency
from desktop.store.bulk_import.batch import BatchCounts, BatchImporter
from desktop.store.database import open_database
from desktop.store.tables import EventRow, MessageRow
from desktop.store.uow import SqlUnitOfWork
from tests.hardening.overlapping_feeds import own_events


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _wrapped(original: Exception) -> exc.DBAPIError:
    return exc.OperationalError("INSERT ...", {}, original)


@pytest.mark.parametrize(
    ("error", "again"),
    [
        (_wrapped(sqlite3.OperationalError("database is locked")), True),
        (
            exc.IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: x")),
            True,
        ),
        (_wrapped(_PgError("40P01")), True),  # deadlock
        (_wrapped(_PgError("40001")), True),  # serialization failure
        (_wrapped(_PgError("23505")), True),  # a key another writer stored first
        (_wrapped(_PgError("57P01")), False),  # the server shut down: not a race
        (_wrapped(sqlite3.OperationalError("disk I/O error")), False),
        (ValueError("a bug"), False),
    ],
)
def test_only_lost_races_are_tried_again(error: Exception, again: bool) -> None:
    assert concurrency.retryable(error) is again
    translated = DatabaseUnavailable("The database stopped answering")
    translated.__cause__ = error
    assert concurrency.retryable(translated) is again


def test_a_transaction_lost_midway_is_written_again_whole(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = own_events(0, 200)  # 400 events
    write = BatchImporter.write
    calls = {"n": 0}

    def loses_the_third_batch(
        self: BatchImporter, uow: SqlUnitOfWork, batch: Sequence[ParsedEvent]
    ) -> BatchCounts:
        calls["n"] += 1
        if calls["n"] == 3:  # the second batch of the first transaction is already written
            raise _wrapped(sqlite3.OperationalError("database is locked"))
        return write(self, uow, batch)

    waited: list[int] = []
    monkeypatch.setattr(BatchImporter, "write", loses_the_third_batch)
    monkeypatch.setattr(commit, "pause", waited.append)
    database = open_database(db_url)
    try:
        summary = import_feed(
            database, "test", ["t.log"], records=events, actor="t",
            tuning=ImportTuning(batch_size=50, commit_every=150),
        )  # fmt: skip
        with database.session() as session:
            stored: Any = session.scalar(select(func.count()).select_from(EventRow))
            keys = session.scalar(select(func.count(func.distinct(EventRow.key))))
            messages = session.scalar(select(func.count()).select_from(MessageRow))
    finally:
        database.dispose()
    assert waited == [1]  # tried again once, after a pause
    assert summary.imported == 400 and summary.duplicates == 0 and summary.messages == 200
    assert stored == keys and stored >= 400  # quarantine markers come on top
    assert messages == 200
