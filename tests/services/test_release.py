"""Release requests on SQLite and PostgreSQL: filing, approval modes, decisions, the risk."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest

from desktop.domain.errors import Conflict, NotFound, ValidationError
from desktop.domain.model import EventType, QuarantineCause, Reason, RequestState, RiskLevel
from desktop.services.release import (
    ApprovalMode,
    approval_mode,
    approve,
    reject,
    release_preview,
    request_release,
    set_approval_mode,
)
from desktop.store.database import Database, open_database
from tests.services.quarantine_data import (
    NOW,
    add_message,
    add_quarantine,
    audit_actions,
    audit_count,
    seed,
)

ADDRESS = "jan@example.nl"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def use_mode(db: Database, mode: ApprovalMode) -> None:
    with db.unit_of_work() as uow:
        set_approval_mode(uow, mode, "lead", NOW)


def test_default_mode_is_auto_locally_and_approver_when_shared(db: Database) -> None:
    with db.unit_of_work() as uow:
        expected = ApprovalMode.AUTO if db.dialect == "sqlite" else ApprovalMode.APPROVER
        assert approval_mode(uow) is expected


def test_changing_the_mode_is_audited_with_before_and_after(db: Database) -> None:
    use_mode(db, ApprovalMode.APPROVER)
    use_mode(db, ApprovalMode.AUTO)
    with db.unit_of_work() as uow:
        assert approval_mode(uow) is ApprovalMode.AUTO
        changes = uow.audit.entries(action="setting_changed")
    assert [(e.before, e.after) for e in changes][-1] == ("approver", "auto")
    assert all(e.subject == "approval_mode" and e.actor == "lead" for e in changes)


def test_request_waits_for_an_approver_and_a_second_click_is_told_already_requested(
    db: Database,
) -> None:
    use_mode(db, ApprovalMode.APPROVER)
    (qid,) = seed(db, ADDRESS)
    with db.unit_of_work() as uow:
        first = request_release(uow, " Jan@Example.nl ", "anna", "client called", NOW)
    with db.unit_of_work() as uow:
        second = request_release(uow, ADDRESS, "bob", "", NOW)
        pending = uow.requests.pending_for(qid)
    assert (first.state, first.created) == (RequestState.PENDING, True)
    assert (second.request_id, second.state, second.created) == (
        first.request_id,
        RequestState.PENDING,
        False,
    )
    assert pending is not None and pending.requested_by == "anna"
    assert pending.note == "client called"
    assert audit_count(db, "release_requested") == 1


def test_auto_mode_applies_at_once_and_frees_the_address(db: Database) -> None:
    use_mode(db, ApprovalMode.AUTO)
    with db.unit_of_work() as uow:
        qid = add_quarantine(uow, ADDRESS)
        uow.quarantines.set_soft_run(ADDRESS, [1, 2], NOW - timedelta(hours=2))
        uow.commit()
    with db.unit_of_work() as uow:
        outcome = request_release(uow, ADDRESS, "anna", "", NOW)
    assert (outcome.state, outcome.created) == (RequestState.APPLIED, True)
    with db.unit_of_work() as uow:
        quarantine = uow.quarantines.get(qid)
        assert quarantine is not None and quarantine.released_at == NOW
        assert uow.quarantines.active_for(ADDRESS, NOW) is None
        assert uow.quarantines.soft_run(ADDRESS) == []
        message = uow.quarantines.cause_message(qid)
        assert message is not None
        timeline = uow.messages.timeline(message)
        request = uow.requests.get(outcome.request_id)
    assert timeline[-1].type is EventType.RELEASED and timeline[-1].at == NOW
    assert request is not None and request.state is RequestState.APPLIED
    assert audit_actions(db)[-3:] == ["release_requested", "release_approved", "release_applied"]
    with (
        db.unit_of_work() as uow,
        pytest.raises(NotFound, match=re.escape(f"no active quarantine for {ADDRESS}")),
    ):
        request_release(uow, ADDRESS, "anna", "", NOW)


def test_approving_twice_applies_once_with_one_audit_row(db: Database) -> None:
    use_mode(db, ApprovalMode.APPROVER)
    seed(db, ADDRESS)
    with db.unit_of_work() as uow:
        rid = request_release(uow, ADDRESS, "anna", "", NOW).request_id
    with db.unit_of_work() as uow:
        first = approve(uow, rid, "carla", "ok", NOW)
    with db.unit_of_work() as uow:
        again = approve(uow, rid, "dirk", "", NOW + timedelta(minutes=1))
        request = uow.requests.get(rid)
    assert (first.state, first.changed) == (RequestState.APPLIED, True)
    assert (again.state, again.changed) == (RequestState.APPLIED, False)
    assert "already applied by carla" in again.message
    assert request is not None and request.decided_by == "carla"
    assert request.decision_note == "ok"
    assert audit_count(db, "release_approved") == 1
    assert audit_count(db, "release_applied") == 1


def test_reject_then_approve_is_a_conflict_and_rejecting_again_is_harmless(db: Database) -> None:
    use_mode(db, ApprovalMode.APPROVER)
    seed(db, ADDRESS)
    with db.unit_of_work() as uow:
        rid = request_release(uow, ADDRESS, "anna", "", NOW).request_id
    with db.unit_of_work() as uow:
        assert reject(uow, rid, "carla", "does not exist", NOW).changed
    with db.unit_of_work() as uow:
        assert not reject(uow, rid, "dirk", "", NOW).changed
    with db.unit_of_work() as uow, pytest.raises(Conflict, match="already rejected by carla"):
        approve(uow, rid, "dirk", "", NOW)
    with db.unit_of_work() as uow:
        assert uow.quarantines.active_for(ADDRESS, NOW) is not None
        # A rejected request does not block a new one.
        again = request_release(uow, ADDRESS, "anna", "client insists", NOW)
    assert again.created and again.request_id != rid
    assert audit_count(db, "release_rejected") == 1


def test_unknown_request_and_unquarantined_address_are_not_found(db: Database) -> None:
    with db.unit_of_work() as uow, pytest.raises(NotFound, match="no release request 404"):
        approve(uow, 404, "carla")
    with (
        db.unit_of_work() as uow,
        pytest.raises(NotFound, match=r"no active quarantine for x@y\.nl"),
    ):
        request_release(uow, "x@y.nl", "anna")


@pytest.mark.parametrize(
    ("reason", "age", "risk"),
    [
        (Reason.ADDRESS_UNKNOWN, timedelta(hours=1), RiskLevel.HIGH),
        (Reason.MAILBOX_FULL, timedelta(days=6), RiskLevel.LOW),
        (Reason.MAILBOX_FULL, timedelta(hours=3), RiskLevel.MEDIUM),
    ],
)
def test_risk_is_shown_before_the_click_and_stored_with_the_request(
    db: Database, reason: Reason, age: timedelta, risk: RiskLevel
) -> None:
    use_mode(db, ApprovalMode.APPROVER)
    seed(db, ADDRESS, started_at=NOW - age, reason=reason)
    with db.unit_of_work() as uow:
        preview = release_preview(uow, ADDRESS, NOW)
    assert preview.risk is risk and preview.pending is None
    assert preview.mode is ApprovalMode.APPROVER
    with db.unit_of_work() as uow:
        outcome = request_release(uow, ADDRESS, "anna", "", NOW)
    with db.unit_of_work() as uow:
        stored = uow.requests.get(outcome.request_id)
        why = uow.requests.risk_why(outcome.request_id)
        preview = release_preview(uow, ADDRESS, NOW)
    assert stored is not None and stored.risk is risk and why == preview.risk_why
    assert preview.pending is not None and preview.pending.id == outcome.request_id


def test_released_before_and_bounced_again_is_high_risk(db: Database) -> None:
    with db.unit_of_work() as uow:
        add_quarantine(
            uow,
            ADDRESS,
            started_at=NOW - timedelta(days=10),
            reason=Reason.MAILBOX_FULL,
            released_at=NOW - timedelta(days=9),
        )
        add_quarantine(
            uow,
            ADDRESS,
            started_at=NOW - timedelta(days=6),
            reason=Reason.MAILBOX_FULL,
            cause=QuarantineCause.SOFT_BOUNCE,
        )
        uow.commit()
    with db.unit_of_work() as uow:
        preview = release_preview(uow, ADDRESS, NOW)
    assert preview.risk is RiskLevel.HIGH
    assert "released before" in preview.risk_why


def test_a_bounce_after_the_release_starts_a_new_quarantine(db: Database) -> None:
    from desktop.domain.model import ParsedEvent
    from desktop.services.importing import import_feed

    use_mode(db, ApprovalMode.AUTO)
    seed(db, ADDRESS)
    with db.unit_of_work() as uow:
        request_release(uow, ADDRESS, "anna", "", NOW)
    bounce = ParsedEvent(
        source="test.log:1",
        type=EventType.HARD_BOUNCE,
        recipient=ADDRESS,
        at=NOW + timedelta(hours=2),
        key="later-bounce",
        message_id="later@test",
        sender="tickets@organiser.example",
        subject="Reminder",
        account="Oranje Gala Diner",
        diagnostic="550 5.1.1 user unknown",
    )
    import_feed(db, "test", ["test.log"], records=[bounce], actor="test")
    with db.unit_of_work() as uow:
        history = uow.quarantines.history(ADDRESS)
        assert uow.quarantines.active_for(ADDRESS, NOW + timedelta(hours=3)) is not None
    assert len(history) == 2 and history[0].started_at == NOW + timedelta(hours=2)


def test_a_request_for_an_address_without_messages_still_applies(db: Database) -> None:
    use_mode(db, ApprovalMode.AUTO)
    with db.unit_of_work() as uow:
        qid = uow.quarantines.add(
            ADDRESS, QuarantineCause.SPAM, Reason.SPAM_COMPLAINT, NOW, NOW + timedelta(days=7)
        )
        add_message(uow, "other@example.nl", NOW)
        uow.commit()
    with db.unit_of_work() as uow:
        outcome = request_release(uow, ADDRESS, "anna", "", NOW + timedelta(minutes=5))
        quarantine = uow.quarantines.get(qid)
    assert outcome.state is RequestState.APPLIED and outcome.risk is RiskLevel.HIGH
    assert quarantine is not None and quarantine.released_at is not None


def test_four_eyes_the_requester_cannot_approve_their_own_request(db: Database) -> None:
    use_mode(db, ApprovalMode.APPROVER)
    seed(db, ADDRESS)
    with db.unit_of_work() as uow:
        rid = request_release(uow, ADDRESS, "Anna", "phoned", NOW).request_id
    with db.unit_of_work() as uow, pytest.raises(ValidationError, match="another approver"):
        approve(uow, rid, " anna ", "", NOW)
    with db.unit_of_work() as uow:
        assert (request := uow.requests.get(rid)) is not None
        assert request.state is RequestState.PENDING  # nothing moved, nothing audited
    assert audit_count(db, "release_approved") == 0
    with db.unit_of_work() as uow:  # withdrawing one's own request stays possible
        assert reject(uow, rid, "anna", "not needed", NOW).changed
