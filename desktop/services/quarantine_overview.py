"""What the quarantine screen shows, read in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain.model import ReleaseRequest
from desktop.services.ports import UnitOfWork
from desktop.services.quarantine import QuarantineEntry, list_quarantines
from desktop.services.release import ApprovalMode, approval_mode
from desktop.services.requests_queue import pending_requests


@dataclass(frozen=True, slots=True)
class QuarantineOverview:
    """Open quarantines, the requests waiting for approval, the approval mode, and when."""

    entries: list[QuarantineEntry]
    pending: list[ReleaseRequest]
    approval: ApprovalMode
    at: datetime


def quarantine_overview(
    uow: UnitOfWork, now: datetime | None = None, limit: int = 1000
) -> QuarantineOverview:
    moment = now or datetime.now(UTC)
    entries = list_quarantines(uow, moment, limit=limit)
    return QuarantineOverview(entries, pending_requests(uow), approval_mode(uow), moment)
