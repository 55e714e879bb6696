"""The quarantine screen's database work, run on workers: plain functions, no widgets."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from desktop.domain.errors import Conflict
from desktop.domain.model import Quarantine, ReleaseRequest, RequestState
from desktop.services.uow import UnitOfWorkFactory
from desktop.ui.quarantine.model import QuarantineEntry


@dataclass(frozen=True, slots=True)
class QuarantineSnapshot:
    """Everything the quarantine screen shows, read in one unit of work."""

    entries: list[QuarantineEntry]
    pending: list[ReleaseRequest]
    at: datetime


@dataclass(frozen=True, slots=True)
class AddressHistory:
    address: str
    quarantines: list[Quarantine]


def load_snapshot(uow_factory: UnitOfWorkFactory, limit: int = 1000) -> QuarantineSnapshot:
    now = datetime.now(UTC)
    with uow_factory() as uow:
        open_ = uow.quarantines.active(now, limit=limit)
        entries = [QuarantineEntry(q, uow.requests.latest_for(q.id)) for q in open_]
        pending = uow.requests.by_state(RequestState.PENDING)
    return QuarantineSnapshot(entries, pending, now)


def load_history(uow_factory: UnitOfWorkFactory, address: str) -> AddressHistory:
    with uow_factory() as uow:
        return AddressHistory(address, uow.quarantines.history(address))


def _workflow() -> ModuleType:
    # The release workflow service is written in parallel (issue 6); found here once it lands.
    for name in ("desktop.services.release", "desktop.services.quarantine"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        if hasattr(module, "request_release"):
            return module
    raise Conflict("Release requests are not available in this build yet.")


def request_release(
    uow_factory: UnitOfWorkFactory, address: str, requested_by: str, note: str
) -> Any:
    service = _workflow()
    with uow_factory() as uow:
        return service.request_release(uow, address, requested_by=requested_by, note=note)


def decide(
    uow_factory: UnitOfWorkFactory, request_id: int, approve: bool, decided_by: str, note: str
) -> Any:
    service = _workflow()
    action = service.approve_release if approve else service.reject_release
    with uow_factory() as uow:
        return action(uow, request_id, decided_by=decided_by, note=note)
