"""The release outbox: rows written with a release, claimed by workers, finished by their calls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from desktop.domain.release_targets import CallOutcome, CallResult, DeliveryState, OutboxItem
from desktop.store.tables import QuarantineRow, ReleaseOutboxRow, ReleaseRequestRow

_T = ReleaseOutboxRow


def _item(row: ReleaseOutboxRow) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        request_id=row.request_id,
        address=row.address,
        cause=row.cause,
        reason=row.reason,
        target=row.target,
        kind=row.kind,
        idempotency_key=row.idempotency_key,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_status=row.last_status,
        last_error=row.last_error or "",
        done_at=row.done_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        note=row.note or "",
    )


class SqlOutboxRepository:
    """Outbox rows. Never commits; a claim must be committed before its calls are made."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add_many(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self._session.execute(insert(_T.__table__), list(rows))  # type: ignore[arg-type]

    def get(self, item_id: int) -> OutboxItem | None:
        row = self._session.get(_T, item_id)
        return _item(row) if row else None

    def for_request(self, request_id: int) -> list[OutboxItem]:
        rows = self._session.scalars(select(_T).where(_T.request_id == request_id).order_by(_T.id))
        return [_item(row) for row in rows]

    def for_requests(self, request_ids: Sequence[int]) -> dict[int, list[OutboxItem]]:
        found: dict[int, list[OutboxItem]] = {}
        if request_ids:
            query = select(_T).where(_T.request_id.in_(request_ids)).order_by(_T.id)
            for row in self._session.scalars(query):
                found.setdefault(row.request_id, []).append(_item(row))
        return found

    def recent_requests(self, limit: int) -> list[int]:
        """Requests with outbox rows, newest first; unfinished ones before finished ones."""
        unfinished = (DeliveryState.PENDING.value, DeliveryState.STOPPED.value)
        open_first = func.max(case((_T.state.in_(unfinished), 1), else_=0))
        query = (
            select(_T.request_id)
            .group_by(_T.request_id)
            .order_by(open_first.desc(), _T.request_id.desc())
            .limit(limit)
        )
        return [int(value) for value in self._session.scalars(query)]

    def unfinished(self, limit: int = 1000) -> list[OutboxItem]:
        """Rows still pending or stopped, oldest first (the quarantine tab's warnings)."""
        states = (DeliveryState.PENDING.value, DeliveryState.STOPPED.value)
        query = select(_T).where(_T.state.in_(states)).order_by(_T.created_at, _T.id).limit(limit)
        return [_item(row) for row in self._session.scalars(query)]

    def counts(self) -> dict[str, int]:
        query = select(_T.state, func.count()).group_by(_T.state)
        return {state: int(count) for state, count in self._session.execute(query)}

    def claim(
        self,
        worker: str,
        now: datetime,
        lease: timedelta,
        limit: int,
        targets: Sequence[str],
    ) -> list[OutboxItem]:
        """Take up to `limit` due rows of `targets` for `worker` until now + lease.

        Commit the claim before making the calls.

        PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so workers racing for rows pass each other
        by. SQLite: one UPDATE that picks and marks the rows; SQLite runs one writer at a time,
        so no row is handed out twice. Either way the lease makes a dead worker's rows due again.
        """
        if not targets:
            return []
        due = and_(
            _T.state == DeliveryState.PENDING.value,
            _T.next_attempt_at <= now,
            or_(_T.claim_until.is_(None), _T.claim_until < now),
            _T.target.in_(targets),
        )
        pick = select(_T.id).where(due).order_by(_T.next_attempt_at, _T.id).limit(limit)
        if self._session.get_bind().dialect.name == "postgresql":
            ids = list(self._session.scalars(pick.with_for_update(skip_locked=True)))
            if not ids:
                return []
            chosen = _T.id.in_(ids)
        else:
            chosen = _T.id.in_(pick.scalar_subquery())
        until = now + lease
        self._session.execute(update(_T).where(chosen).values(claimed_by=worker, claim_until=until))
        query = select(_T).where(_T.claimed_by == worker, _T.claim_until == until).order_by(_T.id)
        return [_item(row) for row in self._session.scalars(query)]

    def finish(
        self,
        item_id: int,
        worker: str,
        result: CallResult,
        now: datetime,
        next_attempt_at: datetime | None = None,
    ) -> bool:
        """Record a call's result on a row `worker` still holds; false when it lost the row."""
        values: dict[str, Any] = {
            "attempts": _T.attempts + 1,
            "last_status": result.status,
            "last_error": result.detail[:500],
            "claimed_by": None,
            "claim_until": None,
            "updated_at": now,
        }
        if result.succeeded:
            values.update(state=DeliveryState.DONE.value, done_at=now, last_error="")
        elif result.outcome is CallOutcome.STOP:
            values.update(state=DeliveryState.STOPPED.value)
        else:
            values.update(next_attempt_at=next_attempt_at or now)
        changed = self._session.execute(
            update(_T)
            .where(_T.id == item_id, _T.claimed_by == worker, _T.state == "pending")
            .values(**values)
        )
        return bool(getattr(changed, "rowcount", 0))

    def release_claims(self, worker: str) -> None:
        """Hand back rows a stopping worker took but did not call."""
        self._session.execute(
            update(_T).where(_T.claimed_by == worker).values(claimed_by=None, claim_until=None)
        )

    def set_state(
        self,
        item_id: int,
        state: DeliveryState,
        note: str,
        now: datetime,
        only_from: Sequence[DeliveryState],
    ) -> bool:
        """An approver's retry (back to pending, due now) or give-up; compare-and-set."""
        values: dict[str, Any] = {"state": state.value, "note": note, "updated_at": now}
        if state is DeliveryState.PENDING:
            values.update(next_attempt_at=now, claimed_by=None, claim_until=None)
        changed = self._session.execute(
            update(_T)
            .where(_T.id == item_id, _T.state.in_([s.value for s in only_from]))
            .values(**values)
        )
        return bool(getattr(changed, "rowcount", 0))

    def stopped_targets(self) -> set[str]:
        query = select(_T.target).where(_T.state == DeliveryState.STOPPED.value).distinct()
        return set(self._session.scalars(query))

    def desk_states(self, addresses: Sequence[str], now: datetime) -> dict[str, str]:
        """For reconciling: "quarantined" (in force now), "released" (the latest was released)
        or "ended" (ran out) per address the desk knows; unknown addresses are left out."""
        Q = QuarantineRow
        states: dict[str, str] = {}
        latest: dict[str, datetime] = {}
        for start in range(0, len(addresses), 500):
            chunk = list(addresses[start : start + 500])
            query = select(Q.address, Q.started_at, Q.ends_at, Q.released_at).where(
                Q.address.in_(chunk)
            )
            for address, started, ends, released in self._session.execute(query):
                if states.get(address) == "quarantined":
                    continue
                if released is None and started <= now < ends:
                    states[address] = "quarantined"
                elif address not in latest or started > latest[address]:
                    latest[address] = started
                    states[address] = "released" if released is not None else "ended"
        return states

    def latest_request(self, address: str) -> int | None:
        """The newest applied release request of `address` (to queue a call again)."""
        R, Q = ReleaseRequestRow, QuarantineRow
        query = (
            select(R.id)
            .join(Q, Q.id == R.quarantine_id)
            .where(Q.address == address, R.state == "applied")
            .order_by(R.id.desc())
            .limit(1)
        )
        found = self._session.scalar(query)
        return int(found) if found is not None else None
