"""A client's deliverability report: the figures, reasons, quarantines and ranked advice.

The ui renders it (ui/report/); this module only gathers and ranks, so the CLI and the GUI
produce the same report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.model import Quarantine, Reason
from desktop.domain.phrases import Wording
from desktop.domain.stats import FAILURE_TYPES, Dimension, Figures, Outcomes, RollupCount
from desktop.services.ports import UnitOfWork
from desktop.services.report_texts import reason_texts
from desktop.services.stats import BACKWARDS

_NO_ACCOUNT = Wording("no account called {account!r}", "er is geen account {account!r}")
QUARANTINE_LIMIT = 200  # listed by name; the rest are counted
# How much one failure of a reason costs the client: a complaint hurts every later send, a
# temporary failure is mostly retried and delivered, so it ranks low even when frequent.
_WEIGHTS = {
    Reason.SPAM_COMPLAINT: 10.0,
    Reason.DELAYED: 0.02,
    Reason.SERVER_UNREACHABLE: 0.2,
    Reason.SERVER_ERROR: 0.2,
    Reason.MAILBOX_FULL: 0.5,
}


@dataclass(frozen=True, slots=True)
class ReasonSection:
    reason: Reason
    count: int  # failed events for this reason
    title: str
    meaning: str
    what_you_can_do: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DayBar:
    day: datetime  # local midnight
    sent: int
    segments: tuple[tuple[Reason, float], ...]  # per 100 sent, in `ClientReport.reasons` order


@dataclass(frozen=True, slots=True)
class ClientReport:
    account: str
    since: datetime
    until: datetime
    language: str
    figures: Figures
    reasons: tuple[ReasonSection, ...]  # most failures first
    days: tuple[DayBar, ...]
    quarantined: tuple[Quarantine, ...]
    quarantined_total: int
    advice: tuple[str, ...]  # most impact first


def client_report(
    uow: UnitOfWork,
    account: str,
    since: datetime,
    until: datetime,
    zone: tzinfo,
    language: str = "en",
) -> ClientReport:
    """Gather the report of `account` for [since, until); raises NotFound for an unknown one."""
    if since >= until:
        raise ValidationError(BACKWARDS())
    if account not in uow.messages.account_names():
        raise NotFound(_NO_ACCOUNT(account=account))
    counts = uow.stats.counts(since, until, [Dimension.HOUR, Dimension.REASON], account=account)
    sent = Outcomes.of(uow.stats.message_counts(since, until, account=account))
    figures = Figures.of(counts, sent)
    failing: dict[Reason, int] = defaultdict(int)
    for count in counts:
        if count.type in FAILURE_TYPES:
            failing[count.reason or Reason.UNKNOWN] += count.n
    order = sorted(failing, key=lambda r: (-failing[r], r.value))
    sections = tuple(
        ReasonSection(reason, failing[reason], *reason_texts(reason, language)) for reason in order
    )
    quarantines = uow.stats.quarantines_of_account(account, since, until, limit=100_000)
    return ClientReport(
        account=account,
        since=since,
        until=until,
        language=language,
        figures=figures,
        reasons=sections,
        days=_days(counts, since, until, zone, order),
        quarantined=tuple(quarantines[:QUARANTINE_LIMIT]),
        quarantined_total=len(quarantines),
        advice=_advice(figures, sections, language),
    )


def _days(
    counts: list[RollupCount], since: datetime, until: datetime, zone: tzinfo, order: list[Reason]
) -> tuple[DayBar, ...]:
    first = since.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    starts: list[datetime] = []
    day = first
    while day < until:
        starts.append(day)
        day = (day + timedelta(days=1, hours=2)).replace(hour=0)  # safe across DST changes
    grouped: list[list[RollupCount]] = [[] for _ in starts]
    for count in counts:
        assert count.hour is not None
        local = count.hour.astimezone(zone)
        for index in range(len(starts) - 1, -1, -1):
            if local >= starts[index]:
                grouped[index].append(count)
                break
    bars = []
    for start, items in zip(starts, grouped, strict=True):
        figures = Figures.of(items)
        failing: dict[Reason, int] = defaultdict(int)
        for count in items:
            if count.type in FAILURE_TYPES:
                failing[count.reason or Reason.UNKNOWN] += count.n
        segments = tuple((r, figures.rate(failing.get(r, 0)) or 0.0) for r in order)
        bars.append(DayBar(start, figures.sent, segments))
    return tuple(bars)


def _advice(
    figures: Figures, sections: tuple[ReasonSection, ...], language: str
) -> tuple[str, ...]:
    """One line per problem, ranked by how many messages it cost (complaints weigh ten times:
    they hurt every later send of the client)."""
    nl = language == "nl"
    ranked: list[tuple[float, str]] = []
    for section in sections:
        share = figures.rate(section.count) or 0.0
        first_step = section.what_you_can_do[0] if section.what_you_can_do else ""
        words = (
            f"{section.title} ({section.count}×, {share:.1f} per 100 verstuurd): {first_step}"
            if nl
            else f"{section.title} ({section.count}×, {share:.1f} per 100 sent): {first_step}"
        )
        weight = section.count * _WEIGHTS.get(section.reason, 1.0)
        ranked.append((weight, words))
    if figures.complaints:
        words = (
            f"{figures.complaints} spamklacht(en): stuur alleen aan wie zich aanmeldde, "
            "en maak afmelden makkelijk."
            if nl
            else f"{figures.complaints} spam complaint(s): send only to people who signed up, "
            "and make unsubscribing easy."
        )
        ranked.append((figures.complaints * 10.0, words))
    ranked.sort(key=lambda item: -item[0])
    return tuple(words for _weight, words in ranked)
