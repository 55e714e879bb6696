"""The raw records events were imported from: read only when someone asks to see one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.model import EventType
from desktop.domain.original import OriginalRecord
from desktop.store.tables import EventRow

_COLUMNS = (
    EventRow.id,
    EventRow.type,
    EventRow.at,
    EventRow.source,
    EventRow.raw,
    EventRow.reply_code,
    EventRow.status,
    EventRow.remote_host,
    EventRow.diagnostic,
)


class SqlOriginalRepository:
    """Events with their stored raw record. Receives a session it does not own; reads only."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def for_message(self, message: int) -> list[OriginalRecord]:
        """Every event of a message with its raw record, oldest first."""
        rows = self._session.execute(
            select(*_COLUMNS)
            .where(EventRow.message_id == message)
            .order_by(EventRow.at, EventRow.id)
        )
        return [_record(row) for row in rows]

    def for_event(self, message: int, event: int) -> OriginalRecord | None:
        """One event of `message` (None when there is no such event of that message)."""
        row = self._session.execute(
            select(*_COLUMNS).where(EventRow.id == event, EventRow.message_id == message)
        ).first()
        return _record(row) if row else None


def _record(row: Any) -> OriginalRecord:
    return OriginalRecord(
        event_id=row.id,
        type=EventType(row.type),
        at=row.at,
        source=row.source,
        raw=row.raw,
        reply_code=row.reply_code,
        status=row.status,
        remote_host=row.remote_host,
        diagnostic=row.diagnostic,
    )
