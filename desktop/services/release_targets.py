"""Release targets as the desk records them: which providers a release must reach, the outbox
rows written with a release, and what staff see and do about them (no provider calls here:
those are the worker's, in release_sync)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.domain.errors import NotFound
from desktop.domain.model import Quarantine
from desktop.domain.phrases import Wording
from desktop.domain.release_targets import DeliveryState, OutboxItem
from desktop.services.ports import UnitOfWork

log = logging.getLogger(__name__)

REGISTERED_KEY = "release_targets"
_NO_REQUEST = Wording("no release request {request}", "er is geen vrijgaveverzoek {request}")
_NO_ROW = Wording("no release target row {row}", "er is geen regel {row} bij de vrijgavedoelen")
ALERT_AFTER = timedelta(hours=1)


def registered_targets(uow: UnitOfWork) -> list[tuple[str, str]]:
    try:
        entries = json.loads(uow.settings.get(REGISTERED_KEY) or "[]")
        return [(str(e["name"]), str(e["kind"])) for e in entries]
    except (ValueError, KeyError, TypeError):
        log.warning("the registered release targets are unreadable; none are used")
        return []


def enqueue_release(uow: UnitOfWork, request_id: int, quarantine: Quarantine, now: datetime) -> int:
    """One outbox row per registered target, in the caller's transaction (not committed)."""
    rows = [
        {
            "request_id": request_id,
            "address": quarantine.address,
            "cause": quarantine.cause.value,
            "reason": quarantine.reason.value,
            "target": name,
            "kind": kind,
            "idempotency_key": f"release:{request_id}:{name}",
            "state": DeliveryState.PENDING.value,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
            "created_at": now,
            "updated_at": now,
            "note": "",
        }
        for name, kind in registered_targets(uow)
    ]
    uow.outbox.add_many(rows)
    return len(rows)


def subject_of(item: OutboxItem) -> str:
    return f"release request {item.request_id} ({item.address}) at {item.target}"


def release_targets_of(uow: UnitOfWork, request_id: int) -> list[OutboxItem]:
    if uow.requests.get(request_id) is None:
        raise NotFound(_NO_REQUEST(request=request_id))
    return uow.outbox.for_request(request_id)


@dataclass(frozen=True, slots=True)
class ReleaseTargets:
    """One applied release and its calls to the providers, for the quarantine tab."""

    request_id: int
    address: str
    items: tuple[OutboxItem, ...]


def recent_release_targets(uow: UnitOfWork, limit: int = 50) -> list[ReleaseTargets]:
    """Releases with provider calls: the unfinished first, then the newest."""
    ids = uow.outbox.recent_requests(limit)
    found = uow.outbox.for_requests(ids)
    return [
        ReleaseTargets(request_id, found[request_id][0].address, tuple(found[request_id]))
        for request_id in ids
        if found.get(request_id)
    ]


def latest_release_targets(uow: UnitOfWork, address: str) -> ReleaseTargets | None:
    """The address's newest applied release with its provider calls (the details view)."""
    request_id = uow.outbox.latest_request(address)
    if request_id is None:
        return None
    items = uow.outbox.for_request(request_id)
    return ReleaseTargets(request_id, address, tuple(items)) if items else None


def long_failing(
    uow: UnitOfWork, now: datetime, older_than: timedelta = ALERT_AFTER
) -> list[OutboxItem]:
    """Targets that have failed for more than `older_than` (the quarantine tab warns)."""
    return [
        item
        for item in uow.outbox.unfinished()
        if item.attempts > 0 and now - item.created_at > older_than
    ]


def retry_target(uow: UnitOfWork, item_id: int, by: str, note: str, now: datetime) -> bool:
    """An approver sends a failed, stopped or given-up target back to be called now."""
    return _move(uow, item_id, DeliveryState.PENDING, by, note, now, "release_target_retry")


def give_up_target(uow: UnitOfWork, item_id: int, by: str, note: str, now: datetime) -> bool:
    """An approver stops trying one target for one release, saying why."""
    return _move(uow, item_id, DeliveryState.GIVEN_UP, by, note, now, "release_target_given_up")


def _move(
    uow: UnitOfWork,
    item_id: int,
    state: DeliveryState,
    by: str,
    note: str,
    now: datetime,
    action: str,
) -> bool:
    item = uow.outbox.get(item_id)
    if item is None:
        raise NotFound(_NO_ROW(row=item_id))
    sources: tuple[DeliveryState, ...] = (DeliveryState.PENDING, DeliveryState.STOPPED)
    if state is DeliveryState.PENDING:
        sources = (*sources, DeliveryState.GIVEN_UP)
    moved = uow.outbox.set_state(item_id, state, note.strip(), now, sources)
    if moved:
        uow.audit.record(by, action, subject_of(item), now, item.state.value, state.value)
        uow.commit()
    return moved
