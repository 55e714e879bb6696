"""Reconcile: the providers' suppression lists against the desk, and the retries staff confirm."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from desktop.domain.model import QuarantineCause, Reason
from desktop.domain.release_targets import DeliveryState
from desktop.services.ports import UnitOfWork
from desktop.targets.config import TargetConfig
from desktop.targets.listing import Suppression

NOT_QUARANTINED = "not_quarantined"  # suppressed there, not quarantined here: offer an import
STILL_SUPPRESSED = "still_suppressed"  # released here, still suppressed there: offer a retry


@dataclass(frozen=True, slots=True)
class Difference:
    target: str
    address: str
    difference: str
    provider_reason: str
    provider_list: str

    @property
    def offer(self) -> str:
        return "import" if self.difference == NOT_QUARANTINED else "retry"


def differences(
    uow: UnitOfWork, target: str, listed: Iterable[Suppression], now: datetime
) -> list[Difference]:
    """What differs between one target's list and the desk (reads only)."""
    first: dict[str, Suppression] = {}
    for entry in listed:
        first.setdefault(entry.address, entry)
    states = uow.outbox.desk_states(sorted(first), now)
    found = []
    for address, entry in sorted(first.items()):
        state = states.get(address)
        if state == "quarantined":
            continue
        kind = STILL_SUPPRESSED if state == "released" else NOT_QUARANTINED
        found.append(Difference(target, address, kind, entry.reason, entry.list))
    return found


def queue_retries(
    uow: UnitOfWork, targets: dict[str, TargetConfig], found: Iterable[Difference], now: datetime
) -> int:
    """After staff confirm: one new outbox row per released-but-still-suppressed address."""
    rows = []
    for item in found:
        if item.difference != STILL_SUPPRESSED:
            continue
        request_id = uow.outbox.latest_request(item.address)
        if request_id is None:
            continue
        rows.append(
            {
                "request_id": request_id,
                "address": item.address,
                # The provider's list says where it sits: a complaint list means spam.
                "cause": (
                    QuarantineCause.SPAM.value
                    if "spam" in item.provider_list.lower() or "complaint" in item.provider_list
                    else QuarantineCause.HARD_BOUNCE.value
                ),
                "reason": Reason.BLOCKED.value if item.provider_list == "blocks" else "",
                "target": item.target,
                "kind": targets[item.target].kind.value,
                "idempotency_key": f"reconcile:{request_id}:{item.target}:{now:%Y%m%dT%H%M%S}",
                "state": DeliveryState.PENDING.value,
                "attempts": 0,
                "next_attempt_at": now,
                "last_error": "",
                "created_at": now,
                "updated_at": now,
                "note": "queued again by sync --check",
            }
        )
    uow.outbox.add_many(rows)
    if rows:
        uow.audit.record(
            "sync --check", "release_targets_requeued", f"{len(rows)} addresses", now, None,
            ", ".join(sorted({str(r["target"]) for r in rows})),
        )  # fmt: skip
    uow.commit()
    return len(rows)
