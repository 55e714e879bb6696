"""The quarantine screen's database work, run on workers: plain functions, no widgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain.model import ReleaseRequest
from desktop.services import release
from desktop.services.quarantine import (
    AddressHistory,
    QuarantineEntry,
    address_history,
    expire_due,
    list_quarantines,
)
from desktop.services.requests_queue import pending_requests
from desktop.services.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class QuarantineSnapshot:
    """Everything the quarantine screen shows, read in one unit of work."""

    entries: list[QuarantineEntry]
    pending: list[ReleaseRequest]
    approval: release.ApprovalMode
    at: datetime


def expire(uow_factory: UnitOfWorkFactory, actor: str) -> int:
    """End quarantines whose time is up (every refresh does; only one agent records each)."""
    with uow_factory() as uow:
        return len(expire_due(uow))  # audited as the system, whoever refreshed


def load_snapshot(uow_factory: UnitOfWorkFactory, limit: int = 1000) -> QuarantineSnapshot:
    now = datetime.now(UTC)
    with uow_factory() as uow:
        entries = list_quarantines(uow, now, limit=limit)
        pending = pending_requests(uow)
        mode = release.approval_mode(uow)
    return QuarantineSnapshot(entries, pending, mode, now)


def load_history(uow_factory: UnitOfWorkFactory, address: str) -> AddressHistory:
    with uow_factory() as uow:
        return address_history(uow, address)


def request_release(
    uow_factory: UnitOfWorkFactory, address: str, requested_by: str, note: str
) -> release.RequestOutcome:
    with uow_factory() as uow:
        return release.request_release(uow, address, requested_by, note)


def decide(
    uow_factory: UnitOfWorkFactory, request_id: int, approve: bool, decided_by: str, note: str
) -> release.Decision:
    with uow_factory() as uow:
        if approve:
            return release.approve(uow, request_id, decided_by, note)
        return release.reject(uow, request_id, decided_by, note)
