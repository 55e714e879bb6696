"""The writer on its own: a write conflict is tried again; no database and no spool is 503."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc

from desktop.domain.errors import DatabaseUnavailable
from desktop.live.metrics import Metrics
from desktop.live.sink import new_classifier, parse_body
from desktop.live.spool import Spool
from desktop.live.writer import DEAD_LETTER_ATTEMPTS, Delivery, Outcome, Writer
from desktop.services.ports import Database
from desktop.store.bulk_import.batch import BatchImporter
from tests.live.helpers import wait_until
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


def test_a_spooled_body_that_keeps_failing_is_set_aside_after_its_attempts(
    database: Database, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a refusal of its data (a fault that may pass): tried DEAD_LETTER_ATTEMPTS times,
    then moved to the dead-letter folder, and the bodies behind it are stored."""
    original = BatchImporter.write
    tries: list[int] = []

    def failing(self: BatchImporter, uow: Any, events: Any) -> Any:
        if any("stuck" in (event.key or "") for event in events):
            tries.append(len(events))
            raise RuntimeError("a fault that does not pass")
        return original(self, uow, events)

    monkeypatch.setattr(BatchImporter, "write", failing)
    spool = Spool(str(tmp_path / "spool"), 10_000_000)
    for tag in ("ok1", "stuck", "ok2"):
        body = json.dumps(sendgrid_events(4, tag=tag)).encode()
        spool.append("sendgrid", "sendgrid", 1_796_000_000.0, body)
    metrics = Metrics()
    writer = Writer(database.unit_of_work, spool, metrics, retry_seconds=0.01)
    writer.start()
    try:
        wait_until(lambda: len(spool) == 0, "the spool to drain")
    finally:
        writer.stop()
    assert count_rows(db_url) == 8
    # Once in the group of three, then DEAD_LETTER_ATTEMPTS times on its own.
    assert tries == [12] + [4] * DEAD_LETTER_ATTEMPTS
    dead = tmp_path / "spool.dead-letter"
    assert sorted(path.name for path in dead.iterdir()) == [
        "0000000000000002.body",
        "0000000000000002.reason",
    ]
    reason = json.loads((dead / "0000000000000002.reason").read_text())
    assert (reason["attempts"], reason["error"]) == (DEAD_LETTER_ATTEMPTS, "RuntimeError")
    assert spool.dead_letters() == 1
    assert 'bouncedesk_ingest_dead_letters_total{source="sendgrid"} 1.0' in metrics.text().decode()
    with database.unit_of_work() as uow:
        (state,) = uow.sources.all("2026-12-05")
    assert state.dead_letters == 1 and "dead letter 0000000000000002.body" in (
        state.last_error or ""
    )
