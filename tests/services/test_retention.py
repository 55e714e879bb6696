"""Purge and forget on both engines: what goes, what the quarantine rules keep, what is audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from desktop.domain.errors import ValidationError
from desktop.domain.model import EventType, Reason
from desktop.domain.records import NewEvent
from desktop.domain.search import SearchCriteria, parse_query
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.services.retention import forget, purge, retention_days, set_retention
from desktop.services.search import count_messages, search_messages
from desktop.store.database import Database
from desktop.store.tables import AuditRow, EventRow, MessageRow
from tests.services.quarantine_data import NOW, add_message, add_quarantine, audit_count

OLD = NOW - timedelta(days=100)
RECENT = NOW - timedelta(days=2)


def _found(database: Database, criteria: SearchCriteria) -> int:
    with database.unit_of_work() as uow:
        return len(search_messages(uow, criteria, limit=100).messages) + count_messages(
            uow, criteria
        )


def _messages_to(database: Database, address: str) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(MessageRow).where(MessageRow.recipient == address)
        return int(session.scalar(query) or 0)


def _world(database: Database) -> None:
    """Old and recent mail; an old cause of a still-open quarantine; an ended old quarantine;
    a soft-bounce run still counting and one long stale."""
    with database.unit_of_work() as uow:
        message, _ = add_message(uow, "old@example.nl", OLD, EventType.DELIVERED, None)
        uow.messages.add_event(NewEvent(message, EventType.SENT, OLD, raw="raw smtp record"))
        add_message(uow, "recent@example.nl", RECENT, EventType.DELIVERED, None)
        # Started 40 days ago for 60 days: still open, so its old cause stays.
        add_quarantine(uow, "open@example.nl", NOW - timedelta(days=40), length=timedelta(days=60))
        add_quarantine(uow, "ended@example.nl", OLD)  # ran out 93 days ago
        _, counting = add_message(uow, "soft@example.nl", OLD, EventType.SOFT_BOUNCE,
                                  Reason.MAILBOX_FULL)  # fmt: skip
        uow.quarantines.set_soft_run("soft@example.nl", [counting], RECENT)
        _, stale = add_message(uow, "stale@example.nl", OLD, EventType.SOFT_BOUNCE,
                               Reason.MAILBOX_FULL)  # fmt: skip
        uow.quarantines.set_soft_run("stale@example.nl", [stale], OLD)
        uow.commit()


def test_purge_removes_what_is_older_and_keeps_what_the_rules_need(database: Database) -> None:
    _world(database)
    dry = purge(database.unit_of_work, 30, "anna", dry_run=True, now=NOW)
    assert _messages_to(database, "old@example.nl") == 1  # a dry run removes nothing
    done = purge(database.unit_of_work, 30, "anna", now=NOW, batch=2)
    assert dry.counts == done.counts
    counts = done.counts
    # old, the ended quarantine's cause, the stale run's bounce; kept: open's cause and soft's.
    assert (counts.messages, counts.kept_messages) == (3, 2)
    assert (counts.events, counts.raw_records) == (4, 1)
    assert (counts.quarantines, counts.address_states) == (1, 1)
    for gone in ("old@example.nl", "ended@example.nl", "stale@example.nl"):
        assert _messages_to(database, gone) == 0
        assert _found(database, SearchCriteria(recipient=gone)) == 0
    for kept in ("recent@example.nl", "open@example.nl", "soft@example.nl"):
        assert _messages_to(database, kept) == 1
    with database.unit_of_work() as uow:
        assert uow.quarantines.active_for("open@example.nl", NOW) is not None
        assert uow.quarantines.cause_events(uow.quarantines.history("open@example.nl")[0].id)
        assert uow.quarantines.soft_run("soft@example.nl") != []
        assert uow.quarantines.soft_run("stale@example.nl") == []
        rows = uow.audit.entries(action="purge")
    assert len(rows) == 1 and rows[0].actor == "anna"
    assert json.loads(rows[0].after or "{}") == counts.as_dict()
    # Nothing older is left to remove.
    assert purge(database.unit_of_work, 30, "anna", now=NOW).counts.messages == 0


def test_purge_uses_the_stored_period_and_refuses_without_one(database: Database) -> None:
    _world(database)
    with pytest.raises(ValidationError, match="No retention period"):
        purge(database.unit_of_work, None, "anna", now=NOW)
    with database.unit_of_work() as uow:
        set_retention(uow, 120, "lead", NOW)
    with database.unit_of_work() as uow:
        assert retention_days(uow) == 120
    assert purge(database.unit_of_work, None, "anna", now=NOW).counts.messages == 0
    with database.unit_of_work() as uow:
        set_retention(uow, 30, "lead", NOW)
    assert purge(database.unit_of_work, None, "anna", now=NOW).days == 30
    assert _messages_to(database, "old@example.nl") == 0
    assert audit_count(database, "setting_changed") == 2
    with database.unit_of_work() as uow, pytest.raises(ValidationError):
        set_retention(uow, 0, "lead", NOW)


def test_forget_removes_everything_of_the_address_and_hashes_it_in_the_audit(
    database: Database,
) -> None:
    address = "Jan@Example.nl"
    with database.unit_of_work() as uow:
        for days in (1, 20, 200):
            message, _ = add_message(uow, "jan@example.nl", NOW - timedelta(days=days))
            uow.messages.add_event(
                NewEvent(message, EventType.SENT, NOW - timedelta(days=days), raw=f"to={address}")
            )
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(hours=2))
        add_message(uow, "an@example.nl", RECENT)  # inside jan's address: must stay
        add_message(uow, "piet@example.nl", RECENT)
        uow.quarantines.set_soft_run("jan@example.nl", [], NOW)
        uow.commit()
    with database.unit_of_work() as uow:  # waits for an approver: the quarantine stays open
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
    with database.unit_of_work() as uow:
        request_release(uow, "jan@example.nl", "bob", note="client jan@example.nl called", now=NOW)
    summary = forget(
        database.unit_of_work, address, "lead", note="asked by jan@example.nl", now=NOW
    )
    counts = summary.counts
    assert (counts.messages, counts.events, counts.raw_records) == (4, 7, 3)
    assert (counts.quarantines, counts.release_requests, counts.address_states) == (1, 1, 1)
    assert counts.audit_rows_redacted >= 1
    for criteria in (
        SearchCriteria(recipient="jan@example.nl"),
        SearchCriteria(contains="jan@exam"),
        parse_query("jan@example.nl"),
        parse_query("jan"),
    ):
        assert _found(database, criteria) == 0
    assert _messages_to(database, "an@example.nl") == 1
    assert _messages_to(database, "piet@example.nl") == 1
    with database.session() as session:
        texts = session.execute(select(AuditRow.subject, AuditRow.before, AuditRow.after)).all()
        assert session.scalar(select(func.count()).select_from(EventRow)) == 2
    joined = " ".join(str(part) for row in texts for part in row).lower()
    assert "jan@example.nl" not in joined
    assert summary.token in joined and "an@example.nl" not in joined.replace("jan@", "")
    with database.unit_of_work() as uow:
        (row,) = uow.audit.entries(action="address_forgotten")
        assert uow.quarantines.history("jan@example.nl") == []
    assert row.subject == summary.token and row.actor == "lead"
    recorded = json.loads(row.after or "{}")
    assert recorded["messages"] == 4 and recorded["note"] == f"asked by {summary.token}"
    # The same address gives the same token; the audit log stays append-only otherwise.
    assert forget(database.unit_of_work, "jan@example.nl", "lead", now=NOW).token == summary.token
    with database.engine.connect() as connection, pytest.raises(Exception, match="append-only"):
        connection.execute(text("UPDATE audit_log SET subject = 'x'"))


def test_forget_refuses_what_is_not_an_address(database: Database) -> None:
    with pytest.raises(ValidationError, match="Not an email address"):
        forget(database.unit_of_work, "  ", "lead", now=NOW)


def test_purge_keeps_a_hard_bounce_cause_of_an_open_quarantine_whatever_the_period(
    database: Database,
) -> None:
    with database.unit_of_work() as uow:
        add_quarantine(uow, "x@example.nl", NOW - timedelta(days=3))
        uow.commit()
    counts = purge(database.unit_of_work, 1, "anna", now=NOW).counts
    assert (counts.messages, counts.kept_messages) == (0, 1)
    assert _messages_to(database, "x@example.nl") == 1
