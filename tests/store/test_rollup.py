"""The event and message roll-ups equal a full recount after imports, demo data, releases, purge
and erasure (both engines)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.demo import generate_demo
from desktop.domain.model import EventType, ParsedEvent
from desktop.services.importing import ImportTuning, import_feed
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.services.retention import forget, purge
from desktop.store import message_rollup, rollup
from desktop.store.database import Database, open_database

DATA = Path(__file__).parents[1] / "data"
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def assert_rollup_true(db: Database) -> dict[tuple[Any, ...], int]:
    """Every roll-up table equals a recount from the events, and the message roll-up one from
    the messages; returns the full event roll-up."""
    with db.session() as session:
        for cube in rollup.CUBES:
            stored, counted = rollup.stored_counts(session, cube), rollup.recount(session, cube)
            assert stored == counted, cube.table
            assert sum(stored.values()) == sum(counted.values())
        for table in message_rollup.CUBES:
            kept = message_rollup.stored(session, table)
            assert kept == message_rollup.recount(session, table), table.table
        by_status = message_rollup.stored(session)
        messages = session.execute(text("SELECT COUNT(*) FROM messages")).scalar_one()
        assert sum(by_status.values()) == messages
        return rollup.stored_counts(session)


def bounce(address: str, minute: int, kind: EventType = EventType.HARD_BOUNCE) -> ParsedEvent:
    return ParsedEvent(
        source=f"test.log:{minute}",
        type=kind,
        recipient=address,
        at=NOW + timedelta(minutes=minute),
        key=f"t:{address}:{minute}:{kind.value}",
        message_id=f"m-{address}-{minute}",
        sender="tickets@organiser.example",
        subject="Invitation",
        account="Oranje Gala Diner",
        diagnostic="550 5.1.1 user unknown" if kind is EventType.HARD_BOUNCE else None,
    )


def test_imports_of_every_feed_keep_the_rollup_equal_to_a_recount(db: Database) -> None:
    for feed, name in (("postfix", "maillog"), ("sendgrid", "events.ndjson")):
        import_feed(db, feed, [str(DATA / feed / name)])
    counts = assert_rollup_true(db)
    assert sum(counts.values()) > 10
    # The same files again add nothing, and small batches with small commits count the same.
    import_feed(db, "postfix", [str(DATA / "postfix" / "maillog")])
    assert assert_rollup_true(db) == counts


def test_small_batches_rejections_and_quarantine_markers_are_counted(db: Database) -> None:
    records = [bounce("jan@example.nl", 0), bounce("jan@example.nl", 5, EventType.SENT)]
    records += [bounce(f"a{i}@ziggo.nl", i, EventType.DELIVERED) for i in range(30)]
    import_feed(db, "test", ["test.log"], records=records, tuning=ImportTuning(batch_size=7))
    counts = assert_rollup_true(db)
    types = {key[3] for key in counts}
    assert {"hard_bounce", "quarantined", "rejected", "delivered"} <= types
    assert sum(n for key, n in counts.items() if key[2] == "ziggo.nl") == 30


def test_demo_data_and_a_release_keep_the_rollup_true(db: Database) -> None:
    generate_demo(db, messages=800, seed=3, now=NOW)
    assert_rollup_true(db)
    import_feed(db, "test", ["test.log"], records=[bounce("piet@example.nl", 1)])
    with db.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.AUTO, "lead", NOW)
    with db.session() as session:
        released_before = sum(
            n for key, n in rollup.stored_counts(session).items() if key[3] == "released"
        )
    with db.unit_of_work() as uow:
        request_release(uow, "piet@example.nl", "anna", "", NOW + timedelta(hours=1))
        uow.commit()
    counts = assert_rollup_true(db)
    assert sum(n for key, n in counts.items() if key[3] == "released") == released_before + 1


def test_rebuild_restores_a_rollup_changed_behind_its_back(db: Database) -> None:
    generate_demo(db, messages=300, seed=5, now=NOW)
    before = assert_rollup_true(db)
    with db.session() as session:
        session.execute(text("DELETE FROM event_rollup WHERE type = 'delivered'"))
        session.execute(text("UPDATE event_rollup_accounts SET n = n + 5"))
        session.execute(text("DELETE FROM event_rollup_hourly"))
        session.execute(text("UPDATE message_rollup SET n = n + 1 WHERE status = 'delivered'"))
        session.execute(text("DELETE FROM message_rollup_accounts"))
        session.commit()
    with db.session() as session:
        assert rollup.stored_counts(session) != before
        assert message_rollup.stored(session) != message_rollup.recount(session)
        assert rollup.rebuild(session) == len(before)
        message_rollup.rebuild(session)
        session.commit()
    assert assert_rollup_true(db) == before


def test_a_message_moves_between_statuses_in_the_message_rollup(db: Database) -> None:
    # sent, then delivered by a later import: counted once, under its status now
    sent = bounce("lies@example.nl", 0, EventType.SENT)
    import_feed(db, "test", ["a.log"], records=[sent])
    delivered = replace(sent, type=EventType.DELIVERED, key="t:done")
    import_feed(db, "test", ["b.log"], records=[delivered])
    assert_rollup_true(db)
    with db.session() as session:
        statuses = {key[3]: n for key, n in message_rollup.stored(session).items()}
    assert statuses == {"delivered": 1}


def test_four_imports_at_once_keep_the_rollup_true(db_url: str) -> None:
    """Lost races are rolled back with their counts and written again: nothing twice."""
    from tests.hardening.test_concurrent_imports import _import_all_at_once

    results = _import_all_at_once(db_url)
    assert not [r for r in results if isinstance(r, BaseException)]
    database = open_database(db_url)
    try:
        counts = assert_rollup_true(database)
    finally:
        database.dispose()
    assert sum(counts.values()) > 4 * 600


def test_purge_and_forget_take_their_events_out_of_the_rollup(db: Database) -> None:
    generate_demo(db, messages=800, seed=5, now=NOW)
    import_feed(db, "test", ["test.log"], records=[bounce("piet@example.nl", 1)])
    before = sum(assert_rollup_true(db).values())
    purged = purge(db.unit_of_work, 3, "anna", now=NOW)  # the demo spans more than 3 days
    assert purged.counts.messages > 0
    after_purge = sum(assert_rollup_true(db).values())
    assert after_purge < before
    forgotten = forget(db.unit_of_work, "piet@example.nl", "anna", now=NOW)
    assert forgotten.counts.messages == 1
    assert sum(assert_rollup_true(db).values()) < after_purge
