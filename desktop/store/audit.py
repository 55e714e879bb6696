"""The append-only audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.domain.model import AuditEntry
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
    ) -> None:
        self._session.execute(
            insert(AuditRow).values(
                actor=actor, action=action, subject=subject, at=at, before=before, after=after
            )
        )

    def entries(self, limit: int = 1000, after_id: int = 0) -> list[AuditEntry]:
        rows = self._session.scalars(
            select(AuditRow).where(AuditRow.id > after_id).order_by(AuditRow.id).limit(limit)
        )
        return [
            AuditEntry(
                id=r.id,
                at=r.at,
                actor=r.actor,
                action=r.action,
                subject=r.subject,
                before=r.before,
                after=r.after,
            )
            for r in rows
        ]
