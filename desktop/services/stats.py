"""Delivery figures per hour, day, domain, reason or account: for `bouncedesk stats`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from desktop.domain.errors import ValidationError
from desktop.domain.model import EventType
from desktop.domain.phrases import Wording
from desktop.domain.stats import (
    Dimension,
    Figures,
    MessageCount,
    Outcomes,
    RollupCount,
    client_hint,
    failures_by_reason,
    worst_first,
)
from desktop.services.ports import UnitOfWork

BACKWARDS = Wording(
    "--since must be before --until", "Het begin van de periode moet voor het einde liggen."
)


class GroupBy(StrEnum):
    HOUR = "hour"
    DAY = "day"
    DOMAIN = "domain"
    REASON = "reason"
    ACCOUNT = "account"


_DIMENSION = {
    GroupBy.HOUR: Dimension.HOUR,
    GroupBy.DAY: Dimension.DAY,  # summed per UTC day by the database
    GroupBy.DOMAIN: Dimension.DOMAIN,
    GroupBy.REASON: Dimension.REASON,
    GroupBy.ACCOUNT: Dimension.ACCOUNT,
}


@dataclass(frozen=True, slots=True)
class StatsRow:
    """One group's figures; `key` is its hour, day, domain, reason or account ("" for all)."""

    key: str
    figures: Figures
    hint: str = ""

    def as_json(self, by: GroupBy | None) -> dict[str, Any]:
        f = self.figures
        row: dict[str, Any] = {by.value if by else "period": self.key}
        row.update(
            sent=f.sent,
            delivered=f.delivered,
            deferred=f.deferred,
            soft_bounces=f.soft_bounces,
            hard_bounces=f.hard_bounces,
            rejected=f.rejected,
            complaints=f.complaints,
            quarantined=f.quarantined,
            released=f.released,
            messages_sent=f.messages_sent,
            delivered_rate=_rounded(f.delivered_rate),
            hard_bounce_rate=_rounded(f.hard_bounce_rate),
            complaint_rate=_rounded(f.complaint_rate),
            bounce_deferral_rate=_rounded(f.trouble_rate),
        )
        if by is GroupBy.ACCOUNT:
            row["hint"] = self.hint
        return row


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def window(
    since: datetime | None, until: datetime | None, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The period asked for: until now and the 24 hours before it unless given."""
    end = until if until is not None else (now or datetime.now(UTC))
    start = since if since is not None else end - timedelta(hours=24)
    if start >= end:
        raise ValidationError(BACKWARDS())
    return start, end


def stats_rows(
    uow: UnitOfWork,
    since: datetime,
    until: datetime,
    by: GroupBy | None = None,
    account: str | None = None,
    language: str = "en",
) -> list[StatsRow]:
    """The figures of the period, one row per group (a single row when not grouped)."""
    dims = [_DIMENSION[by]] if by is not None else []
    if by is GroupBy.ACCOUNT:  # the hint tells addresses that do not exist from blocks
        dims.append(Dimension.REASON)
    counts = uow.stats.counts(since, until, dims, account=account)
    # The rates are shares of the messages sent in the period (grouped by their sending hour
    # or day), not of whatever events fell in it: see domain.stats.Outcomes.
    messages = uow.stats.message_counts(since, until, dims, account=account)
    if by is None:
        label = f"{since.isoformat()}/{until.isoformat()}"
        return [StatsRow(label, Figures.of(counts, Outcomes.of(messages)))]
    if by is GroupBy.REASON:
        return _reason_rows(counts, messages)
    groups: dict[Any, list[RollupCount]] = defaultdict(list)
    for count in counts:
        groups[_group_key(count, by)].append(count)
    sent: dict[Any, list[MessageCount]] = defaultdict(list)
    for message in messages:
        sent[_group_key(message, by)].append(message)
    rows = [
        StatsRow(_label(key), Figures.of(groups.get(key, []), Outcomes.of(sent.get(key, ()))))
        for key in sorted(groups.keys() | sent.keys(), key=str)
    ]
    if by in (GroupBy.HOUR, GroupBy.DAY):
        return sorted(rows, key=lambda row: row.key)
    if by is GroupBy.ACCOUNT:
        rows = [
            StatsRow(
                r.key,
                r.figures,
                client_hint(r.figures, failures_by_reason(groups.get(r.key, [])), language),
            )
            for r in rows
        ]
        return sorted(rows, key=lambda row: worst_first(row.figures, row.key))
    return sorted(rows, key=lambda row: (-row.figures.sent, row.key))


def _group_key(count: RollupCount | MessageCount, by: GroupBy) -> Any:
    if by is GroupBy.HOUR:
        return count.hour
    if by is GroupBy.DAY:
        assert count.hour is not None
        return count.hour.date()
    if by is GroupBy.DOMAIN:
        return count.domain or ""
    return count.account or ""


def _label(key: Any) -> str:
    if isinstance(key, datetime):
        return key.astimezone(UTC).isoformat()
    return str(key.isoformat() if hasattr(key, "isoformat") else key)


def _reason_rows(counts: Sequence[RollupCount], messages: Sequence[MessageCount]) -> list[StatsRow]:
    """Per reason, its events; `sent` is the whole period's, so the rates are shares of it
    (of the messages sent in the period, those that ended with this reason)."""
    total = Figures.of(counts)
    sent = Outcomes.of(messages).sent
    by_reason: dict[str, list[RollupCount]] = defaultdict(list)
    for count in counts:
        if count.reason is not None and count.type is not EventType.DELIVERED:
            by_reason[count.reason.value].append(count)
    ended: dict[str, list[MessageCount]] = defaultdict(list)
    for message in messages:
        if message.reason is not None:
            ended[message.reason.value].append(message)
    rows = []
    for reason, items in by_reason.items():
        figures = Figures.of(items)
        mine = Outcomes.of(ended.get(reason, ()))
        # A message that failed for this reason was not delivered: its share stays 0 here.
        outcomes = Outcomes(sent, 0, mine.hard_bounced, mine.complained)
        rows.append(StatsRow(reason, _with_sent(figures, total.sent, outcomes)))
    return sorted(rows, key=lambda row: (-_failures(row.figures), row.key))


def _with_sent(figures: Figures, sent: int, outcomes: Outcomes) -> Figures:
    return Figures(
        sent, figures.delivered, figures.deferred, figures.soft_bounces, figures.hard_bounces,
        figures.rejected, figures.complaints, figures.quarantined, figures.released, outcomes,
    )  # fmt: skip


def _failures(f: Figures) -> int:
    return f.hard_bounces + f.soft_bounces + f.deferred + f.rejected + f.complaints


def rebuild_rollup(uow: UnitOfWork) -> int:
    """Recount the roll-up from every stored event (old databases, or after a repair)."""
    rows = uow.stats.rebuild()
    uow.commit()
    return rows
