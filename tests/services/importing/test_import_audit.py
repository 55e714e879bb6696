"""What imports and live commits leave in the audit log, on both engines: one row per import or
live commit that stored anything, and the expiry of a run-out quarantine an import replaced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from desktop.domain.model import EventType, ParsedEvent, Reason
from desktop.services.importing import import_feed
from desktop.services.importing.live import LiveImporter
from desktop.store.database import Database, open_database
from tests.services.quarantine_data import NOW, add_quarantine


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _bounce(address: str, minutes: int, key: str) -> ParsedEvent:
    return ParsedEvent(
        type=EventType.HARD_BOUNCE,
        at=NOW + timedelta(minutes=minutes),
        recipient=address,
        message_id=f"{key}@test",
        reply_code=550,
        status="5.1.1",
        reason=Reason.ADDRESS_UNKNOWN,
        source=f"t:{key}",
        key=key,
    )


def _audit(db: Database) -> list[tuple[str, str, str]]:
    with db.unit_of_work() as uow:
        return [(e.action, e.actor, e.subject) for e in uow.audit.entries()]


def test_an_import_that_replaces_a_run_out_quarantine_audits_its_expiry(db: Database) -> None:
    with db.unit_of_work() as uow:
        old = add_quarantine(uow, "jan@example.nl", NOW - timedelta(days=20))  # ran out, unrecorded
        uow.commit()
    import_feed(db, "test", ["t.log"], records=[_bounce("jan@example.nl", 0, "b1")], actor="ik")
    with db.unit_of_work() as uow:
        assert uow.quarantines.expired_at(old) == NOW - timedelta(days=13)
        (expiry,) = uow.audit.entries(action="quarantine_expired")
    assert (expiry.actor, expiry.subject) == ("system", f"quarantine {old} (jan@example.nl)")
    assert expiry.after == f"ended {(NOW - timedelta(days=13)).isoformat(timespec='seconds')}"
    assert [row[:2] for row in _audit(db)] == [("quarantine_expired", "system"), ("import", "ik")]


def test_each_live_commit_that_stores_something_is_audited_once(db: Database) -> None:
    live = LiveImporter(db.unit_of_work)
    live.commit([_bounce("jan@example.nl", 0, "l1"), _bounce("kees@example.nl", 1, "l2")],
                source="follow:/var/log/mail.log")  # fmt: skip
    live.commit([_bounce("jan@example.nl", 0, "l1")], source="follow:/var/log/mail.log")
    live.commit_groups([[_bounce("piet@example.nl", 2, "l3")]], source="sendgrid")
    with db.unit_of_work() as uow:
        rows = uow.audit.entries(action="live_import")
    assert [(r.actor, r.subject) for r in rows] == [
        ("system", "live: follow:/var/log/mail.log"),
        ("system", "live: sendgrid"),
    ]  # the second commit held only a duplicate: nothing stored, nothing audited
    assert rows[0].after == '{"duplicates": 0, "imported": 2, "quarantines": 2}'
