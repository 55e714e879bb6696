"""Reads of the event roll-up for the Overview, `bouncedesk stats` and the client report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from desktop.domain.model import EventType, Quarantine, Reason
from desktop.domain.stats import Dimension, RollupCount
from desktop.store import rollup
from desktop.store.quarantines import quarantine_from_row
from desktop.store.tables import (
    AccountRow,
    EventRollupRow,
    MessageRow,
    QuarantineRow,
    ReleaseRequestRow,
)

_TYPES = {kind.value: kind for kind in EventType}
_REASONS = {reason.value: reason for reason in Reason}
_COLUMNS: dict[Dimension, Any] = {
    Dimension.HOUR: EventRollupRow.hour,
    Dimension.ACCOUNT: AccountRow.name,
    Dimension.DOMAIN: EventRollupRow.domain,
    Dimension.REASON: EventRollupRow.reason,
}


def _hour_floor(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


class SqlStatsRepository:
    """Grouped sums over `event_rollup`. Receives a session it does not own; never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
    ) -> list[RollupCount]:
        wanted = list(dict.fromkeys(by))
        columns = [_COLUMNS[d] for d in wanted]
        conditions: list[ColumnElement[bool]] = [
            EventRollupRow.hour >= _hour_floor(since),
            EventRollupRow.hour < until,
        ]
        statement = select(EventRollupRow.type, func.sum(EventRollupRow.n), *columns)
        if Dimension.ACCOUNT in wanted or account is not None:
            statement = statement.join(AccountRow, AccountRow.id == EventRollupRow.account_id)
        if account is not None:
            conditions.append(AccountRow.name == account)
        if domain is not None:
            conditions.append(EventRollupRow.domain == domain)
        statement = statement.where(*conditions).group_by(EventRollupRow.type, *columns)
        found: list[RollupCount] = []
        for row in self._session.execute(statement):
            kind = _TYPES.get(row[0])
            if kind is None:
                continue
            values = dict(zip(wanted, row[2:], strict=True))
            reason = values.get(Dimension.REASON)
            found.append(
                RollupCount(
                    type=kind,
                    n=int(row[1] or 0),
                    hour=values.get(Dimension.HOUR),
                    account=values.get(Dimension.ACCOUNT),
                    domain=values.get(Dimension.DOMAIN),
                    reason=_REASONS.get(reason) if reason else None,
                )
            )
        return found

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
        return rollup.rebuild(self._session)
