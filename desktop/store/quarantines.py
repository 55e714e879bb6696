"""Quarantines and the per-address policy memory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop.domain.model import Quarantine, QuarantineCause, Reason
from desktop.store.tables import AddressStateRow, QuarantineEventRow, QuarantineRow


def _quarantine(row: QuarantineRow, cause_events: Sequence[int] = ()) -> Quarantine:
    return Quarantine(
        id=row.id,
        address=row.address,
        cause=QuarantineCause(row.cause),
        reason=Reason(row.reason),
        started_at=row.started_at,
        ends_at=row.ends_at,
        released_at=row.released_at,
        cause_event_ids=tuple(cause_events),
    )


class SqlQuarantineRepository:
    """Quarantine records. Receives a session it does not own; never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        address: str,
        cause: QuarantineCause,
        reason: Reason,
        started_at: datetime,
        ends_at: datetime,
        cause_event_ids: Sequence[int] = (),
    ) -> int:
        new_id = self._session.scalar(
            insert(QuarantineRow)
            .values(
                address=address,
                cause=cause.value,
                reason=reason.value,
                started_at=started_at,
                ends_at=ends_at,
            )
            .returning(QuarantineRow.id)
        )
        assert new_id is not None
        new_id = int(new_id)
        if cause_event_ids:
            self._session.execute(
                insert(QuarantineEventRow),
                [{"quarantine_id": new_id, "event_id": e} for e in dict.fromkeys(cause_event_ids)],
            )
        return new_id

    def add_many(self, rows: Sequence[dict[str, Any]], links: Sequence[dict[str, int]]) -> None:
        """Bulk insert for generators: quarantine rows with explicit ids, and their cause links."""
        if rows:
            self._session.execute(insert(QuarantineRow), list(rows))
        if links:
            self._session.execute(insert(QuarantineEventRow), list(links))

    def get(self, quarantine_id: int) -> Quarantine | None:
        row = self._session.get(QuarantineRow, quarantine_id)
        return _quarantine(row, self._cause_events(row.id)) if row else None

    def active_for(self, address: str, at: datetime) -> Quarantine | None:
        row = self._session.scalars(
            select(QuarantineRow)
            .where(
                QuarantineRow.address == address,
                QuarantineRow.released_at.is_(None),
                QuarantineRow.started_at <= at,
                QuarantineRow.ends_at > at,
            )
            .order_by(QuarantineRow.started_at.desc())
            .limit(1)
        ).first()
        return _quarantine(row, self._cause_events(row.id)) if row else None

    def history(self, address: str) -> list[Quarantine]:
        rows = self._session.scalars(
            select(QuarantineRow)
            .where(QuarantineRow.address == address)
            .order_by(QuarantineRow.started_at.desc())
        )
        return [_quarantine(row, self._cause_events(row.id)) for row in rows]

    def active(self, at: datetime, limit: int = 1000) -> list[Quarantine]:
        rows = self._session.scalars(
            select(QuarantineRow)
            .where(
                QuarantineRow.released_at.is_(None),
                QuarantineRow.started_at <= at,
                QuarantineRow.ends_at > at,
            )
            .order_by(QuarantineRow.started_at.desc(), QuarantineRow.id.desc())
            .limit(limit)
        )
        return [_quarantine(row) for row in rows]

    def release(self, quarantine_id: int, at: datetime) -> bool:
        """End a quarantine early; false when it had already ended or been released."""
        result = self._session.execute(
            update(QuarantineRow)
            .where(
                QuarantineRow.id == quarantine_id,
                QuarantineRow.released_at.is_(None),
                QuarantineRow.ends_at > at,
            )
            .values(released_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    def _cause_events(self, quarantine_id: int) -> list[int]:
        return list(
            self._session.scalars(
                select(QuarantineEventRow.event_id)
                .where(QuarantineEventRow.quarantine_id == quarantine_id)
                .order_by(QuarantineEventRow.event_id)
            )
        )

    # --- policy memory --------------------------------------------------------------------

    def soft_run(self, address: str) -> list[int]:
        row = self._session.get(AddressStateRow, address)
        if row is None or not row.soft_event_ids:
            return []
        return [int(part) for part in row.soft_event_ids.split(",")]

    def set_soft_run(self, address: str, event_ids: Sequence[int], at: datetime) -> None:
        row = self._session.get(AddressStateRow, address)
        text = ",".join(str(e) for e in event_ids)
        if row is None:
            self._session.add(
                AddressStateRow(
                    address=address, soft_run=len(event_ids), soft_event_ids=text, updated_at=at
                )
            )
        else:
            row.soft_run = len(event_ids)
            row.soft_event_ids = text
            row.updated_at = at
        self._session.flush()
