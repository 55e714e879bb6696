"""Skipping look-ups in an empty database changes nothing stored, and stops when others write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.domain.model import EventType, ParsedEvent, parsed_event
from desktop.domain.policy import PolicyConfig
from desktop.store.bulk_import.batch import BatchImporter
from desktop.store.bulk_import.written import WrittenByImport
from desktop.store.database import Database, open_database

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
TABLES = {
    "messages": "SELECT id, message_id, recipient, status, reason, created_at, last_event_at"
    " FROM messages ORDER BY id",
    "events": "SELECT id, message_id, type, at, reason, key FROM events ORDER BY id",
    "quarantines": "SELECT id, address, cause, reason, started_at, ends_at FROM quarantines"
    " ORDER BY id",
    "quarantine_events": "SELECT * FROM quarantine_events ORDER BY 1, 2",
    "address_states": "SELECT * FROM address_states ORDER BY address",
}


def _event(
    n: int, kind: EventType, recipient: str, message: str, diagnostic: str = ""
) -> ParsedEvent:
    return parsed_event(
        f"feed:{n}", kind, recipient, START + timedelta(minutes=n), f"test:{n}:{kind.value}",
        message_id=message, diagnostic=diagnostic or None, status="5.1.1" if diagnostic else None,
    )  # fmt: skip


def _feed() -> list[ParsedEvent]:
    """Messages whose events are batches apart, soft runs, quarantines, sends rejected after
    them, and a record repeated: what the skipped look-ups would otherwise have found."""
    events: list[ParsedEvent] = []
    for n in range(120):
        who = f"r{n % 17}@example.nl"
        if n % 5 == 0:
            events.append(_event(n, EventType.DEFERRED, who, f"m{n}", "452 4.2.2 mailbox full"))
        elif n % 3 == 0:
            events.append(_event(n, EventType.SOFT_BOUNCE, who, f"m{n}", "452 4.2.2 mailbox full"))
        elif n % 7 == 0:
            events.append(_event(n, EventType.HARD_BOUNCE, who, f"m{n - 3}", "550 5.1.1 no user"))
        else:
            events.append(_event(n, EventType.DELIVERED, who, f"m{n - 5}"))
    # Later events of earlier messages, to the same recipient: found by message id.
    events += [_event(200 + n, EventType.DELIVERED, e.recipient, e.message_id or "")
               for n, e in enumerate(events[30:120:9])]  # fmt: skip
    events.append(events[40])  # the same record again
    return events


def _import(
    database: Database, events: list[ParsedEvent], batch: int = 7, *, skip_lookups: bool = True
) -> BatchImporter:
    # A small cache: the look-ups are needed.
    importer = BatchImporter(PolicyConfig(), cache_size=4, skip_lookups=skip_lookups)
    for start in range(0, len(events), batch):
        with database.unit_of_work() as uow:
            importer.write(uow, events[start : start + batch])
            uow.commit()
    return importer


def _contents(database: Database) -> dict[str, list[Any]]:
    with database.unit_of_work() as uow:
        return {
            name: [tuple(row) for row in uow.session.execute(text(sql))]
            for name, sql in TABLES.items()
        }


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'written.sqlite3'}")
    yield database
    database.dispose()


def test_skipping_look_ups_stores_exactly_what_making_them_stores(
    tmp_path: Path, sqlite_file: Database
) -> None:
    events = _feed()
    assert _import(sqlite_file, events).shortcut.active  # the shortcut was taken
    looking = open_database(f"sqlite:///{tmp_path / 'looking.sqlite3'}")
    assert not _import(looking, events, skip_lookups=False).shortcut.active
    stored = _contents(sqlite_file)
    assert stored == _contents(looking)
    assert all(stored[name] for name in TABLES)  # every kind of look-up had something to find
    looking.dispose()


def test_another_writer_ends_the_shortcut(sqlite_file: Database) -> None:
    first = _import(sqlite_file, [_event(1, EventType.SENT, "a@example.nl", "m-a")])
    assert first.shortcut.active
    # Another import stores message m-b; the first then reads an event of m-b.
    _import(sqlite_file, [_event(2, EventType.SENT, "b@example.nl", "m-b")])
    with sqlite_file.unit_of_work() as uow:
        first.write(uow, [_event(3, EventType.HARD_BOUNCE, "b@example.nl", "m-b", "550 5.1.1")])
        uow.commit()
    assert not first.shortcut.active
    with sqlite_file.unit_of_work() as uow:
        stored = uow.session.execute(
            text("SELECT count(*), max(status) FROM messages WHERE message_id = 'm-b'")
        ).one()
    assert tuple(stored) == (1, "hard_bounce")


def test_a_database_with_anything_in_it_is_looked_up_as_always(sqlite_file: Database) -> None:
    _import(sqlite_file, [_event(1, EventType.SENT, "a@example.nl", "m-a")])
    later = _import(sqlite_file, [_event(2, EventType.SENT, "b@example.nl", "m-b")])
    assert not later.shortcut.active


def test_a_set_bit_only_means_maybe() -> None:
    written = WrittenByImport()
    added = [f"postfix:sha1:{n:040x}" for n in range(10_000)]
    written.keys.add(added)
    assert written.keys.maybe(added) == added  # never "surely not" for what was added
    others = [f"sendgrid:{n}" for n in range(10_000)]
    assert len(written.keys.maybe(others)) < 50  # and rarely "maybe" for the rest
