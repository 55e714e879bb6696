"""The requests queue: release requests with their stored risk and, once applied, what followed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.model import ReleaseRequest, RequestState
from desktop.services.ports import UnitOfWork
from desktop.services.quarantine import AfterRelease


@dataclass(frozen=True, slots=True)
class RequestEntry:
    """One request as the queue shows it; `after_release` is the re-bounce watch."""

    request: ReleaseRequest
    risk_why: str | None
    after_release: AfterRelease | None

    def as_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "request_id": r.id,
            "quarantine_id": r.quarantine_id,
            "address": r.address,
            "state": r.state.value,
            "requested_by": r.requested_by,
            "created_at": r.created_at.isoformat(timespec="seconds"),
            "note": r.note,
            "risk": r.risk.value if r.risk else None,
            "risk_why": self.risk_why,
            "decided_by": r.decided_by,
            "decided_at": r.decided_at.isoformat(timespec="seconds") if r.decided_at else None,
            "decision_note": r.decision_note,
            "after_release": self.after_release.describe() if self.after_release else None,
        }


def list_requests(
    uow: UnitOfWork, state: RequestState | None = None, limit: int = 500
) -> list[RequestEntry]:
    """Requests newest first (only those in `state` when given)."""
    requests = uow.requests.in_state(state, limit) if state else uow.requests.recent(limit)
    whys = uow.requests.risk_whys([r.id for r in requests])
    entries = []
    for request in requests:
        watch = None
        if request.state is RequestState.APPLIED:
            quarantine = uow.quarantines.get(request.quarantine_id)
            if quarantine is not None and quarantine.released_at is not None:
                outcome = uow.quarantines.next_outcome(quarantine.address, quarantine.released_at)
                watch = AfterRelease(
                    quarantine.released_at,
                    outcome.type if outcome else None,
                    outcome.at if outcome else None,
                )
        entries.append(RequestEntry(request, whys.get(request.id), watch))
    return entries


def pending_requests(uow: UnitOfWork) -> list[ReleaseRequest]:
    """The requests waiting for an approver: the approval queue."""
    return uow.requests.by_state(RequestState.PENDING)
