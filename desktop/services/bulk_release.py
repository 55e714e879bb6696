"""Bulk release: a pasted list of addresses, a dry run per address, then one request each."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from desktop.domain.errors import NotFound
from desktop.domain.model import RequestState, RiskLevel, normalise_address
from desktop.domain.phrases import Wording
from desktop.services.ports import UnitOfWork
from desktop.services.release import file_request, quarantine_risk
from desktop.services.systemic import SystemicConfig, systemic_clusters

# Tickets paste addresses separated by anything: commas, semicolons, blanks, new lines,
# "Name <addr>" forms. Anything without an @ in it is not an address.
_SPLIT = re.compile(r"[\s,;]+")
_NO_CLUSTER = Wording(
    "no suspected provider-side problem at {domain}",
    "bij {domain} wordt geen probleem aan de kant van de provider vermoed",
)


class BulkState(StrEnum):
    """Where one pasted address stands."""

    QUARANTINED = "quarantined"  # eligible: a request will be filed
    NOT_QUARANTINED = "not_quarantined"
    ALREADY_REQUESTED = "already_requested"
    UNKNOWN_ADDRESS = "unknown_address"
    INVALID = "invalid"
    REQUESTED = "requested"  # after the real run: this call filed it


@dataclass(frozen=True, slots=True)
class BulkLine:
    """One address of a bulk release: its state, its risk, and the request it has (if any)."""

    address: str
    state: BulkState
    risk: RiskLevel | None = None
    risk_why: str | None = None
    request_id: int | None = None
    request_state: RequestState | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "state": self.state.value,
            "risk": self.risk.value if self.risk else None,
            "risk_why": self.risk_why,
            "request_id": self.request_id,
            "request_state": self.request_state.value if self.request_state else None,
        }


def parse_addresses(text: str) -> list[str]:
    """The addresses in pasted text, normalised, in order, each once."""
    found = (normalise_address(part) for part in _SPLIT.split(text))
    return list(dict.fromkeys(part for part in found if part))


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def bulk_preview(
    uow: UnitOfWork, addresses: Iterable[str], now: datetime | None = None
) -> list[BulkLine]:
    """The dry run: per address its state and release risk; writes nothing."""
    moment = _now(now)
    wanted = list(dict.fromkeys(normalise_address(a) for a in addresses if a.strip()))
    known = uow.quarantines.known_addresses([a for a in wanted if "@" in a])
    return [_line(uow, address, known, moment) for address in wanted]


def _line(uow: UnitOfWork, address: str, known: set[str], now: datetime) -> BulkLine:
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        return BulkLine(address, BulkState.INVALID)
    if address not in known:
        return BulkLine(address, BulkState.UNKNOWN_ADDRESS)
    quarantine = uow.quarantines.active_for(address, now)
    if quarantine is None:
        return BulkLine(address, BulkState.NOT_QUARANTINED)
    risk, why = quarantine_risk(uow, quarantine, now)
    pending = uow.requests.pending_for(quarantine.id)
    if pending is not None:
        return BulkLine(
            address, BulkState.ALREADY_REQUESTED, risk, why, pending.id, RequestState.PENDING
        )
    return BulkLine(address, BulkState.QUARANTINED, risk, why)


def bulk_request(
    uow: UnitOfWork,
    addresses: Iterable[str],
    by: str,
    note: str = "",
    now: datetime | None = None,
) -> list[BulkLine]:
    """File one request for every eligible address, in one transaction; the rest as in the
    dry run. An address another agent requested meanwhile comes back as already requested."""
    moment = _now(now)
    lines = []
    for line in bulk_preview(uow, addresses, moment):
        if line.state is not BulkState.QUARANTINED:
            lines.append(line)
            continue
        quarantine = uow.quarantines.active_for(line.address, moment)
        assert quarantine is not None  # the preview just found it in this transaction
        outcome = file_request(uow, quarantine, by, note.strip(), moment)
        state = BulkState.REQUESTED if outcome.created else BulkState.ALREADY_REQUESTED
        lines.append(
            BulkLine(
                line.address, state, line.risk, line.risk_why, outcome.request_id, outcome.state
            )
        )
    uow.commit()
    return lines


def cluster_addresses(
    uow: UnitOfWork, domain: str, now: datetime | None = None, config: SystemicConfig | None = None
) -> Sequence[str]:
    """The quarantined addresses of the suspected provider-side problem at `domain`."""
    wanted = domain.strip().lstrip("@").lower()
    for cluster in systemic_clusters(uow, now, config):
        if cluster.domain == wanted:
            return cluster.quarantined
    raise NotFound(_NO_CLUSTER(domain=wanted))
