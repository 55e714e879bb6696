"""The quarantine list, address history, why-quarantined and expiry on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from desktop.domain.errors import NotFound
from desktop.domain.model import EventType, QuarantineCause, Reason, RequestState
from desktop.services.quarantine import (
    QuarantineFilter,
    address_history,
    expire_due,
    list_quarantines,
    why_quarantined,
)
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.store.database import Database, open_database
from tests.services.quarantine_data import NOW, add_message, add_quarantine, audit_count, seed


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def test_the_list_shows_active_quarantines_with_the_contract_fields(db: Database) -> None:
    with db.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
    seed(db, "jan@example.nl", started_at=NOW - timedelta(hours=2))
    seed(db, "old@example.nl", started_at=NOW - timedelta(days=8))  # over by time
    with db.unit_of_work() as uow:
        request_release(uow, "jan@example.nl", "anna", "", NOW)
    with db.unit_of_work() as uow:
        entries = list_quarantines(uow, NOW)
    assert [e.quarantine.address for e in entries] == ["jan@example.nl"]
    row = entries[0].as_json()
    assert {"id", "address", "cause", "reason", "started_at", "ends_at", "released_at",
            "request_state"} <= set(row)  # fmt: skip
    assert row["request_state"] == "pending" and row["cause"] == "hard-bounce"
    assert row["reason"] == "address_unknown" and row["released_at"] is None
    assert row["risk"] == "high" and len(row["cause_event_ids"]) == 1
    assert entries[0].ends_in == timedelta(days=7) - timedelta(hours=2)
    assert entries[0].request_state is RequestState.PENDING


def test_the_list_filters_by_address_part_cause_and_reason(db: Database) -> None:
    seed(db, "jan@example.nl", "piet@example.nl", reason=Reason.MAILBOX_FULL)
    seed(db, "kees_1@other.nl", cause=QuarantineCause.SPAM, reason=Reason.SPAM_COMPLAINT)
    with db.unit_of_work() as uow:

        def addresses(criteria: QuarantineFilter) -> set[str]:
            return {e.quarantine.address for e in list_quarantines(uow, NOW, criteria)}

        assert addresses(QuarantineFilter(search="EXAMPLE")) == {
            "jan@example.nl",
            "piet@example.nl",
        }
        assert addresses(QuarantineFilter(search="s_1")) == {"kees_1@other.nl"}
        assert addresses(QuarantineFilter(search="%")) == set()  # taken literally
        assert addresses(QuarantineFilter(cause=QuarantineCause.SPAM)) == {"kees_1@other.nl"}
        assert addresses(QuarantineFilter(reason=Reason.MAILBOX_FULL)) == {
            "jan@example.nl",
            "piet@example.nl",
        }


def test_why_quarantined_names_the_rule_the_events_and_the_end(db: Database) -> None:
    start = NOW - timedelta(hours=1)
    with db.unit_of_work() as uow:
        events = [
            add_message(
                uow,
                "jan@example.nl",
                start - timedelta(hours=5 - i),
                EventType.SOFT_BOUNCE,
                Reason.MAILBOX_FULL,
            )[1]
            for i in range(5)
        ]
        uow.quarantines.add(
            "jan@example.nl",
            QuarantineCause.SOFT_BOUNCE,
            Reason.MAILBOX_FULL,
            start,
            start + timedelta(days=7),
            events,
        )
        uow.commit()
    with db.unit_of_work() as uow:
        why = why_quarantined(uow, "<Jan@Example.nl>", NOW)
    assert "5 soft bounces in a row" in why.rule
    assert [e.id for e in why.events] == events
    assert why.ends_at == start + timedelta(days=7)
    assert "ends by itself" in why.as_text()
    with db.unit_of_work() as uow, pytest.raises(NotFound):
        why_quarantined(uow, "nobody@example.nl", NOW)


def test_address_history_holds_every_account_and_every_quarantine(db: Database) -> None:
    with db.unit_of_work() as uow:
        add_message(uow, "jan@example.nl", NOW - timedelta(days=20), EventType.DELIVERED, None,
                    account="Jazz Nights")  # fmt: skip
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(days=12),
                       released_at=NOW - timedelta(days=11))  # fmt: skip
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(hours=1))
        add_message(uow, "other@example.nl", NOW)
        uow.commit()
    with db.unit_of_work() as uow:
        history = address_history(uow, "JAN@example.nl", NOW)
    assert {m.account for m in history.messages} == {"Jazz Nights", "Oranje Gala Diner"}
    assert len(history.messages) == 3
    assert len(history.quarantines) == 2
    newest, older = history.quarantines
    assert newest.risk.value == "high" and older.after_release is not None
    assert older.after_release.bounced_again


def test_re_bounce_watch_reports_the_first_outcome_after_a_release(db: Database) -> None:
    released = NOW - timedelta(days=2)
    with db.unit_of_work() as uow:
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(days=3), released_at=released)
        add_quarantine(uow, "piet@example.nl", NOW - timedelta(days=3), released_at=released)
        add_quarantine(uow, "kees@example.nl", NOW - timedelta(days=3), released_at=released)
        add_message(uow, "jan@example.nl", released + timedelta(hours=2), EventType.DELIVERED, None)
        add_message(uow, "jan@example.nl", released + timedelta(hours=5))  # later: not the first
        add_message(uow, "piet@example.nl", released + timedelta(minutes=30))
        uow.commit()
    with db.unit_of_work() as uow:
        entries = list_quarantines(uow, NOW, QuarantineFilter(include_ended=True))
    said = {e.quarantine.address: e.as_json()["after_release"] for e in entries}
    assert said == {
        "jan@example.nl": "delivered 2 h after release",
        "piet@example.nl": "bounced again 30 min after release",
        "kees@example.nl": "no outcome since the release yet",
    }


def test_expiry_ends_each_due_quarantine_once_with_one_audit_row(db: Database) -> None:
    with db.unit_of_work() as uow:
        due = add_quarantine(uow, "jan@example.nl", NOW - timedelta(days=7, seconds=1))
        exact = add_quarantine(uow, "piet@example.nl", NOW - timedelta(days=7))
        add_quarantine(uow, "kees@example.nl", NOW - timedelta(days=6, hours=23))
        earlier = add_quarantine(uow, "lena@example.nl", NOW - timedelta(days=8))
        add_quarantine(uow, "anna@example.nl", NOW - timedelta(days=9),
                       released_at=NOW - timedelta(days=8))  # fmt: skip
        # A stale soft-bounce run (before the end) is emptied; a run counted after it is kept.
        uow.quarantines.set_soft_run("jan@example.nl", [1], NOW - timedelta(days=3))
        uow.quarantines.set_soft_run("lena@example.nl", [2], NOW - timedelta(hours=1))
        uow.commit()
    with db.unit_of_work() as uow:
        ended = expire_due(uow, NOW)
    assert sorted(q.id for q in ended) == sorted([due, exact, earlier])  # ends_at itself is free
    with db.unit_of_work() as uow:
        assert expire_due(uow, NOW) == []
        assert uow.quarantines.expired_at(due) == NOW - timedelta(seconds=1)
        assert uow.quarantines.soft_run("jan@example.nl") == []
        assert uow.quarantines.soft_run("lena@example.nl") == [2]
        entries = uow.audit.entries(action="quarantine_expired")
    assert audit_count(db, "quarantine_expired") == 3
    assert {e.actor for e in entries} == {"system"}  # the rules did it, not the caller
    assert {e.subject for e in entries} == {
        f"quarantine {due} (jan@example.nl)",
        f"quarantine {exact} (piet@example.nl)",
        f"quarantine {earlier} (lena@example.nl)",
    }


def test_two_agents_expiring_at_once_record_each_expiry_once(db: Database) -> None:
    with db.unit_of_work() as uow:
        ids = {
            add_quarantine(uow, f"agent{n}@example.nl", NOW - timedelta(days=8)) for n in range(7)
        }
        uow.commit()
    with db.unit_of_work() as first, db.unit_of_work() as second:
        seen_first = [q.id for q in first.quarantines.due_for_expiry(NOW)]
        seen_second = [q.id for q in second.quarantines.due_for_expiry(NOW)]
        assert set(seen_first) == set(seen_second) == ids  # both saw every one due
        recorded_first = first.quarantines.mark_expired_many(seen_first)
        first.commit()
        recorded_second = second.quarantines.mark_expired_many(seen_second)
        second.commit()
    assert recorded_first == ids and recorded_second == set()
