"""Repository of the live sources' saved positions (table ingest_positions)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.ingest_position import IngestPosition
from desktop.store.tables import IngestPositionRow

SOURCE_LENGTH = 200


class SqlIngestPositions:
    """Reads and writes positions in the caller's session. Never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, source: str) -> IngestPosition | None:
        row = self._session.get(IngestPositionRow, source[:SOURCE_LENGTH])
        return _position(row) if row is not None else None

    def all(self) -> list[IngestPosition]:
        rows = self._session.scalars(select(IngestPositionRow).order_by(IngestPositionRow.source))
        return [_position(row) for row in rows]

    def save(self, position: IngestPosition) -> None:
        """Insert or replace the row of `position.source`."""
        key = position.source[:SOURCE_LENGTH]
        row = self._session.get(IngestPositionRow, key)
        now = position.updated_at or datetime.now(UTC)
        if row is None:
            row = IngestPositionRow(source=key)
            self._session.add(row)
        row.identity = position.identity[:SOURCE_LENGTH]
        row.offset = position.offset
        row.state = position.state
        row.updated_at = now
        self._session.flush()

    def delete(self, source: str) -> bool:
        row = self._session.get(IngestPositionRow, source[:SOURCE_LENGTH])
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return True


def _position(row: IngestPositionRow) -> IngestPosition:
    return IngestPosition(row.source, row.identity, row.offset, row.state, row.updated_at)
