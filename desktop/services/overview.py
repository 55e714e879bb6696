"""The Overview's figures: today's tiles against the usual, a period's chart and clients, incidents.

Everything comes from the event roll-up (a few thousand rows at most) plus two small counts,
so the Overview opens fast on a database of millions of events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from desktop.domain.model import MessageStatus, Reason
from desktop.domain.search import SearchCriteria
from desktop.domain.stats import (
    FAILURE_TYPES,
    TROUBLE_TYPES,
    Dimension,
    Figures,
    MessageCount,
    Outcomes,
    RollupCount,
    client_hint,
    failures_by_reason,
    unusual,
    worst_first,
)
from desktop.services.ports import UnitOfWork
from desktop.services.systemic import SystemicCluster, systemic_clusters

WEEKS_BACK = 4  # "the same hours of the last four same weekdays"
TOP_DOMAINS = 8


class Period(StrEnum):
    DAY = "24h"
    WEEK = "7d"
    MONTH = "30d"

    @property
    def span(self) -> timedelta:
        return {"24h": timedelta(hours=24), "7d": timedelta(days=7)}.get(
            self.value, timedelta(days=30)
        )


class TileKind(StrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    HARD = "hard_bounces"
    SOFT = "soft_bounces"
    DELAYED = "delayed"
    COMPLAINTS = "complaints"
    QUARANTINES = "quarantines"
    PENDING = "pending"


TILE_LABELS = {
    TileKind.SENT: "Sent",
    TileKind.DELIVERED: "Delivered",
    TileKind.HARD: "Hard bounces",
    TileKind.SOFT: "Soft bounces",
    TileKind.DELAYED: "Delayed",
    TileKind.COMPLAINTS: "Complaints",
    TileKind.QUARANTINES: "New quarantines",
    TileKind.PENDING: "Pending requests",
}
_OF_FIGURES: dict[TileKind, Callable[[Figures], float | None]] = {
    TileKind.SENT: lambda f: f.sent,
    TileKind.DELIVERED: lambda f: f.delivered_rate,  # None: nothing sent, so no share
    TileKind.HARD: lambda f: f.hard_bounces,
    TileKind.SOFT: lambda f: f.soft_bounces,
    TileKind.DELAYED: lambda f: f.deferred,
    TileKind.COMPLAINTS: lambda f: f.complaints,
}


@dataclass(frozen=True, slots=True)
class Tile:
    """One of today's figures, the same hours of earlier weeks, and whether it stands out."""

    kind: TileKind
    value: float | None  # None: a share of nothing (no mail sent)
    history: tuple[float, ...]  # one per earlier week, most recent first; () if not compared
    flagged: bool
    criteria: SearchCriteria | None  # the search that shows the messages behind it

    @property
    def label(self) -> str:
        return TILE_LABELS[self.kind]

    @property
    def text(self) -> str:
        if self.value is None:
            return "no mail sent"
        return _number(self.value, self.kind is TileKind.DELIVERED)

    @property
    def usual(self) -> str:
        if not self.history:
            return ""
        percent = self.kind is TileKind.DELIVERED
        low, high = min(self.history), max(self.history)
        if _number(low, percent) == _number(high, percent):
            return f"usually {_number(low, percent)}"
        return f"usually {_number(low, percent)}–{_number(high, percent)}"


def _number(value: float, percent: bool) -> str:
    return f"{value:.1f}%" if percent else f"{value:,.0f}".replace(",", " ")


def local_midnight(now: datetime, zone: tzinfo) -> datetime:
    local = now.astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def today_tiles(uow: UnitOfWork, now: datetime, zone: tzinfo) -> list[Tile]:
    """Today (local midnight to now) beside the same hours of the last four same weekdays."""
    start = local_midnight(now, zone)
    end = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    week = timedelta(days=7)
    # One small sum per week (a handful of rows each) rather than every hour of four weeks.
    windows = [
        uow.stats.counts(start - back * week, end - back * week) for back in range(WEEKS_BACK + 1)
    ]
    # The delivered share is of the messages sent in each window, however late their answer.
    outcomes = [
        Outcomes.of(uow.stats.message_counts(start - back * week, now - back * week))
        for back in range(WEEKS_BACK + 1)
    ]
    figures = [Figures.of(items, sent) for items, sent in zip(windows, outcomes, strict=True)]
    quarantines = [
        float(uow.stats.quarantines_started(start - back * week, now - back * week))
        for back in range(WEEKS_BACK + 1)
    ]
    today = SearchCriteria(since=start)
    criteria = {
        TileKind.SENT: today,
        TileKind.DELIVERED: SearchCriteria(since=start, status=MessageStatus.DELIVERED),
        TileKind.HARD: SearchCriteria(since=start, status=MessageStatus.HARD_BOUNCE),
        TileKind.SOFT: SearchCriteria(since=start, status=MessageStatus.SOFT_BOUNCE),
        TileKind.DELAYED: SearchCriteria(since=start, status=MessageStatus.DEFERRED),
        TileKind.COMPLAINTS: SearchCriteria(since=start, status=MessageStatus.SPAM_COMPLAINT),
    }
    tiles = []
    for kind, measure in _OF_FIGURES.items():
        found = measure(figures[0])
        value = float(found) if found is not None else None
        # Weeks with nothing sent (a new desk) say nothing about what is usual.
        history = tuple(float(m) for f in figures[1:] if f.sent and (m := measure(f)) is not None)
        percent = kind is TileKind.DELIVERED
        flagged = value is not None and unusual(
            value, history, 5.0 if percent else 10.0, relative=not percent
        )
        tiles.append(Tile(kind, value, history, flagged, criteria[kind]))
    q_history = tuple(quarantines[1:]) if any(f.sent for f in figures[1:]) else ()
    tiles.append(
        Tile(
            TileKind.QUARANTINES,
            quarantines[0],
            q_history,
            unusual(quarantines[0], q_history, 10.0),
            None,
        )
    )
    tiles.append(Tile(TileKind.PENDING, float(uow.stats.pending_requests()), (), False, None))
    return tiles


@dataclass(frozen=True, slots=True)
class Bar:
    """One time bucket of the chart: bounces and deferrals per 100 sent, stacked by reason."""

    start: datetime
    end: datetime
    sent: int
    segments: tuple[tuple[Reason, float], ...]  # (reason, per 100 sent), in `reasons` order

    @property
    def total(self) -> float:
        return sum(rate for _reason, rate in self.segments)


@dataclass(frozen=True, slots=True)
class ClientRow:
    account: str
    figures: Figures
    hint: str


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """What the chart and the clients table show for one period (and maybe one domain)."""

    period: Period
    since: datetime
    until: datetime
    domain: str | None
    bars: tuple[Bar, ...]
    reasons: tuple[Reason, ...]  # the chart's stack, most failures first
    domains: tuple[str, ...]  # the top receiving domains by mail sent, for the chart's choice
    clients: tuple[ClientRow, ...]  # worst first


def period_figures(
    uow: UnitOfWork,
    now: datetime,
    period: Period,
    zone: tzinfo,
    domain: str | None = None,
    language: str = "en",
) -> PeriodFigures:
    """The chart (hours for 24 h, local days otherwise), the top domains and the clients."""
    until = now
    # Whole buckets ending with the current one: 24 hours, or 7 or 30 local days.
    if period is Period.DAY:
        since = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1) - period.span
    else:
        since = local_midnight(now, zone) - period.span + timedelta(days=1)
    if period is Period.DAY:
        by_time = uow.stats.counts(since, until, [Dimension.HOUR, Dimension.REASON], domain=domain)
    else:  # summed per local day by the database: a row per day and reason, not per hour
        by_time = uow.stats.counts(
            since, until, [Dimension.DAY, Dimension.REASON], domain=domain, zone=zone
        )
    buckets = _buckets(since, until, period, zone)
    grouped: list[list[RollupCount]] = [[] for _ in buckets]
    starts = [start for start, _end in buckets]
    for count in by_time:
        assert count.hour is not None
        index = _bucket_of(starts, count.hour)
        if index is not None:
            grouped[index].append(count)
    failing: dict[Reason, int] = defaultdict(int)
    for count in by_time:
        if count.type in TROUBLE_TYPES:
            failing[count.reason or Reason.UNKNOWN] += count.n
    reasons = tuple(sorted(failing, key=lambda r: (-failing[r], r.value)))
    bars = tuple(
        _bar(start, end, items, reasons)
        for (start, end), items in zip(buckets, grouped, strict=True)
    )
    per_domain = uow.stats.counts(since, until, [Dimension.DOMAIN])
    domain_groups: dict[str, list[RollupCount]] = defaultdict(list)
    for count in per_domain:
        domain_groups[count.domain or ""].append(count)
    sent = {name: Figures.of(items).sent for name, items in domain_groups.items() if name}
    domains = tuple(sorted(sent, key=lambda name: (-sent[name], name))[:TOP_DOMAINS])
    return PeriodFigures(
        period, since, until, domain, bars, reasons, domains, _clients(uow, since, until, language)
    )


def _clients(
    uow: UnitOfWork, since: datetime, until: datetime, language: str
) -> tuple[ClientRow, ...]:
    groups: dict[str, list[RollupCount]] = defaultdict(list)
    for count in uow.stats.counts(since, until, [Dimension.ACCOUNT, Dimension.REASON]):
        groups[count.account or ""].append(count)
    sent: dict[str, list[MessageCount]] = defaultdict(list)
    for message in uow.stats.message_counts(since, until, [Dimension.ACCOUNT]):
        sent[message.account or ""].append(message)
    rows = []
    for name in groups.keys() | sent.keys():
        items = groups.get(name, [])
        figures = Figures.of(items, Outcomes.of(sent.get(name, ())))
        rows.append(
            ClientRow(name, figures, client_hint(figures, failures_by_reason(items), language))
        )
    return tuple(sorted(rows, key=lambda row: worst_first(row.figures, row.account)))


def _buckets(
    since: datetime, until: datetime, period: Period, zone: tzinfo
) -> list[tuple[datetime, datetime]]:
    if period is Period.DAY:
        first = since.replace(minute=0, second=0, microsecond=0)
        step = timedelta(hours=1)
    else:
        first = local_midnight(since, zone)
        step = timedelta(days=1)
    buckets = []
    start = first
    while start < until:
        buckets.append((start, start + step))
        start += step
    return buckets


def _bucket_of(starts: Sequence[datetime], hour: datetime) -> int | None:
    # Buckets are few (at most 31): a scan from the end is as fast as a bisect here.
    for index in range(len(starts) - 1, -1, -1):
        if hour >= starts[index]:
            return index
    return None


def _bar(
    start: datetime, end: datetime, counts: Sequence[RollupCount], reasons: Sequence[Reason]
) -> Bar:
    figures = Figures.of(counts)
    failing: dict[Reason, int] = defaultdict(int)
    for count in counts:
        if count.type in TROUBLE_TYPES:
            failing[count.reason or Reason.UNKNOWN] += count.n
    segments = tuple((reason, figures.rate(failing.get(reason, 0)) or 0.0) for reason in reasons)
    return Bar(start, end, figures.sent, segments)


# --- incidents ------------------------------------------------------------------------------

_WHAT = {
    Reason.BLOCKED: ("blocked", "geblokkeerd"),
    Reason.SERVER_ERROR: ("refused by struggling servers", "geweigerd door overbelaste servers"),
}
_ADVICE = {
    Reason.BLOCKED: (
        "probably a block of our sending IP; escalate, don't release one by one",
        "waarschijnlijk een blokkade van ons verzend-IP; escaleer, geef niet één voor één vrij",
    ),
    Reason.SERVER_ERROR: (
        "the provider has trouble; its mail is retried, don't release one by one",
        "de provider heeft storing; de mail wordt opnieuw geprobeerd, geef niet één voor één vrij",
    ),
}


@dataclass(frozen=True, slots=True)
class Incident:
    """A suspected provider-side problem, in plain words, with what it links to."""

    cluster: SystemicCluster
    reason: Reason
    share: float  # per 100 sent to the domain since the burst began
    usual: float  # the same over the week before
    text: str
    criteria: SearchCriteria  # the affected messages


def incidents(uow: UnitOfWork, now: datetime, zone: tzinfo, language: str = "en") -> list[Incident]:
    """The systemic-block detector's findings, each against the domain's usual failure share."""
    found = []
    nl = language == "nl"
    for cluster in systemic_clusters(uow, now):
        reason = cluster.reasons[0][0] if cluster.reasons else Reason.UNKNOWN
        since = cluster.first_at
        share = _share(
            uow.stats.counts(since, now, [Dimension.REASON], domain=cluster.domain), reason
        )
        # The week before, up to the hour the burst began in (counts are per hour).
        before = since.replace(minute=0, second=0, microsecond=0)
        usual = _share(
            uow.stats.counts(
                before - timedelta(days=7), before, [Dimension.REASON], domain=cluster.domain
            ),
            reason,
        )
        what = _WHAT.get(reason, (reason.value.replace("_", " "), reason.value.replace("_", " ")))
        advice = _ADVICE.get(
            reason, ("look at the reasons before releasing", "bekijk eerst de redenen")
        )
        clock = since.astimezone(zone).strftime("%H:%M")
        since_word, usually_word = ("sinds", "normaal") if nl else ("since", "usually")
        index = 1 if nl else 0
        text = (
            f"{cluster.domain}: {share:.0f}% {what[index]} {since_word} {clock}, "
            f"{usually_word} {usual:.1f}% — {advice[index]}"
        )
        found.append(
            Incident(
                cluster,
                reason,
                share,
                usual,
                text,
                SearchCriteria(domain=cluster.domain, since=since),
            )
        )
    return found


def _share(counts: Sequence[RollupCount], reason: Reason) -> float:
    """Failures for `reason` per 100 sent (or 0 when nothing was sent)."""
    figures = Figures.of(counts)
    failed = sum(c.n for c in counts if c.reason is reason and c.type in FAILURE_TYPES)
    return figures.rate(failed) or 0.0
