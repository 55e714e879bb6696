"""The append-only audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from desktop.domain.model import AuditEntry
from desktop.domain.records import AuditRecord
from desktop.store.tables import AuditRow


class SqlAuditLog:
    """Inserts and reads audit rows; it has no update or delete. Never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(
        self,
        actor: str,
        action: str,
        subject: str,
        at: datetime,
        before: str | None = None,
        after: str | None = None,
        note: str | None = None,
    ) -> None:
        # A plain INSERT: roles that may add audit rows cannot change them (migration 0002
        # puts a trigger on UPDATE and DELETE, and the roles grant neither).
        self._session.execute(
            insert(AuditRow).values(
                actor=actor,
                action=action,
                subject=subject,
                at=at,
                before=before,
                after=after,
                note=note or None,
            )
        )

    def record_many(self, rows: Sequence[AuditRecord]) -> None:
        """Several audit rows in one executemany (a batch of expiries, a bulk release)."""
        if rows:
            self._session.connection().execute(
                insert(cast(Table, AuditRow.__table__)), [row._asdict() for row in rows]
            )

    def entries(
        self,
        limit: int = 1000,
        after_id: int = 0,
        since: datetime | None = None,
        until: datetime | None = None,
        action: str | None = None,
        actor: str | None = None,
    ) -> list[AuditEntry]:
        """Entries in the order they were written, `limit` at a time after `after_id`."""
        query = select(AuditRow).where(AuditRow.id > after_id)
        if since is not None:
            query = query.where(AuditRow.at >= since)
        if until is not None:
            query = query.where(AuditRow.at < until)
        if action is not None:
            query = query.where(AuditRow.action == action)
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        rows = self._session.scalars(query.order_by(AuditRow.id).limit(limit))
        return [
            AuditEntry(
                id=r.id,
                at=r.at,
                actor=r.actor,
                action=r.action,
                subject=r.subject,
                before=r.before,
                after=r.after,
                note=r.note,
            )
            for r in rows
        ]
