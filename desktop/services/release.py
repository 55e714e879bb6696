"""Release requests: preview the risk, file a request, approve or reject it, apply the release.

Every function takes a unit of work, commits what it did, and is safe when several agents act
on the same quarantine at once: the database's unique index allows one pending request per
quarantine, and decisions are compare-and-set, so only one caller moves a request and writes
its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from desktop.domain.errors import Conflict, NotFound, ValidationError
from desktop.domain.model import (
    EventType,
    Quarantine,
    ReleaseRequest,
    RequestState,
    RiskLevel,
    normalise_address,
)
from desktop.domain.phrases import Wording
from desktop.domain.records import NewEvent
from desktop.domain.risk import release_risk
from desktop.services.ports import UnitOfWork
from desktop.services.release_targets import enqueue_release

APPROVAL_MODE_KEY = "approval_mode"

# What a refused release says, in both languages (the GUI shows the UI's, the CLI English).
GIVE_ADDRESS = Wording("Give an email address.", "Geef een e-mailadres op.")
NO_QUARANTINE = Wording(
    "no active quarantine for {address}", "{address} staat nu niet in quarantaine"
)
NO_REQUEST = Wording("no release request {request}", "er is geen vrijgaveverzoek {request}")
_NOT_FILED = Wording(
    "the request for {address} could not be filed; retry",
    "het verzoek voor {address} kon niet worden ingediend; probeer het opnieuw",
)
_FOUR_EYES = Wording(
    "{by} asked for this release; another approver must approve request {request}",
    "{by} vroeg deze vrijgave aan; een andere goedkeurder moet verzoek {request} goedkeuren",
)
_DECIDED = Wording(
    "request {request} was already {state}{who}", "verzoek {request} is al {state}{who}"
)
_BY = Wording(" by {name}", " door {name}")
_STATES = {
    RequestState.PENDING: Wording("pending", "open"),
    RequestState.APPROVED: Wording("approved", "goedgekeurd"),
    RequestState.APPLIED: Wording("applied", "uitgevoerd"),
    RequestState.REJECTED: Wording("rejected", "afgewezen"),
}


class ApprovalMode(StrEnum):
    """Whether a request is applied at once (one local user) or waits for an approver."""

    AUTO = "auto"
    APPROVER = "approver"


@dataclass(frozen=True, slots=True)
class ReleasePreview:
    """What the agent sees before the click: the quarantine, the risk, and any pending request."""

    address: str
    quarantine: Quarantine
    risk: RiskLevel
    risk_why: str
    pending: ReleaseRequest | None
    mode: ApprovalMode


@dataclass(frozen=True, slots=True)
class RequestOutcome:
    """The answer to a release request: `created` is false when one was already pending."""

    request_id: int
    state: RequestState
    created: bool
    address: str
    risk: RiskLevel | None


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer to approve/reject: `changed` is false when someone had already decided."""

    request_id: int
    state: RequestState
    changed: bool
    message: str


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _subject(quarantine_id: int, address: str) -> str:
    # The same wording as the demo data, so the audit log reads alike whoever wrote it.
    return f"quarantine {quarantine_id} ({address})"


# --- approval mode ------------------------------------------------------------------------


def approval_mode(uow: UnitOfWork) -> ApprovalMode:
    """The database's mode; by default auto on a local SQLite file, approver when shared."""
    stored = uow.settings.get(APPROVAL_MODE_KEY)
    if stored in (ApprovalMode.AUTO.value, ApprovalMode.APPROVER.value):
        return ApprovalMode(stored)
    return ApprovalMode.AUTO if uow.dialect == "sqlite" else ApprovalMode.APPROVER


def set_approval_mode(
    uow: UnitOfWork, mode: ApprovalMode, by: str, now: datetime | None = None
) -> None:
    """Change the mode for everyone using this database (audited as a settings change)."""
    before = approval_mode(uow)
    uow.settings.set(APPROVAL_MODE_KEY, mode.value)
    uow.audit.record(by, "setting_changed", APPROVAL_MODE_KEY, _now(now), before.value, mode.value)
    uow.commit()


# --- risk and preview ---------------------------------------------------------------------


def released_before_and_bounced_again(uow: UnitOfWork, quarantine: Quarantine) -> bool:
    """Whether an earlier quarantine of this address was released and it bounced into this one."""
    return any(
        other.id != quarantine.id
        and other.released_at is not None
        and other.released_at <= quarantine.started_at
        for other in uow.quarantines.history(quarantine.address)
    )


def quarantine_risk(
    uow: UnitOfWork, quarantine: Quarantine, now: datetime
) -> tuple[RiskLevel, str]:
    again = released_before_and_bounced_again(uow, quarantine)
    return release_risk(quarantine.reason, quarantine.cause, quarantine.started_at, now, again)


def active_quarantine(uow: UnitOfWork, address: str, now: datetime) -> Quarantine:
    """The address's running quarantine, or NotFound with the one line the CLI prints."""
    wanted = normalise_address(address)
    if not wanted:
        raise ValidationError(GIVE_ADDRESS())
    quarantine = uow.quarantines.active_for(wanted, now)
    if quarantine is None:
        raise NotFound(NO_QUARANTINE(address=wanted))
    return quarantine


def release_preview(uow: UnitOfWork, address: str, now: datetime | None = None) -> ReleasePreview:
    """The release-risk verdict and request state to show before the agent clicks."""
    moment = _now(now)
    quarantine = active_quarantine(uow, address, moment)
    risk, why = quarantine_risk(uow, quarantine, moment)
    return ReleasePreview(
        address=quarantine.address,
        quarantine=quarantine,
        risk=risk,
        risk_why=why,
        pending=uow.requests.pending_for(quarantine.id),
        mode=approval_mode(uow),
    )


# --- requesting ---------------------------------------------------------------------------


def file_request(
    uow: UnitOfWork, quarantine: Quarantine, by: str, note: str, now: datetime
) -> RequestOutcome:
    """File (without committing) a request for `quarantine`; applies it at once in auto mode."""
    pending = uow.requests.pending_for(quarantine.id)
    if pending is not None:
        return RequestOutcome(pending.id, pending.state, False, quarantine.address, pending.risk)
    risk, why = quarantine_risk(uow, quarantine, now)
    request_id = uow.requests.create_pending(
        quarantine.id, by, note, now, risk, why, only_if_active=True
    )
    if request_id is None:
        # Another agent's request won the race for the unique index, or their release ended
        # the quarantine meanwhile; theirs is the answer.
        pending = uow.requests.pending_for(quarantine.id)
        if pending is None:  # and it was decided in the meantime: report what it became
            latest = uow.requests.latest_for(quarantine.id)
            if latest is None:
                raise Conflict(_NOT_FILED(address=quarantine.address))
            return RequestOutcome(latest.id, latest.state, False, quarantine.address, latest.risk)
        return RequestOutcome(pending.id, pending.state, False, quarantine.address, pending.risk)
    subject = _subject(quarantine.id, quarantine.address)
    uow.audit.record(by, "release_requested", subject, now, None, RequestState.PENDING.value, note)
    state = RequestState.PENDING
    if approval_mode(uow) is ApprovalMode.AUTO:
        state = _decide_and_apply(uow, request_id, quarantine, by, "auto-approved", now)
    return RequestOutcome(request_id, state, True, quarantine.address, risk)


def request_release(
    uow: UnitOfWork, address: str, by: str, note: str = "", now: datetime | None = None
) -> RequestOutcome:
    """File a release request for `address` (one click); an existing pending one is the answer."""
    moment = _now(now)
    quarantine = active_quarantine(uow, address, moment)
    outcome = file_request(uow, quarantine, by, note.strip(), moment)
    uow.commit()
    return outcome


# --- deciding -----------------------------------------------------------------------------


def approve(
    uow: UnitOfWork, request_id: int, by: str, note: str = "", now: datetime | None = None
) -> Decision:
    """Approve and apply a pending request; approving it again is harmless and says so.

    Four eyes: the agent who asked for the release cannot approve it (a pending request only
    exists in approver mode; auto mode applies the agent's own request at once).
    """
    moment = _now(now)
    request = _request(uow, request_id)
    if request.state is RequestState.PENDING and same_agent(request.requested_by, by):
        raise ValidationError(_FOUR_EYES(by=by, request=request_id))
    quarantine = uow.quarantines.get(request.quarantine_id)
    assert quarantine is not None  # the foreign key keeps it
    if not uow.requests.transition(
        request_id, (RequestState.PENDING,), RequestState.APPROVED, by, moment, note
    ):
        return _already_decided(uow, request_id, wanted=RequestState.APPLIED)
    subject = _subject(quarantine.id, quarantine.address)
    uow.audit.record(
        by, "release_approved", subject, moment, RequestState.PENDING.value, "approved", note
    )
    state = _apply(uow, request_id, quarantine, by, moment)
    uow.commit()
    return Decision(request_id, state, True, f"request {request_id} approved and applied")


def reject(
    uow: UnitOfWork, request_id: int, by: str, note: str = "", now: datetime | None = None
) -> Decision:
    """Reject a pending request; rejecting it again is harmless and says so."""
    moment = _now(now)
    request = _request(uow, request_id)
    if not uow.requests.transition(
        request_id, (RequestState.PENDING,), RequestState.REJECTED, by, moment, note
    ):
        return _already_decided(uow, request_id, wanted=RequestState.REJECTED)
    uow.audit.record(
        by,
        "release_rejected",
        _subject(request.quarantine_id, request.address),
        moment,
        RequestState.PENDING.value,
        RequestState.REJECTED.value,
        note,
    )
    uow.commit()
    return Decision(request_id, RequestState.REJECTED, True, f"request {request_id} rejected")


def same_agent(first: str, second: str) -> bool:
    """Whether two agent names are one person (case and outer spaces do not count)."""
    return first.strip().casefold() == second.strip().casefold()


def _request(uow: UnitOfWork, request_id: int) -> ReleaseRequest:
    request = uow.requests.get(request_id)
    if request is None:
        raise NotFound(NO_REQUEST(request=request_id))
    return request


def _already_decided(uow: UnitOfWork, request_id: int, wanted: RequestState) -> Decision:
    """Someone decided first: harmless when they decided the same way, a conflict otherwise."""
    uow.rollback()
    current = _request(uow, request_id)
    done_alike = (current.state is RequestState.REJECTED) == (wanted is RequestState.REJECTED)
    who = _BY(name=current.decided_by) if current.decided_by else ""
    if not done_alike:
        raise Conflict(_DECIDED(request=request_id, state=_STATES[current.state], who=who))
    verb = "applied" if current.state is not RequestState.REJECTED else "rejected"
    return Decision(request_id, current.state, False, f"request {request_id} already {verb}{who}")


def _decide_and_apply(
    uow: UnitOfWork, request_id: int, quarantine: Quarantine, by: str, note: str, now: datetime
) -> RequestState:
    moved = uow.requests.transition(
        request_id, (RequestState.PENDING,), RequestState.APPROVED, by, now, note
    )
    assert moved, "a request filed in this transaction is still pending"
    subject = _subject(quarantine.id, quarantine.address)
    # The decision's note goes with it, as PostgreSQL's audit trigger records it.
    uow.audit.record(
        by, "release_approved", subject, now, RequestState.PENDING.value, "approved", note
    )
    return _apply(uow, request_id, quarantine, by, now)


def _apply(
    uow: UnitOfWork, request_id: int, quarantine: Quarantine, by: str, now: datetime
) -> RequestState:
    """End the quarantine, mark the message that caused it, and reset the soft-bounce run."""
    released = uow.quarantines.release(quarantine.id, now)
    before = "quarantined" if released else "ended"
    if released:
        message = uow.quarantines.cause_message(quarantine.id)
        if message is None:
            latest = uow.messages.latest_to(quarantine.address)
            message = latest.id if latest is not None else None
        if message is not None:
            uow.messages.add_event(
                NewEvent(
                    message,
                    EventType.RELEASED,
                    now,
                    diagnostic=f"released by {by}",
                    source="bouncedesk release",
                )
            )
        uow.quarantines.set_soft_run(quarantine.address, [], now)
        # The providers' suppression lists follow, through the outbox, in this transaction.
        enqueue_release(uow, request_id, quarantine, now)
    subject = _subject(quarantine.id, quarantine.address)
    uow.audit.record(by, "release_applied", subject, now, before, "released")
    moved = uow.requests.transition(
        request_id, (RequestState.APPROVED,), RequestState.APPLIED, by, now
    )
    assert moved, "the approval in this transaction holds the request"
    return RequestState.APPLIED
