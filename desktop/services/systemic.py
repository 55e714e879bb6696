"""Systemic blocks: a burst of failures at one provider is about the provider, not the address.

Open quarantines and recent bounces are grouped by recipient domain; a sliding window (one
hour by default) that holds many distinct addresses of one domain, most of them failing for
provider-side reasons (blocked, server errors), marks every quarantined address in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from desktop.domain.bursts import BurstTallies
from desktop.domain.model import Reason, recipient_domain
from desktop.services.ports import UnitOfWork

SETTING_WINDOW = "systemic_window_minutes"
SETTING_MIN_ADDRESSES = "systemic_min_addresses"
SETTING_MIN_SHARE = "systemic_min_share"


@dataclass(frozen=True, slots=True)
class SystemicConfig:
    """When a burst counts as a suspected provider-side problem (thresholds configurable)."""

    window: timedelta = timedelta(hours=1)
    min_addresses: int = 30
    provider_reasons: frozenset[Reason] = frozenset({Reason.BLOCKED, Reason.SERVER_ERROR})
    min_share: float = 0.6  # "most of them": this share of the burst's addresses, at least


@dataclass(frozen=True, slots=True)
class Failure:
    """One address failing at one moment: a quarantine start or a bounce."""

    address: str
    reason: Reason
    at: datetime
    quarantine_id: int | None = None


@dataclass(frozen=True, slots=True)
class SystemicCluster:
    """A suspected provider-side problem at `domain`, and the addresses it caught."""

    domain: str
    addresses: tuple[str, ...]  # every address failing in the burst, sorted
    quarantined: tuple[str, ...]  # those with an open quarantine: what a bulk release frees
    reasons: tuple[tuple[Reason, int], ...]  # per reason, distinct addresses, most first
    first_at: datetime
    last_at: datetime
    share: float
    quarantine_ids: tuple[int, ...] = field(default=())

    def note(self) -> str:
        top = self.reasons[0][0].value if self.reasons else "unknown"
        return (
            f"probably not about this address: {len(self.addresses)} addresses at "
            f"{self.domain} failed within a short time, mostly '{top}' (suspected "
            "provider-side problem)"
        )


def find_clusters(failures: Sequence[Failure], config: SystemicConfig) -> list[SystemicCluster]:
    """Bursts per domain: every failure inside a window that holds enough distinct addresses."""
    return _clusters(_members_by_domain(failures, config), config)


def _clusters(
    members_by_domain: dict[str, list[Failure]], config: SystemicConfig
) -> list[SystemicCluster]:
    """The clusters of these burst members (in time order per domain), by domain."""
    clusters = []
    for domain, members in sorted(members_by_domain.items()):
        cluster = _cluster(domain, members, config) if members else None
        if cluster is not None:
            clusters.append(cluster)
    return clusters


def _in_bursts(items: list[Failure], config: SystemicConfig) -> list[Failure]:
    """The failures lying in some window of `config.window` with enough distinct addresses."""
    inside: Counter[str] = Counter()
    marked = [False] * len(items)
    left = next_unmarked = 0
    for right, item in enumerate(items):
        inside[item.address] += 1
        while item.at - items[left].at > config.window:
            gone = items[left].address
            inside[gone] -= 1
            if inside[gone] == 0:
                del inside[gone]
            left += 1
        if len(inside) >= config.min_addresses:
            # Windows only move forward, so each failure is marked once: linear overall.
            for index in range(max(left, next_unmarked), right + 1):
                marked[index] = True
            next_unmarked = right + 1
    return [item for item, hit in zip(items, marked, strict=True) if hit]


def _cluster(domain: str, members: list[Failure], config: SystemicConfig) -> SystemicCluster | None:
    reason_of: dict[str, Reason] = {}
    for failure in members:  # a provider-side reason wins for an address with several
        if failure.address not in reason_of or failure.reason in config.provider_reasons:
            reason_of[failure.address] = failure.reason
    provider = sum(1 for reason in reason_of.values() if reason in config.provider_reasons)
    share = provider / len(reason_of)
    if share < config.min_share:
        return None
    counts = Counter(reason_of.values()).most_common()
    quarantined = {f.address: f.quarantine_id for f in members if f.quarantine_id is not None}
    return SystemicCluster(
        domain=domain,
        addresses=tuple(sorted(reason_of)),
        quarantined=tuple(sorted(quarantined)),
        reasons=tuple(counts),
        first_at=members[0].at,
        last_at=members[-1].at,
        share=share,
        quarantine_ids=tuple(sorted(q for q in quarantined.values() if q is not None)),
    )


def systemic_config(uow: UnitOfWork) -> SystemicConfig:
    """The thresholds stored in the database's settings, else the defaults."""
    default = SystemicConfig()
    try:
        minutes = float(uow.settings.get(SETTING_WINDOW) or 0)
        least = int(uow.settings.get(SETTING_MIN_ADDRESSES) or 0)
        share = float(uow.settings.get(SETTING_MIN_SHARE) or 0)
    except ValueError:  # a hand-edited setting that is not a number: keep the defaults
        return default
    return SystemicConfig(
        window=timedelta(minutes=minutes) if minutes > 0 else default.window,
        min_addresses=least if least > 0 else default.min_addresses,
        min_share=share if 0 < share <= 1 else default.min_share,
    )


def set_systemic_config(
    uow: UnitOfWork, config: SystemicConfig, by: str, now: datetime | None = None
) -> None:
    """Store the thresholds for everyone using this database; each change is audited."""
    moment = now if now is not None else datetime.now(UTC)
    wanted = {
        SETTING_WINDOW: f"{config.window.total_seconds() / 60:g}",
        SETTING_MIN_ADDRESSES: str(config.min_addresses),
        SETTING_MIN_SHARE: f"{config.min_share:g}",
    }
    for key, value in wanted.items():
        before = uow.settings.get(key)
        if before != value:
            uow.settings.set(key, value)
            uow.audit.record(by, "setting_changed", key, moment, before, value)
    uow.commit()


def systemic_clusters(
    uow: UnitOfWork, now: datetime | None = None, config: SystemicConfig | None = None
) -> list[SystemicCluster]:
    """Suspected provider-side problems among open quarantines and the last window's bounces."""
    moment = now if now is not None else datetime.now(UTC)
    settings = config or systemic_config(uow)
    recent = [
        Failure(address, Reason(reason), at)
        for address, reason, at in uow.quarantines.recent_bounces(moment - settings.window, moment)
    ]
    # Quarantines older than two windows: their membership can be tallied in the database
    # (see store/burst_tally.py); the newer ones and the bounces are worked out here.
    old_end = moment - 2 * settings.window
    tallies = uow.quarantines.burst_tallies(
        moment,
        old_end,
        settings.window,
        settings.min_addresses,
        settings.provider_reasons,
        [failure.address for failure in recent],
    )
    if tallies is None:
        failures = [
            Failure(address, reason, since, qid)
            for address, reason, since, qid in uow.quarantines.active_failures(moment)
        ]
        return find_clusters(failures + recent, settings)
    newer = [
        Failure(address, reason, since, qid)
        for address, reason, since, qid in uow.quarantines.active_failures(
            moment, since=moment - 3 * settings.window
        )
    ]
    fresh = {
        domain: [member for member in members if member.at >= old_end]
        for domain, members in _members_by_domain(newer + recent, settings).items()
    }
    # One read of the older members, for every domain whose share makes a cluster.
    sharing = _sharing_domains(tallies, fresh, settings)
    members: dict[str, list[Failure]] = {domain: [] for domain in sharing}
    if sharing:
        for address, reason, since, qid in uow.quarantines.burst_rows(
            moment, old_end, settings.window, settings.min_addresses, sharing
        ):
            members[recipient_domain(address)].append(Failure(address, reason, since, qid))
    for domain, older in members.items():
        older.extend(fresh.get(domain, []))
        older.sort(key=lambda failure: failure.at)
    return _clusters(members, settings)


def _members_by_domain(
    failures: Sequence[Failure], config: SystemicConfig
) -> dict[str, list[Failure]]:
    by_domain: dict[str, list[Failure]] = {}
    for failure in failures:
        by_domain.setdefault(recipient_domain(failure.address), []).append(failure)
    return {
        domain: _in_bursts(sorted(items, key=lambda f: f.at), config)
        for domain, items in by_domain.items()
        if domain
    }


def _sharing_domains(
    tallies: BurstTallies, fresh: dict[str, list[Failure]], config: SystemicConfig
) -> list[str]:
    """The domains whose burst members, older (tallied) and newer together, fail mostly for
    provider-side reasons: the only ones whose members are worth reading."""
    wanted = []
    provider_side = config.provider_reasons
    for domain in set(tallies.per_domain) | set(fresh):
        members, provider = tallies.per_domain.get(domain, (0, 0))
        newer: dict[str, Reason] = {}
        for failure in fresh.get(domain, []):  # a provider-side reason wins, as in _cluster
            if failure.address not in newer or failure.reason in provider_side:
                newer[failure.address] = failure.reason
        for address, reason in newer.items():
            before = tallies.member_reasons.get(address)
            if before is None:
                members += 1
                provider += reason in provider_side
            elif reason in provider_side and before not in provider_side:
                provider += 1
        if members and provider / members >= config.min_share:
            wanted.append(domain)
    return wanted


def clusters_by_address(
    uow: UnitOfWork, now: datetime, config: SystemicConfig | None = None
) -> dict[str, SystemicCluster]:
    """The cluster each quarantined address belongs to (for marking the quarantine list)."""
    return {
        address: cluster
        for cluster in systemic_clusters(uow, now, config)
        for address in cluster.quarantined
    }
