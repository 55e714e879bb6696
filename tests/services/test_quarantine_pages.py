"""The quarantine list in keyset pages over every open quarantine, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.model import Reason
from desktop.domain.search import QuarantineFilter, QuarantineSort
from desktop.services.quarantine import address_history
from desktop.services.quarantine_pages import (
    count_quarantines,
    quarantine_page,
    stream_quarantines,
)
from desktop.store.database import Database, open_database
from tests.services.many_rows import OLD_ADDRESS, many_quarantines
from tests.services.quarantine_data import add_message

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OPEN = 2_500


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    many_quarantines(database, OPEN, NOW)
    yield database
    database.dispose()


def test_pages_walk_every_open_quarantine_once_newest_first(db: Database) -> None:
    seen: list[int] = []
    cursor: str | None = None
    with db.unit_of_work() as uow:
        first = quarantine_page(uow, limit=1000, now=NOW)
        assert (first.open_total, first.matching, len(first.entries)) == (OPEN, OPEN, 1000)
        assert first.header() == "2,500 open · 1,000 shown"
        while True:
            page = quarantine_page(uow, after=cursor, limit=1000, now=NOW, counts=False)
            seen += [e.quarantine.id for e in page.entries]
            cursor = page.next_cursor
            if cursor is None:
                break
    assert seen == list(range(OPEN, 0, -1))  # ids were given oldest first


def test_the_filter_runs_in_the_database_and_finds_the_oldest(db: Database) -> None:
    with db.unit_of_work() as uow:
        page = quarantine_page(uow, QuarantineFilter(search="NEEDLE_%1"), now=NOW)
        literal = quarantine_page(uow, QuarantineFilter(search="e_%"), now=NOW)
        full = quarantine_page(uow, QuarantineFilter(reason=Reason.MAILBOX_FULL), now=NOW)
    assert [e.quarantine.address for e in page.entries] == [OLD_ADDRESS]
    assert page.header() == "2,500 open · 1 match · 1 shown"
    assert [e.quarantine.address for e in literal.entries] == [OLD_ADDRESS]  # % and _ literal
    assert full.matching == OPEN // 3 and all(
        e.quarantine.reason is Reason.MAILBOX_FULL for e in full.entries
    )


@pytest.mark.parametrize("sort", list(QuarantineSort))
def test_every_order_pages_without_gaps_or_repeats(db: Database, sort: QuarantineSort) -> None:
    criteria = QuarantineFilter(sort=sort, include_ended=True)
    with db.unit_of_work() as uow:
        entries = [e.quarantine for e in stream_quarantines(uow, criteria, limit=0, now=NOW)]
        counted = count_quarantines(uow, criteria, NOW)
    assert counted == (OPEN, OPEN + 3)
    assert sorted(q.id for q in entries) == list(range(1, OPEN + 4))
    keys = {
        QuarantineSort.NEWEST: lambda q: (-q.started_at.timestamp(), -q.id),
        QuarantineSort.OLDEST: lambda q: (q.started_at.timestamp(), q.id),
        QuarantineSort.ENDS_SOONEST: lambda q: (q.ends_at.timestamp(), q.id),
        QuarantineSort.ADDRESS: lambda q: (q.address, q.id),
        QuarantineSort.REASON: lambda q: (q.reason.value, q.id),
    }
    assert entries == sorted(entries, key=keys[sort])


def test_a_stream_stops_at_its_limit_and_says_where_to_go_on(db: Database) -> None:
    with db.unit_of_work() as uow:
        head = stream_quarantines(uow, limit=1_200, now=NOW)
        first = [e.quarantine.id for e in head]
        rest = [e.quarantine.id for e in stream_quarantines(uow, after=head.next_cursor, now=NOW)]
    assert len(first) == 1_200 and head.count == 1_200 and head.next_cursor
    assert first + rest == list(range(OPEN, 0, -1))


def test_bad_cursors_and_limits_are_clear_errors(db: Database) -> None:
    with db.unit_of_work() as uow:
        cursor = quarantine_page(uow, limit=10, now=NOW).next_cursor
        with pytest.raises(ValidationError, match="belongs to the 'newest' order"):
            quarantine_page(uow, QuarantineFilter(sort=QuarantineSort.ADDRESS), after=cursor)
        with pytest.raises(ValidationError, match="not valid"):
            quarantine_page(uow, after="not-a-cursor")
        with pytest.raises(ValidationError, match="1 to 1000"):
            quarantine_page(uow, limit=5000)
        with pytest.raises(ValidationError, match="--limit"):
            stream_quarantines(uow, limit=-1)


def test_an_address_history_says_how_many_messages_beyond_those_shown(db_url: str) -> None:
    database = open_database(db_url)
    try:
        with database.unit_of_work() as uow:
            for n in range(3):
                add_message(uow, "jan@example.nl", NOW - timedelta(hours=n))
            uow.commit()
        with database.unit_of_work() as uow:
            short = address_history(uow, "jan@example.nl", NOW, limit=2)
            full = address_history(uow, "jan@example.nl", NOW)
    finally:
        database.dispose()
    assert (len(short.messages), short.message_count) == (2, 3)
    assert (len(full.messages), full.message_count) == (3, 3)
