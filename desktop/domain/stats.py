"""Delivery figures from the event roll-up: counts, rates, "far outside usual" and plain hints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop.domain.model import EventType, MessageStatus, Reason


class Dimension(StrEnum):
    """What roll-up counts can be grouped by (besides the event type, always)."""

    HOUR = "hour"
    DAY = "day"  # a local day: given with the zone's offset from UTC; counted as `hour`
    ACCOUNT = "account"
    DOMAIN = "domain"
    REASON = "reason"


@dataclass(frozen=True, slots=True)
class RollupCount:
    """Events of one type in one group; the dimensions not grouped by are None."""

    type: EventType
    n: int
    hour: datetime | None = None
    account: str | None = None
    domain: str | None = None
    reason: Reason | None = None


@dataclass(frozen=True, slots=True)
class MessageCount:
    """Messages created in a period with one status; the dimensions not grouped by are None.

    `hour` is the hour (or local day) the messages were created in, not that of any event.
    """

    status: MessageStatus
    n: int
    hour: datetime | None = None
    account: str | None = None
    domain: str | None = None
    reason: Reason | None = None


# Not sent: still waiting in the queue, or refused by the desk because of a quarantine.
_UNSENT = frozenset({MessageStatus.QUEUED, MessageStatus.REJECTED})
# A complaint comes from a recipient who got the mail: the message was delivered.
_DELIVERED = frozenset({MessageStatus.DELIVERED, MessageStatus.SPAM_COMPLAINT})


@dataclass(frozen=True, slots=True)
class Outcomes:
    """What became of the messages sent in a period, one count per message (its status now).

    The rates are shares of these messages, so none passes 100: an event in the period about
    a message sent before it (a late delivery, a complaint about last week's mail) does not
    count here, and a message with several events counts once.
    """

    sent: int = 0
    delivered: int = 0
    hard_bounced: int = 0
    complained: int = 0

    @staticmethod
    def of(counts: Iterable[MessageCount]) -> Outcomes:
        sent = delivered = hard = complained = 0
        for count in counts:
            if count.status in _UNSENT:
                continue
            sent += count.n
            if count.status in _DELIVERED:
                delivered += count.n
            if count.status is MessageStatus.HARD_BOUNCE:
                hard += count.n
            if count.status is MessageStatus.SPAM_COMPLAINT:
                complained += count.n
        return Outcomes(sent, delivered, hard, complained)

    def rate(self, count: int) -> float | None:
        """`count` messages per 100 sent, or None when nothing was sent."""
        return 100.0 * count / self.sent if self.sent else None


@dataclass(frozen=True, slots=True)
class Figures:
    """What happened to the mail of one group: counts by event type and the rates derived."""

    sent: int = 0
    delivered: int = 0
    deferred: int = 0
    soft_bounces: int = 0
    hard_bounces: int = 0
    rejected: int = 0
    complaints: int = 0
    quarantined: int = 0
    released: int = 0
    # The messages sent in the period: the delivered, hard-bounce and complaint rates are
    # shares of them (None when not asked for: the rates are then unknown, never 0).
    outcomes: Outcomes | None = None

    @staticmethod
    def of(counts: Iterable[RollupCount], outcomes: Outcomes | None = None) -> Figures:
        by_type: dict[EventType, int] = {}
        for count in counts:
            by_type[count.type] = by_type.get(count.type, 0) + count.n
        delivered = by_type.get(EventType.DELIVERED, 0)
        hard = by_type.get(EventType.HARD_BOUNCE, 0)
        # Feeds without a "sent" event (Postfix logs, bounce webhooks) still sent what came
        # back; where there are "sent" events they are the count, so groups add up.
        sent = by_type.get(EventType.SENT, 0) or (
            delivered + hard + by_type.get(EventType.SOFT_BOUNCE, 0)
        )
        return Figures(
            sent=sent,
            delivered=delivered,
            deferred=by_type.get(EventType.DEFERRED, 0),
            soft_bounces=by_type.get(EventType.SOFT_BOUNCE, 0),
            hard_bounces=hard,
            rejected=by_type.get(EventType.REJECTED, 0),
            complaints=by_type.get(EventType.SPAM_COMPLAINT, 0),
            quarantined=by_type.get(EventType.QUARANTINED, 0),
            released=by_type.get(EventType.RELEASED, 0),
            outcomes=outcomes,
        )

    def rate(self, count: int) -> float | None:
        """`count` events per 100 sent, or None when nothing was sent."""
        return 100.0 * count / self.sent if self.sent else None

    @property
    def messages_sent(self) -> int:
        """Messages sent in the period (what the rates are shares of); 0 when not known."""
        return self.outcomes.sent if self.outcomes is not None else 0

    @property
    def delivered_rate(self) -> float | None:
        """Per 100 messages sent in the period, those delivered (None: nothing sent)."""
        o = self.outcomes
        return o.rate(o.delivered) if o is not None else None

    @property
    def hard_bounce_rate(self) -> float | None:
        o = self.outcomes
        return o.rate(o.hard_bounced) if o is not None else None

    @property
    def complaint_rate(self) -> float | None:
        o = self.outcomes
        return o.rate(o.complained) if o is not None else None

    @property
    def trouble_rate(self) -> float | None:
        """Bounces and deferrals per 100 sent: what the Overview's chart stacks."""
        return self.rate(self.hard_bounces + self.soft_bounces + self.deferred)


TROUBLE_TYPES = frozenset({EventType.HARD_BOUNCE, EventType.SOFT_BOUNCE, EventType.DEFERRED})
FAILURE_TYPES = TROUBLE_TYPES | {EventType.REJECTED}


def unusual(
    value: float, history: Sequence[float], least: float = 5.0, relative: bool = True
) -> bool:
    """Far outside the usual: beyond the range of `history` by more than that range's width
    (at least `least`, and for counts a quarter of their mean), so ordinary wobble never
    flags. Percentages (`relative=False`) use the width and `least` only."""
    if not history:
        return False
    low, high = min(history), max(history)
    mean = sum(history) / len(history)
    margin = max(high - low, least, 0.25 * mean if relative else 0.0)
    return value > high + margin or value < low - margin


HINT_SMALL = 20  # fewer sends than this say nothing about a list


def failures_by_reason(counts: Iterable[RollupCount]) -> dict[Reason, int]:
    """Bounces, deferrals and rejections per reason (counts grouped by reason)."""
    found: dict[Reason, int] = {}
    for count in counts:
        if count.type in FAILURE_TYPES:
            reason = count.reason or Reason.UNKNOWN
            found[reason] = found.get(reason, 0) + count.n
    return found


def client_hint(
    figures: Figures, failing: Mapping[Reason, int] | None = None, language: str = "en"
) -> str:
    """One plain sentence about the worst problem of a client's mail, or that all is well."""
    nl = language == "nl"
    if _sent(figures) < HINT_SMALL:
        return "Te weinig verzonden om iets te zeggen." if nl else "Too little sent to tell."
    failing = failing or {}
    unknown = figures.rate(
        failing.get(Reason.ADDRESS_UNKNOWN, 0) + failing.get(Reason.DOMAIN_UNKNOWN, 0)
    )
    blocked = figures.rate(failing.get(Reason.BLOCKED, 0)) or 0.0
    complaints = figures.complaint_rate or 0.0
    soft = figures.rate(figures.soft_bounces + figures.deferred) or 0.0
    delivered = figures.delivered_rate or 0.0
    if complaints >= 0.3:
        return (
            f"{complaints:.1f}% meldde spam: stuur alleen naar wie zich aanmeldde."
            if nl
            else f"{complaints:.1f}% reported spam: send only to people who signed up."
        )
    if unknown is not None and unknown >= 2:
        return (
            f"{unknown:.0f}% van de adressen bestaat niet: de lijst moet opgeschoond worden."
            if nl
            else f"{unknown:.0f}% of addresses do not exist: the list needs cleaning."
        )
    if blocked >= 5:
        return (
            f"{blocked:.0f}% geblokkeerd door ontvangende servers: escaleer, vaak een IP-blokkade."
            if nl
            else f"{blocked:.0f}% blocked by receiving servers: escalate, often an IP block."
        )
    if soft >= 10:
        return (
            f"{soft:.0f}% uitgesteld of tijdelijk geweigerd: vaak een blokkade bij één provider."
            if nl
            else f"{soft:.0f}% was delayed or refused for now: often a block at one provider."
        )
    if delivered < 90:
        return (
            f"Slechts {delivered:.0f}% afgeleverd: bekijk de redenen per domein."
            if nl
            else f"Only {delivered:.0f}% delivered: look at the reasons per domain."
        )
    return "Ziet er gezond uit." if nl else "Looks healthy."


def badness(figures: Figures) -> float:
    """How bad a client's period was, for "worst first": failures and complaints weigh most."""
    if not _sent(figures):
        return 0.0
    return (
        (figures.hard_bounce_rate or 0.0) * 2
        + (figures.complaint_rate or 0.0) * 20
        + (100.0 - (figures.delivered_rate or 0.0))
    )


def worst_first(figures: Figures, name: str) -> tuple[bool, float, str]:
    """Sort key of clients, worst first; those with too little sent to tell go last."""
    return (_sent(figures) < HINT_SMALL, -badness(figures), name)


def _sent(figures: Figures) -> int:
    """The messages sent when they were counted (the rates' base), else the sent events."""
    return figures.outcomes.sent if figures.outcomes is not None else figures.sent
