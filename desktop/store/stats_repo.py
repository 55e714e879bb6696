"""Reads of the event roll-up for the Overview, `bouncedesk stats` and the client report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, case, exists, func, select, text
from sqlalchemy.orm import Session

from desktop.domain.model import EventType, MessageStatus, Quarantine, Reason
from desktop.domain.stats import Dimension, MessageCount, RollupCount
from desktop.store import message_rollup, rollup
from desktop.store.quarantines import quarantine_from_row
from desktop.store.tables import (
    AccountRollupRow,
    AccountRow,
    DomainRollupRow,
    EventRollupRow,
    HourlyRollupRow,
    MessageAccountsRow,
    MessageDomainsRow,
    MessageHourlyRow,
    MessageRollupRow,
    MessageRow,
    QuarantineRow,
    ReleaseRequestRow,
)

_TYPES = {kind.value: kind for kind in EventType}
_STATUSES = {status.value: status for status in MessageStatus}
_REASONS = {reason.value: reason for reason in Reason}
# Longer than this, a question per account or per domain reads the daily roll-ups for the
# whole UTC days inside the period, and the hourly one for the hours at either edge.
DAILY_AFTER = timedelta(hours=48)


def _hour_floor(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _day_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _day_ceil(moment: datetime) -> datetime:
    floor = _day_floor(moment)
    return floor if floor == moment else floor + timedelta(days=1)


def _day_start(day: str, zone: tzinfo) -> datetime:
    """The UTC moment a local date ("2026-11-27") began in `zone`."""
    return datetime.fromisoformat(day).replace(tzinfo=zone).astimezone(UTC)


def _offsets(since: datetime, until: datetime, zone: tzinfo) -> list[tuple[datetime, timedelta]]:
    """`zone`'s offsets from UTC over the hours of [since, until): (from when, offset)."""
    hour = _hour_floor(since.astimezone(UTC))
    found: list[tuple[datetime, timedelta]] = []
    while hour < until or not found:
        offset = hour.astimezone(zone).utcoffset() or timedelta(0)
        if not found or found[-1][1] != offset:
            found.append((hour, offset))
        hour += timedelta(hours=1)
    return found


class _Family(NamedTuple):
    """A roll-up's four tables (full, hourly, per domain and day, per account and day) and the
    column that holds what is counted (the event type, the message status)."""

    detail: type[Any]
    hourly: type[Any]
    domains: type[Any]
    accounts: type[Any]
    kind: str


_EVENTS = _Family(EventRollupRow, HourlyRollupRow, DomainRollupRow, AccountRollupRow, "type")
_MESSAGES = _Family(
    MessageRollupRow, MessageHourlyRow, MessageDomainsRow, MessageAccountsRow, "status"
)


class _Sum(NamedTuple):
    kind: str
    n: int
    hour: datetime | None
    account: str | None
    domain: str | None
    reason: Reason | None


def _source(
    family: _Family,
    by: Sequence[Dimension],
    account: str | None,
    domain: str | None,
    span: timedelta,
) -> type[Any]:
    """The smallest roll-up table that answers the question."""
    wanted = set(by)
    if account is not None or domain is not None:
        return family.detail  # read through its (domain, hour) or (account, hour) index
    if wanted <= {Dimension.HOUR, Dimension.DAY, Dimension.REASON}:
        return family.hourly
    if span > DAILY_AFTER and not wanted & {Dimension.HOUR, Dimension.DAY}:
        if wanted <= {Dimension.DOMAIN}:
            return family.domains
        if wanted <= {Dimension.ACCOUNT, Dimension.REASON}:
            return family.accounts
    return family.detail


class SqlStatsRepository:
    """Grouped sums over the event and message roll-ups. Receives a session it does not own;
    never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
        zone: tzinfo = UTC,
    ) -> list[RollupCount]:
        found = []
        for item in self._sums(_EVENTS, since, until, by, account, domain, zone):
            kind = _TYPES.get(item.kind)
            if kind is not None:
                found.append(RollupCount(kind, *item[1:]))
        return found

    def message_counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
        zone: tzinfo = UTC,
    ) -> list[MessageCount]:
        # From the message roll-up, by sending hour as the event counts are by event hour: a
        # few thousand rows for any period, where `messages` would be read row by row.
        found = []
        for item in self._sums(_MESSAGES, since, until, by, account, domain, zone):
            status = _STATUSES.get(item.kind)
            if status is not None and item.n:
                found.append(MessageCount(status, *item[1:]))
        return found

    def _sums(
        self,
        family: _Family,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension],
        account: str | None,
        domain: str | None,
        zone: tzinfo,
    ) -> list[_Sum]:
        wanted = list(dict.fromkeys(by))
        table = _source(family, wanted, account, domain, until - since)
        if table not in (family.domains, family.accounts):
            return self._counts(family, table, since, until, wanted, account, domain, zone)
        # Daily tables hold UTC days: they answer the whole days inside the period, and the
        # hourly table the hours before the first and after the last (no edge rounds out).
        first, last = _day_ceil(since), _day_floor(until)
        if first >= last:
            return self._counts(family, family.detail, since, until, wanted, account, domain, zone)
        totals: dict[tuple[Any, ...], int] = {}
        for part, start, end in (
            (family.detail, since, first),
            (table, first, last),
            (family.detail, last, until),
        ):
            if start < end:
                for c in self._counts(family, part, start, end, wanted, account, domain, zone):
                    key = (c.kind, c.hour, c.account, c.domain, c.reason)
                    totals[key] = totals.get(key, 0) + c.n
        return [_Sum(k[0], n, k[1], k[2], k[3], k[4]) for k, n in totals.items()]

    def _counts(
        self,
        family: _Family,
        table: type[Any],
        since: datetime,
        until: datetime,
        wanted: list[Dimension],
        account: str | None,
        domain: str | None,
        zone: tzinfo,
    ) -> list[_Sum]:
        daily = table in (family.domains, family.accounts)
        time_column = table.day if daily else table.hour
        kind_column = getattr(table, family.kind)
        columns = {
            Dimension.HOUR: time_column,
            Dimension.DAY: self._local_day(time_column, since, until, zone)
            if Dimension.DAY in wanted
            else None,
            Dimension.ACCOUNT: AccountRow.name,
            Dimension.DOMAIN: getattr(table, "domain", None),
            Dimension.REASON: getattr(table, "reason", None),
        }
        selected = [columns[d] for d in wanted]
        start = _day_floor(since) if daily else _hour_floor(since)
        conditions: list[ColumnElement[bool]] = [time_column >= start, time_column < until]
        statement = select(kind_column, func.sum(table.n), *selected)
        if Dimension.ACCOUNT in wanted or account is not None:
            statement = statement.join(AccountRow, AccountRow.id == table.account_id)
        if account is not None:
            conditions.append(AccountRow.name == account)
        if domain is not None:
            conditions.append(table.domain == domain)
        statement = statement.where(*conditions).group_by(kind_column, *selected)
        found: list[_Sum] = []
        for row in self._session.execute(statement):
            values = dict(zip(wanted, row[2:], strict=True))
            reason = values.get(Dimension.REASON)
            hour = values.get(Dimension.HOUR)
            if hour is not None:
                hour = rollup.aware(hour)
            if Dimension.DAY in values:
                hour = _day_start(values[Dimension.DAY], zone)
            found.append(
                _Sum(
                    kind=str(row[0]),
                    n=int(row[1] or 0),
                    hour=hour,
                    account=values.get(Dimension.ACCOUNT),
                    domain=values.get(Dimension.DOMAIN),
                    reason=_REASONS.get(reason) if reason else None,
                )
            )
        return found

    def _hour(self, column: Any) -> Any:
        """SQL for the hour a stored UTC time falls in."""
        if self._session.get_bind().dialect.name == "sqlite":
            return func.substr(column, 1, 13).concat(":00:00.000000")
        return func.date_trunc("hour", column)

    def _local_day(self, column: Any, since: datetime, until: datetime, zone: tzinfo) -> Any:
        """SQL for the local date (as text) of a stored UTC hour in `zone`: one offset per
        stretch between daylight-saving changes."""
        stretches = _offsets(since, until, zone)
        sqlite = self._session.get_bind().dialect.name == "sqlite"

        def day(offset: timedelta) -> Any:
            minutes = int(offset.total_seconds() // 60)
            if sqlite:
                return func.substr(func.datetime(column, f"{minutes:+d} minutes"), 1, 10)
            return func.to_char(column + text(f"interval '{minutes} minutes'"), "YYYY-MM-DD")

        if len(stretches) == 1:
            return day(stretches[0][1])
        return case(
            *((column < begins, day(before)) for (_, before), (begins, _) in
              pairwise(stretches)),
            else_=day(stretches[-1][1]),
        )  # fmt: skip

    def quarantines_started(self, since: datetime, until: datetime) -> int:
        statement = select(func.count()).where(
            QuarantineRow.started_at >= since, QuarantineRow.started_at < until
        )
        return int(self._session.scalar(statement) or 0)

    def pending_requests(self) -> int:
        statement = select(func.count()).where(ReleaseRequestRow.state == "pending")
        return int(self._session.scalar(statement) or 0)

    def quarantines_of_account(
        self, account: str, since: datetime, until: datetime, limit: int = 500
    ) -> list[Quarantine]:
        sent_by_account = exists().where(
            MessageRow.recipient == QuarantineRow.address,
            MessageRow.account_id == AccountRow.id,
            AccountRow.name == account,
            # The account's mail went there before the quarantine began: its bounce or a
            # complaint about it is what started the quarantine.
            MessageRow.created_at <= QuarantineRow.started_at,
        )
        statement = (
            select(QuarantineRow)
            .where(
                and_(QuarantineRow.started_at >= since, QuarantineRow.started_at < until),
                sent_by_account,
            )
            .order_by(QuarantineRow.started_at, QuarantineRow.id)
            .limit(limit)
        )
        return [quarantine_from_row(row) for row in self._session.scalars(statement)]

    def rebuild(self) -> int:
        message_rollup.rebuild(self._session)
        return rollup.rebuild(self._session)
