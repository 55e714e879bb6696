"""The demo's release requests follow the database's approval mode, on both engines.

In auto mode (one local user) no request can wait for an approver: each is applied at once,
with the rows the release service writes for a click in that mode. In approver mode they wait,
are rejected, or are approved by someone else and applied.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from desktop.demo import generate_demo
from desktop.domain.model import EventType, RequestState
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.store.database import Database
from desktop.store.tables import AuditRow, EventRow, QuarantineRow, ReleaseRequestRow

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
Shape = tuple[str, str, str | None, str | None, str | None]  # actor, action, before, after, note


def _set_mode(database: Database, mode: ApprovalMode) -> None:
    with database.unit_of_work() as uow:
        set_approval_mode(uow, mode, "lead", NOW - timedelta(days=60))


def _audit_by_subject(database: Database) -> dict[str, list[Shape]]:
    found: dict[str, list[Shape]] = defaultdict(list)
    with database.session() as s:
        for row in s.scalars(select(AuditRow).order_by(AuditRow.id)):
            if row.action.startswith("release_"):
                found[row.subject].append((row.actor, row.action, row.before, row.after, row.note))
    return found


def _subject(request: ReleaseRequestRow, address: str) -> str:
    return f"quarantine {request.quarantine_id} ({address})"


def test_auto_mode_applies_every_request_as_the_service_would(database: Database) -> None:
    _set_mode(database, ApprovalMode.AUTO)  # PostgreSQL's default is approver
    summary = generate_demo(database, messages=3000, seed=7, now=NOW)
    assert summary.requests > 0
    with database.session() as s:
        requests = s.execute(
            select(ReleaseRequestRow, QuarantineRow)
            .join(QuarantineRow, QuarantineRow.id == ReleaseRequestRow.quarantine_id)
            .order_by(ReleaseRequestRow.id)
        ).all()
        released = s.execute(
            select(EventRow.at, EventRow.diagnostic).where(
                EventRow.type == EventType.RELEASED.value
            )
        ).all()
    assert len(requests) == summary.requests
    audit = _audit_by_subject(database)
    for request, quarantine in requests:
        assert request.state == RequestState.APPLIED.value  # never pending, never rejected
        assert request.decided_by == request.requested_by  # no second person in auto mode
        assert request.decided_at == request.created_at
        assert request.decision_note == "auto-approved"
        assert quarantine.released_at == request.decided_at
        by, note = request.requested_by, request.note
        assert audit[_subject(request, quarantine.address)] == [
            (by, "release_requested", None, "pending", note),
            (by, "release_approved", "pending", "approved", "auto-approved"),
            (by, "release_applied", "quarantined", "released", None),
        ]
    # One `released` event per request, at its decision, naming who released it.
    assert sorted((at, diagnostic) for at, diagnostic in released) == sorted(
        (r.decided_at, f"released by {r.decided_by}") for r, _q in requests
    )

    # A click in the app on a quarantine the demo left running writes the same rows.
    with database.session() as s:
        running = s.scalars(
            select(QuarantineRow.address)
            .where(QuarantineRow.released_at.is_(None), QuarantineRow.ends_at > NOW)
            .order_by(QuarantineRow.id)
            .limit(1)
        ).one()
    note = "Client called: the address is in use again"
    with database.unit_of_work() as uow:
        outcome = request_release(uow, running, "Sanne (support)", note, NOW)
    assert outcome.state is RequestState.APPLIED
    with database.session() as s:
        clicked = s.get(ReleaseRequestRow, outcome.request_id)
    assert clicked is not None
    by = "Sanne (support)"
    assert (clicked.decided_by, clicked.decision_note) == (by, "auto-approved")
    assert _audit_by_subject(database)[_subject(clicked, running)] == [
        (by, "release_requested", None, "pending", note),
        (by, "release_approved", "pending", "approved", "auto-approved"),
        (by, "release_applied", "quarantined", "released", None),
    ]


def test_approver_mode_leaves_requests_waiting_and_has_others_decide(database: Database) -> None:
    _set_mode(database, ApprovalMode.APPROVER)  # SQLite's default is auto
    generate_demo(database, messages=3000, seed=7, now=NOW)
    with database.session() as s:
        requests = s.execute(
            select(ReleaseRequestRow, QuarantineRow.address).join(
                QuarantineRow, QuarantineRow.id == ReleaseRequestRow.quarantine_id
            )
        ).all()
    states = {request.state for request, _address in requests}
    assert RequestState.PENDING.value in states and RequestState.APPLIED.value in states
    audit = _audit_by_subject(database)
    for request, address in requests:
        rows = audit[_subject(request, address)]
        assert rows[0] == (request.requested_by, "release_requested", None, "pending", request.note
                           or None)  # fmt: skip
        if request.state == RequestState.PENDING.value:
            assert request.decided_by is None and len(rows) == 1
        else:
            assert request.decided_by != request.requested_by  # four eyes
            assert [row[1] for row in rows[1:]] in (
                ["release_rejected"],
                ["release_approved", "release_applied"],
            )
