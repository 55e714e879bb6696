"""The writer on its own: a write conflict is tried again; no database and no spool is 503."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
import sqlalchemy.exc

from desktop.domain.errors import DatabaseUnavailable
from desktop.live.metrics import Metrics
from desktop.live.sink import new_classifier, parse_body
from desktop.live.writer import Delivery, Outcome, Writer
from desktop.services.ports import Database
from desktop.store.bulk_import.batch import BatchImporter
from tests.live.hooks import count_rows, sendgrid_events


def _delivery(count: int = 5) -> Delivery:
    body = json.dumps(sendgrid_events(count)).encode()
    parsed = parse_body("sendgrid", body, "webhook/sendgrid", new_classifier())
    return Delivery("sendgrid", "sendgrid", body, parsed)


def test_a_write_conflict_is_tried_again(
    database: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = BatchImporter.write
    calls = []

    def conflicting(self: BatchImporter, uow: Any, events: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:  # as when a manual import stored the same key a moment before
            lost = sqlite3.IntegrityError("UNIQUE constraint failed: events.key")
            raise sqlalchemy.exc.IntegrityError("INSERT", {}, lost)
        return original(self, uow, events)

    monkeypatch.setattr(BatchImporter, "write", conflicting)
    writer = Writer(database.unit_of_work, None, Metrics())
    writer.start()
    try:
        delivery = _delivery()
        assert writer.deliver(delivery) is Outcome.COMMITTED
        assert delivery.written is not None and delivery.written.imported == 5
    finally:
        writer.stop()
    assert len(calls) == 2
    assert count_rows(db_url) == 5


def test_no_database_and_no_spool_is_unavailable() -> None:
    def down() -> Any:
        raise DatabaseUnavailable("The database stopped answering: connection refused")

    writer = Writer(down, None, Metrics())
    writer.start()
    try:
        assert writer.deliver(_delivery()) is Outcome.UNAVAILABLE
        assert not writer.database_up
    finally:
        writer.stop()
    assert writer.deliver(_delivery()) is Outcome.UNAVAILABLE  # after stop: nothing waits
