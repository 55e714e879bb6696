"""The feed read in a child process gives the import exactly what reading in-process gives."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.domain.errors import ValidationError
from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason
from desktop.services.importing import ImportTuning, import_feed, read_feed
from desktop.services.importing.reader_process import ProcessReader, _decode, _encode
from desktop.store.database import Database, open_database
from desktop.store.tables import EventRow, MessageRow

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def stored(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with db.session() as session:
        events = session.execute(
            select(
                EventRow.type, EventRow.at, EventRow.reason, EventRow.key, EventRow.raw
            ).order_by(EventRow.key)
        ).all()
        messages = session.execute(
            select(MessageRow.message_id, MessageRow.recipient, MessageRow.status).order_by(
                MessageRow.message_id, MessageRow.recipient
            )
        ).all()
    return [tuple(row) for row in events], [tuple(row) for row in messages]


@pytest.mark.parametrize(
    ("format", "path"),
    [("postfix", DATA / "postfix" / "maillog"), ("sendgrid", DATA / "sendgrid" / "bad.ndjson")],
)
def test_the_child_reader_yields_what_the_reader_yields(format: str, path: Path) -> None:
    records, skipped = read_feed(format, [str(path)])
    expected = list(records)
    reader = ProcessReader(format, [str(path)])
    assert list(reader) == expected
    assert reader.skipped() == skipped()
    assert any(isinstance(record, BadRecord) for record in expected) == (format == "sendgrid")


def test_an_import_through_the_child_stores_the_same_rows(tmp_path: Path) -> None:
    path = str(DATA / "postfix" / "maillog")
    results = []
    for reader_process in (False, True):
        database = open_database(f"sqlite:///{tmp_path}/{reader_process}.sqlite3")
        summary = import_feed(
            database, "postfix", [path], tuning=ImportTuning(reader_process=reader_process)
        )
        results.append((summary.counts() | {"files": None}, stored(database)))
        database.dispose()
    assert results[0] == results[1]
    assert results[0][0]["imported"] > 0


def test_strict_stops_the_child_at_the_first_bad_record(db: Database) -> None:
    path = str(DATA / "sendgrid" / "bad.ndjson")
    summary = import_feed(
        db, "sendgrid", [path], strict=True, tuning=ImportTuning(reader_process=True)
    )
    assert summary.stopped_at is not None
    assert summary.bad == 1


def test_an_unknown_format_fails_before_a_child_starts(db: Database) -> None:
    with pytest.raises(ValidationError):
        import_feed(db, "no-such-format", ["x.log"], tuning=ImportTuning(reader_process=True))


def test_events_cross_the_pipe_unchanged() -> None:
    base = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    events = [
        ParsedEvent("f:1", EventType.SENT, "a@example.nl", base, "k1"),
        ParsedEvent(
            "f:2", EventType.SOFT_BOUNCE, "b@example.nl", base.replace(microsecond=7), "k2",
            message_id="m", reply_code=452, status="4.2.2", diagnostic="full",
            reason=Reason.MAILBOX_FULL, raw="line", extra={"verp_recipient": "b@example.nl"},
        ),
        ParsedEvent(
            "f:3", EventType.DELIVERED, "c@example.nl",
            base.astimezone(timezone(timedelta(hours=2))), "k3",
        ),
    ]  # fmt: skip
    # _decode sets the slots in this order, bypassing __init__.
    assert tuple(f.name for f in dataclasses.fields(ParsedEvent)) == ParsedEvent.__slots__
    for original in events:
        decoded = _decode(_encode(original, original.reason))
        assert decoded == original
        assert decoded.at.utcoffset() == original.at.utcoffset()
        with pytest.raises(dataclasses.FrozenInstanceError):
            decoded.recipient = "x@example.nl"  # type: ignore[misc]


def test_the_reason_given_to_the_pipe_replaces_the_events_own() -> None:
    event = ParsedEvent(
        "f:1", EventType.HARD_BOUNCE, "a@example.nl", datetime(2026, 11, 2, tzinfo=UTC), "k1"
    )
    assert _decode(_encode(event, Reason.ADDRESS_UNKNOWN)).reason is Reason.ADDRESS_UNKNOWN
