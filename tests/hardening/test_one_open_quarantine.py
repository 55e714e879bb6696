"""One open quarantine per address: out-of-order imports, the unique index, and its migration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import exc, text

from desktop.domain.model import EventType, ParsedEvent
from desktop.services import release
from desktop.services.importing import import_feed
from desktop.store import migrate
from desktop.store.database import Database, open_database

ADDRESS = "piet@example.nl"
NOW = datetime.now(UTC).replace(microsecond=0)


def _bounce(key: str, at: datetime, kind: EventType = EventType.HARD_BOUNCE) -> ParsedEvent:
    return ParsedEvent(
        source=f"{key}:1",
        type=kind,
        recipient=ADDRESS,
        at=at,
        key=key,
        message_id=f"{key}@platform.example",
        status="5.1.1" if kind is EventType.HARD_BOUNCE else None,
        reply_code=550 if kind is EventType.HARD_BOUNCE else None,
        diagnostic="550 5.1.1 user unknown" if kind is EventType.HARD_BOUNCE else None,
    )


def _open_rows(database: Database) -> list[tuple[int, datetime, datetime]]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, started_at, ends_at FROM quarantines WHERE address = :a"
                " AND released_at IS NULL AND expired_at IS NULL"
            ),
            {"a": ADDRESS},
        ).all()
    return [(int(r[0]), r[1], r[2]) for r in rows]


def _import(database: Database, *events: ParsedEvent) -> None:
    import_feed(database, "test", ["x"], records=list(events), actor="test")


@pytest.mark.parametrize(
    ("first", "second", "ends"),
    [
        # a later Postfix bounce, then an older DSN: the open one is kept (and starts earlier)
        (timedelta(hours=-2), timedelta(hours=-30), timedelta(hours=-2)),
        # in order: the second falls inside the quarantine and changes nothing
        (timedelta(hours=-30), timedelta(hours=-2), timedelta(hours=-30)),
        # the first ran out: the second starts the open one
        (timedelta(days=-20), timedelta(hours=-1), timedelta(hours=-1)),
        # the second is history, stored closed
        (timedelta(hours=-1), timedelta(days=-20), timedelta(hours=-1)),
    ],
    ids=["older-after", "in-order", "after-expiry", "late-history"],
)
def test_two_imports_leave_one_open_quarantine_and_release_frees_the_address(
    database: Database, first: timedelta, second: timedelta, ends: timedelta
) -> None:
    _import(database, _bounce("postfix-1", NOW + first))
    _import(database, _bounce("dsn-1", NOW + second))
    (open_one,) = _open_rows(database)
    with database.unit_of_work() as uow:
        active = uow.quarantines.active_for(ADDRESS, NOW)
        assert active is not None and active.id == open_one[0]
        assert active.ends_at == NOW + ends + timedelta(days=7)
    with database.unit_of_work() as uow:
        outcome = release.request_release(uow, ADDRESS, by="anna", now=NOW)
    if outcome.state.value == "pending":
        with database.unit_of_work() as uow:
            release.approve(uow, outcome.request_id, by="boss", now=NOW)
    with database.unit_of_work() as uow:
        assert uow.quarantines.active_for(ADDRESS, NOW) is None


def test_the_database_refuses_a_second_open_quarantine(database: Database) -> None:
    _import(database, _bounce("postfix-1", NOW - timedelta(hours=1)))
    with pytest.raises(exc.IntegrityError), database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO quarantines (address, cause, reason, started_at, ends_at)"
                " SELECT address, cause, reason, started_at, ends_at FROM quarantines"
            )
        )


def test_migration_0003_merges_existing_duplicates(db_url: str) -> None:
    database = open_database(db_url)
    try:
        _import(database, _bounce("a", NOW - timedelta(hours=2)))
        migrate.downgrade(database.engine, "0002")
        with database.engine.begin() as connection:
            # What imports left before: a second open quarantine for the same address.
            connection.execute(
                text(
                    "INSERT INTO quarantines (address, cause, reason, started_at, ends_at)"
                    " SELECT address, cause, reason, started_at - :back, ends_at - :back"
                    " FROM quarantines"
                ),
                {"back": timedelta(hours=20)} if database.dialect == "postgresql" else {"back": 0},
            )
        migrate.upgrade(database.engine)
        rows = _open_rows(database)
        assert len(rows) == 1
        with database.engine.connect() as connection:
            total = connection.execute(text("SELECT COUNT(*) FROM quarantines")).scalar()
            closed = connection.execute(
                text("SELECT COUNT(*) FROM quarantines WHERE expired_at IS NOT NULL")
            ).scalar()
        assert (total, closed) == (2, 1)
    finally:
        database.dispose()
