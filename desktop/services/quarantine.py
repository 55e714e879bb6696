"""The quarantine list, an address's history, why it was quarantined, and expiry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.model import (
    Event,
    EventType,
    Message,
    Quarantine,
    QuarantineCause,
    ReleaseRequest,
    RequestState,
    RiskLevel,
    normalise_address,
)
from desktop.domain.policy import PolicyConfig
from desktop.domain.records import SYSTEM_ACTOR, expiry_record
from desktop.domain.risk import release_risk
from desktop.domain.search import QuarantineFilter, SearchCriteria
from desktop.services.policy import get_policy
from desktop.services.ports import UnitOfWork
from desktop.services.release import GIVE_ADDRESS, NO_QUARANTINE
from desktop.services.systemic import SystemicCluster, SystemicConfig, clusters_by_address

__all__ = [
    "SYSTEM_ACTOR",
    "AddressHistory",
    "AfterRelease",
    "QuarantineEntry",
    "QuarantineFilter",
    "WhyQuarantined",
    "address_history",
    "expire_due",
    "list_quarantines",
    "why_quarantined",
]


def _hours(span: timedelta) -> str:
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


@dataclass(frozen=True, slots=True)
class AfterRelease:
    """The re-bounce watch: what happened to the address first after its release."""

    released_at: datetime
    outcome: EventType | None  # None: no mail has reached an outcome since
    at: datetime | None

    @property
    def bounced_again(self) -> bool:
        return self.outcome is not None and self.outcome is not EventType.DELIVERED

    def describe(self) -> str:
        if self.outcome is None or self.at is None:
            return "no outcome since the release yet"
        after = _hours(self.at - self.released_at)
        if self.outcome is EventType.DELIVERED:
            return f"delivered {after} after release"
        if self.outcome is EventType.SPAM_COMPLAINT:
            return f"spam complaint {after} after release"
        return f"bounced again {after} after release"


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    """One row of the quarantine list, with everything the agent needs to decide."""

    quarantine: Quarantine
    request: ReleaseRequest | None
    risk: RiskLevel
    risk_why: str
    ends_in: timedelta
    after_release: AfterRelease | None
    systemic: SystemicCluster | None

    @property
    def request_state(self) -> RequestState | None:
        return self.request.state if self.request is not None else None

    def as_json(self) -> dict[str, Any]:
        q = self.quarantine
        return {
            "id": q.id,
            "address": q.address,
            "cause": q.cause.value,
            "reason": q.reason.value,
            "started_at": _iso(q.started_at),
            "ends_at": _iso(q.ends_at),
            "released_at": _iso(q.released_at),
            "request_state": self.request_state.value if self.request_state else None,
            "request_id": self.request.id if self.request else None,
            "risk": self.risk.value,
            "risk_why": self.risk_why,
            "ends_in_seconds": int(self.ends_in.total_seconds()),
            "cause_event_ids": list(q.cause_event_ids),
            "systemic": self.systemic.note() if self.systemic else None,
            "systemic_domain": self.systemic.domain if self.systemic else None,
            "after_release": self.after_release.describe() if self.after_release else None,
            # The people's words on the latest request: why it was asked, why it was decided.
            "requested_by": self.request.requested_by if self.request else None,
            "request_note": self.request.note or None if self.request else None,
            "decided_by": self.request.decided_by if self.request else None,
            "decision_note": self.request.decision_note or None if self.request else None,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def list_quarantines(
    uow: UnitOfWork,
    now: datetime | None = None,
    criteria: QuarantineFilter | None = None,
    limit: int = 1000,
    systemic: SystemicConfig | None = None,
) -> list[QuarantineEntry]:
    """The quarantine list (active ones unless `criteria.include_ended`), newest first.

    Stops at `limit`, silently: lists shown to people page with `quarantine_pages` instead.
    """
    moment = _now(now)
    found = uow.quarantines.listing(moment, criteria or QuarantineFilter(), limit)
    return entries_for(uow, found, moment, systemic)


def entries_for(
    uow: UnitOfWork,
    quarantines: Sequence[Quarantine],
    now: datetime,
    systemic: SystemicConfig | None = None,
    flagged: dict[str, SystemicCluster] | None = None,
) -> list[QuarantineEntry]:
    """List rows for `quarantines`; `flagged` (provider-side clusters) is read when not given."""
    requests = uow.requests.latest_for_many([q.id for q in quarantines])
    released = uow.quarantines.earliest_releases([q.address for q in quarantines])
    if flagged is None:
        flagged = clusters_by_address(uow, now, systemic)
    entries = []
    for q in quarantines:
        first_release = released.get(q.address)
        again = first_release is not None and first_release <= q.started_at
        risk, why = release_risk(q.reason, q.cause, q.started_at, now, again)
        watch = None
        if q.released_at is not None:
            outcome = uow.quarantines.next_outcome(q.address, q.released_at)
            watch = AfterRelease(
                q.released_at, outcome.type if outcome else None, outcome.at if outcome else None
            )
        entries.append(
            QuarantineEntry(
                quarantine=q,
                request=requests.get(q.id),
                risk=risk,
                risk_why=why,
                ends_in=max(q.ends_at - now, timedelta(0))
                if q.released_at is None
                else timedelta(0),
                after_release=watch,
                systemic=flagged.get(q.address) if q.active_at(now) else None,
            )
        )
    return entries


@dataclass(frozen=True, slots=True)
class AddressHistory:
    """Messages to one address (all accounts, newest first, up to a limit), how many there
    are in all, and all its quarantines."""

    address: str
    messages: list[Message]
    quarantines: list[QuarantineEntry]
    message_count: int = 0  # every message to the address (counted up to 10,000)


def address_history(
    uow: UnitOfWork, address: str, now: datetime | None = None, limit: int = 500
) -> AddressHistory:
    moment = _now(now)
    wanted = normalise_address(address)
    if not wanted:
        raise ValidationError(GIVE_ADDRESS())
    criteria = SearchCriteria(recipient=wanted)
    messages = uow.messages.search(criteria, limit=limit)
    total = len(messages) if len(messages) < limit else uow.messages.count(criteria)
    quarantines = entries_for(uow, uow.quarantines.history(wanted), moment)
    return AddressHistory(wanted, messages, quarantines, total)


_RULES = {
    QuarantineCause.HARD_BOUNCE: "a hard bounce quarantines the address at once",
    QuarantineCause.SOFT_BOUNCE: (
        "{limit} soft bounces in a row with no delivery in between count as a hard bounce"
    ),
    QuarantineCause.SPAM: "a spam complaint quarantines the address at once",
}


@dataclass(frozen=True, slots=True)
class WhyQuarantined:
    """The rule that fired, the events behind it, and when the quarantine ends."""

    quarantine: Quarantine
    rule: str
    events: list[Event]
    ends_at: datetime

    def as_text(self) -> str:
        q = self.quarantine
        lines = [
            f"{q.address} is quarantined ({q.cause.value}, {q.reason.value}): {self.rule}.",
            f"It ends by itself at {self.ends_at.isoformat(timespec='seconds')}.",
        ]
        for event in self.events:
            codes = " ".join(x for x in (str(event.reply_code or ""), event.status or "") if x)
            lines.append(f"  {_iso(event.at)}  {event.type.value}  {codes}".rstrip())
        return "\n".join(lines)


def why_quarantined(
    uow: UnitOfWork,
    address: str,
    now: datetime | None = None,
    config: PolicyConfig | None = None,
) -> WhyQuarantined:
    moment = _now(now)
    wanted = normalise_address(address)
    quarantine = uow.quarantines.active_for(wanted, moment)
    if quarantine is None:
        raise NotFound(NO_QUARANTINE(address=wanted))
    limit = (config or get_policy(uow)).soft_bounce_limit
    rule = _RULES[quarantine.cause].format(limit=limit)
    events = uow.quarantines.cause_events(quarantine.id)
    return WhyQuarantined(quarantine, rule, events, quarantine.ends_at)


def expire_due(uow: UnitOfWork, now: datetime | None = None, limit: int = 1000) -> list[Quarantine]:
    """Record the end of every quarantine whose time is up; returns those this call ended.

    An expiry is the system's doing, not the agent's whose refresh noticed it: the audit
    log names `SYSTEM_ACTOR` (and, on PostgreSQL, the role whose refresh recorded it).

    Safe to call from every agent's refresh at once: each expiry is recorded (and audited)
    by exactly one caller.
    """
    moment = _now(now)
    due = uow.quarantines.due_for_expiry(moment, limit)
    # One statement per step for the whole batch: a refresh after a quiet weekend may
    # end a thousand quarantines, and per-row statements took seconds on a big database.
    recorded = uow.quarantines.mark_expired_many([q.id for q in due])
    ended = [q for q in due if q.id in recorded]
    uow.quarantines.reset_soft_runs_before([(q.address, q.ends_at) for q in ended], moment)
    uow.audit.record_many([expiry_record(q.id, q.address, q.ends_at, moment) for q in ended])
    uow.commit()
    return ended
