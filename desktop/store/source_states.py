"""The `ingest_sources` table: per live source, when it last brought events and its last error."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import BigInteger, String, Table, Text, case, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.domain.source_state import StoredSourceState
from desktop.store.tables import Base
from desktop.store.types import UTCDateTime

NAME_LENGTH = 100
ERROR_LENGTH = 500  # one line for staff, never a message body


class IngestSourceRow(Base):
    __tablename__ = "ingest_sources"
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    day: Mapped[str | None] = mapped_column(String(10))
    events_today: Mapped[int] = mapped_column(BigInteger, default=0)
    events_total: Mapped[int] = mapped_column(BigInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dead_letters: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SqlSourceStates:
    """Reads and upserts source states; safe against concurrent writers. Never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def events_committed(
        self, name: str, count: int, last_event_at: datetime | None, now: datetime
    ) -> None:
        """Add `count` events received at `now`; `last_event_at` only ever moves forward."""
        table = cast(Table, IngestSourceRow.__table__)
        day = now.date().isoformat()
        values: dict[str, Any] = {
            "name": name[:NAME_LENGTH],
            "last_event_at": last_event_at,
            "last_received_at": now if count else None,
            "day": day,
            "events_today": count,
            "events_total": count,
            "updated_at": now,
        }
        insert = self._insert()(table).values(**values)
        old = table.c  # the row as stored
        update: dict[str, Any] = {
            "events_today": _case_today(old, day, count),
            "events_total": old.events_total + count,
            "day": day,
            "updated_at": now,
        }
        if count:
            update["last_received_at"] = now
        if last_event_at is not None:
            update["last_event_at"] = _later(old.last_event_at, last_event_at)
        self._session.execute(insert.on_conflict_do_update(index_elements=["name"], set_=update))

    def error(self, name: str, message: str, now: datetime) -> None:
        table = cast(Table, IngestSourceRow.__table__)
        text = " ".join(message.split())[:ERROR_LENGTH]
        insert = self._insert()(table).values(
            name=name[:NAME_LENGTH], last_error=text, last_error_at=now, updated_at=now
        )
        self._session.execute(
            insert.on_conflict_do_update(
                index_elements=["name"],
                set_={"last_error": text, "last_error_at": now, "updated_at": now},
            )
        )

    def dead_lettered(self, name: str, message: str, now: datetime) -> None:
        """One more body of `name` moved to the dead-letter folder; `message` says why."""
        table = cast(Table, IngestSourceRow.__table__)
        text = " ".join(message.split())[:ERROR_LENGTH]
        insert = self._insert()(table).values(
            name=name[:NAME_LENGTH],
            last_error=text,
            last_error_at=now,
            dead_letters=1,
            updated_at=now,
        )
        update = {
            "last_error": text,
            "last_error_at": now,
            "dead_letters": table.c.dead_letters + 1,
            "updated_at": now,
        }
        self._session.execute(insert.on_conflict_do_update(index_elements=["name"], set_=update))

    def all(self, today: str) -> list[StoredSourceState]:
        rows = self._session.scalars(select(IngestSourceRow).order_by(IngestSourceRow.name))
        return [
            StoredSourceState(
                name=row.name,
                last_event_at=row.last_event_at,
                last_received_at=row.last_received_at,
                events_today=row.events_today if row.day == today else 0,
                events_total=row.events_total,
                last_error=row.last_error,
                last_error_at=row.last_error_at,
                dead_letters=row.dead_letters or 0,
                updated_at=row.updated_at,
            )
            for row in rows
        ]

    def _insert(self) -> Any:
        dialect = self._session.get_bind().dialect.name
        return pg_insert if dialect == "postgresql" else sqlite_insert


def _case_today(old: Any, day: str, count: int) -> Any:
    return case((old.day == day, old.events_today + count), else_=count)


def _later(column: Any, moment: datetime) -> Any:
    # Typed, so the value is stored as naive UTC like every other time (see UTCDateTime).
    value = literal(moment, UTCDateTime())
    return case((column.is_(None), value), (column < value, value), else_=column)
