"""Quarantine rules: which events put an address in quarantine, for how long, and what it blocks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from desktop.domain.model import EventType, QuarantineCause, Reason

EventRef = int | str
"""The caller's id for an event (a database id, an import key): echoed back, never interpreted."""

_SENDS = frozenset({EventType.QUEUED, EventType.SENT})


@dataclass(frozen=True, slots=True)
class PolicyConfig:
    """The configurable thresholds of the quarantine rules (DESIGN.md defaults)."""

    soft_bounce_limit: int = 5
    quarantine_length: timedelta = timedelta(days=7)
    quarantine_on_spam: bool = True

    def __post_init__(self) -> None:
        if self.soft_bounce_limit < 1:
            raise ValueError("soft_bounce_limit must be at least 1")
        if self.quarantine_length <= timedelta(0):
            raise ValueError("quarantine_length must be positive")

    def length_text(self, lang: str = "en") -> str:
        """How long a quarantine lasts, as people say it: '7 days', '1 dag', '36 hours'."""
        seconds = int(self.quarantine_length.total_seconds())
        days, rest = divmod(seconds, 86_400)
        words = _UNITS.get(lang, _UNITS["en"])
        if days and not rest:
            count, (one, many) = days, words[0]
        else:
            count, (one, many) = max(round(seconds / 3600), 1), words[1]
        return f"{count} {one if count == 1 else many}"

    def soft_bounces_text(self) -> str:
        """'5 soft bounces' ('1 soft bounce')."""
        n = self.soft_bounce_limit
        return f"{n} soft bounce{'' if n == 1 else 's'}"


_UNITS = {"en": (("day", "days"), ("hour", "hours")), "nl": (("dag", "dagen"), ("uur", "uur"))}


@dataclass(frozen=True, slots=True)
class Observation:
    """One event for one address, as the policy needs to see it."""

    ref: EventRef
    type: EventType
    at: datetime  # tz-aware UTC
    reason: Reason | None = None


@dataclass(frozen=True, slots=True)
class QuarantineStart:
    """A quarantine: why it began (cause, reason, the events behind it) and when it ends."""

    cause: QuarantineCause
    reason: Reason
    started_at: datetime
    ends_at: datetime
    cause_refs: tuple[EventRef, ...]

    def active_at(self, moment: datetime) -> bool:
        return self.started_at <= moment < self.ends_at


@dataclass(frozen=True, slots=True)
class AddressState:
    """What the policy remembers about one address between events.

    `soft_refs` are the soft bounces in the current run (no delivery since); `quarantine` is the
    current quarantine, possibly already over by time (see `is_quarantined`); `last_at` is the
    time of the latest event observed, because the rules only make sense in time order.
    """

    soft_refs: tuple[EventRef, ...] = ()
    quarantine: QuarantineStart | None = None
    last_released_at: datetime | None = None
    last_at: datetime | None = None

    @property
    def soft_bounces(self) -> int:
        return len(self.soft_refs)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What observing one event did: the state after it and what the caller must record.

    `effective_type` is the type to store (REJECTED when a send hit a quarantine);
    `rejected_cause` is set exactly when the event is stored as a rejection by a quarantine;
    `started` is a quarantine this event began; `expired_at` is the `ends_at` of a quarantine
    that ran out before this event; `released` is true when a RELEASED event ended one.
    """

    ref: EventRef
    state: AddressState
    effective_type: EventType
    rejected_cause: QuarantineCause | None = None
    started: QuarantineStart | None = None
    expired_at: datetime | None = None
    released: bool = False


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"policy times must be timezone-aware, got {moment.isoformat()}")


def is_quarantined(state: AddressState, at: datetime) -> bool:
    """Whether sends to the address are blocked at `at` (expiry is exact: `ends_at` is free)."""
    _require_aware(at)
    return state.quarantine is not None and state.quarantine.active_at(at)


def expire(state: AddressState, now: datetime) -> AddressState:
    """The state with a quarantine that has run out by `now` removed (and the soft run reset)."""
    _require_aware(now)
    if state.quarantine is None or now < state.quarantine.ends_at:
        return state
    return AddressState((), None, state.last_released_at, state.last_at)


def release(state: AddressState, at: datetime) -> AddressState:
    """The state after an agent ends the quarantine at `at`; unchanged when there is none."""
    _require_aware(at)
    state = expire(state, at)
    if state.quarantine is None:
        return state
    return AddressState((), None, at, state.last_at)


def _start(
    cause: QuarantineCause,
    reason: Reason,
    at: datetime,
    refs: tuple[EventRef, ...],
    config: PolicyConfig,
) -> QuarantineStart:
    return QuarantineStart(cause, reason, at, at + config.quarantine_length, refs)


def _decide(state: AddressState, event: Observation, config: PolicyConfig) -> Outcome:
    """Apply one event to a state whose quarantine, if any, is active at `event.at`."""
    quarantine = state.quarantine
    kind = event.type
    if quarantine is not None:
        # While quarantined nothing is counted and nothing starts a second quarantine; sends
        # never leave, so they are stored as rejections carrying the quarantine's cause.
        if kind in _SENDS or kind is EventType.REJECTED:
            return Outcome(event.ref, state, EventType.REJECTED, rejected_cause=quarantine.cause)
        if kind is EventType.RELEASED:
            return Outcome(event.ref, release(state, event.at), kind, released=True)
        return Outcome(event.ref, state, kind)

    started: QuarantineStart | None = None
    soft_refs = state.soft_refs
    if kind is EventType.HARD_BOUNCE:
        reason = event.reason or Reason.UNKNOWN
        started = _start(QuarantineCause.HARD_BOUNCE, reason, event.at, (event.ref,), config)
    elif kind is EventType.SPAM_COMPLAINT and config.quarantine_on_spam:
        reason = event.reason or Reason.SPAM_COMPLAINT
        started = _start(QuarantineCause.SPAM, reason, event.at, (event.ref,), config)
    elif kind is EventType.SOFT_BOUNCE:
        soft_refs = (*soft_refs, event.ref)
        if len(soft_refs) >= config.soft_bounce_limit:
            reason = event.reason or Reason.UNKNOWN
            started = _start(QuarantineCause.SOFT_BOUNCE, reason, event.at, soft_refs, config)
    elif kind is EventType.DELIVERED:
        soft_refs = ()
    # Deferrals are delays, not failures; sends, stored rejections, quarantined/released
    # markers and (with quarantine_on_spam off) complaints leave the soft run as it is.
    if started is not None:
        soft_refs = ()
    new_state = AddressState(soft_refs, started, state.last_released_at, state.last_at)
    return Outcome(event.ref, new_state, kind, started=started)


def observe(state: AddressState, event: Observation, config: PolicyConfig) -> Outcome:
    """Apply the quarantine rules to the next event of one address (events in time order).

    Raises ValueError for a naive time or an event older than the last one observed.
    """
    _require_aware(event.at)
    # A state built by a caller may hold a quarantine but no last_at: its start is a bound too.
    bounds = [state.last_at, state.quarantine.started_at if state.quarantine else None]
    latest = max((b for b in bounds if b is not None), default=None)
    if latest is not None and event.at < latest:
        raise ValueError(
            f"event {event.ref!r} at {event.at.isoformat()} is older than what the state has"
            f" seen ({latest.isoformat()}); observe events in time order"
        )
    expired_at: datetime | None = None
    if state.quarantine is not None and event.at >= state.quarantine.ends_at:
        expired_at = state.quarantine.ends_at
        state = expire(state, event.at)
    # Direct construction rather than dataclasses.replace: this runs once per imported event.
    state = AddressState(state.soft_refs, state.quarantine, state.last_released_at, event.at)
    outcome = _decide(state, event, config)
    if expired_at is None:
        return outcome
    return replace(outcome, expired_at=expired_at)


def replay(
    events: Iterable[Observation], config: PolicyConfig, state: AddressState | None = None
) -> list[Outcome]:
    """Outcomes of a whole address history, oldest first (ties keep the given order)."""
    current = state if state is not None else AddressState()
    outcomes: list[Outcome] = []
    for event in sorted(events, key=lambda e: e.at):
        outcome = observe(current, event, config)
        outcomes.append(outcome)
        current = outcome.state
    return outcomes


@dataclass(frozen=True, slots=True)
class Settlement:
    """How a new quarantine joins the one an address already has open (at most one is open).

    `action` is "open" (store it, open), "closed" (store it already over: it lies wholly
    before the open one), "extend" (store nothing; the open one now spans `started_at` to
    `ends_at`) or "replace" (close the open one at its end, store the new one open).
    """

    action: str
    started_at: datetime
    ends_at: datetime


def settle(open_span: tuple[datetime, datetime] | None, new: QuarantineStart) -> Settlement:
    """Where `new` goes, given the (start, end) of the address's open quarantine, if any.

    Events can arrive out of order (a DSN read days after the Postfix log): a quarantine that
    overlaps the open one extends it to cover both, one wholly before it is history, and one
    after it ends the open one. Whatever the arrival order, the open quarantine ends at the
    latest end of all and blocked time is never lost.
    """
    if open_span is None:
        return Settlement("open", new.started_at, new.ends_at)
    start, end = open_span
    if new.ends_at <= start:
        return Settlement("closed", new.started_at, new.ends_at)
    if new.started_at >= end:
        return Settlement("replace", new.started_at, new.ends_at)
    return Settlement("extend", min(start, new.started_at), max(end, new.ends_at))
