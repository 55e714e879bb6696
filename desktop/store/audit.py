"""The append-only audit log.

On SQLite (one local user, no roles) the store inserts the rows. On PostgreSQL no role may
insert them: the workflow's rows (requests filed and decided, expiries) are written by triggers
on the tables that change, and everything else goes through the server's function
bouncedesk_audit, which sets the time and the acting role itself (store/audit_sql.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from desktop.domain.model import AuditEntry
from desktop.domain.records import AuditRecord
from desktop.store.audit_sql import TRIGGER_ACTIONS
from desktop.store.tables import AuditRow

_RECORD = text("SELECT bouncedesk_audit(:action, :actor, :subject, :before, :after, :note)")


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
        self.record_many([AuditRecord(actor, action, subject, at, before, after, note)])

    def record_many(self, rows: Sequence[AuditRecord]) -> None:
        """Several audit rows in one executemany (a batch of expiries, a bulk release)."""
        if not rows:
            return
        if self._session.get_bind().dialect.name != "postgresql":
            # A plain INSERT: nobody can change the rows afterwards (migration 0002's
            # triggers refuse UPDATE and DELETE).
            self._session.connection().execute(
                insert(cast(Table, AuditRow.__table__)),
                [{**row._asdict(), "note": row.note or None} for row in rows],
            )
            return
        # The server writes the workflow's rows itself (a trigger of the change this
        # transaction made) and stamps time and role on the others: `at` is not sent.
        sent = [row for row in rows if row.action not in TRIGGER_ACTIONS]
        if sent:
            self._session.execute(
                _RECORD,
                [
                    {
                        "action": row.action,
                        "actor": row.actor,
                        "subject": row.subject,
                        "before": row.before,
                        "after": row.after,
                        "note": row.note,
                    }
                    for row in sent
                ],
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
