"""Fast bulk loading for generators and big imports: executemany on SQLite, COPY on PostgreSQL.

Rows (built in rows.py) carry explicit ids so that events, quarantines and requests can point
at their messages without a round trip per row; `reserve_ids` hands out the id ranges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.store.audit_sql import HISTORY_LOAD
from desktop.store.bulk_import.rows import EVENT_COLUMNS, Row
from desktop.store.rollup import RollupKey, add_counts, count_event_rows
from desktop.store.tables import (
    AuditRow,
    Base,
    EventRow,
    MessageRow,
    QuarantineRow,
    ReleaseRequestRow,
)
from desktop.store.text_search import FTS_INSERT_TRIGGER

ID_TABLES: dict[str, type[Base]] = {
    "messages": MessageRow,
    "events": EventRow,
    "quarantines": QuarantineRow,
    "release_requests": ReleaseRequestRow,
    "audit_log": AuditRow,
}


class BulkWriter:
    """Writes tuples straight through the driver. Never commits; the unit of work does."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._dialect = session.get_bind().dialect.name
        self._sqlite = self._dialect == "sqlite"

    def stamp(self, moment: datetime | None) -> datetime | str | None:
        """A time as the UTCDateTime column stores it, for rows that bypass SQLAlchemy's types:
        naive UTC, and on SQLite the exact text SQLAlchemy writes (so ordering matches)."""
        if moment is None:
            return None
        if moment.tzinfo is not UTC:
            moment = moment.astimezone(UTC)
        if self._sqlite:
            # SQLAlchemy's SQLite text is isoformat with a fixed timespec; cutting the "+00:00"
            # off is cheaper than making a naive copy first (this runs for every row).
            return moment.isoformat(" ", "microseconds")[:-6]
        return moment.replace(tzinfo=None)

    def writing_history(self) -> None:
        """Say that this transaction writes made-up history that carries its own audit rows
        (the demo), so PostgreSQL's request audit trigger stays quiet; the server honours it
        only for the owner of the tables (store/audit_sql.py)."""
        if not self._sqlite:
            self._session.execute(
                text("SELECT set_config(:name, 'on', true)"), {"name": HISTORY_LOAD}
            )

    def next_id(self, table: str) -> int:
        """The first unused id of `table` (the caller assigns ids from here on)."""
        model = ID_TABLES[table]
        current = self._session.scalar(select(func.coalesce(func.max(model.id), 0)))  # type: ignore[attr-defined]
        return int(current or 0) + 1

    def write(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Append rows; times must already be converted with `stamp`."""
        if not rows:
            return
        raw = self._session.connection().connection.driver_connection
        assert raw is not None
        if self._dialect == "postgresql":
            cols = ", ".join(columns)
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            cursor = raw.cursor()
            try:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )
            finally:
                cursor.close()

    def write_events(self, rows: Sequence[Row], owners: Mapping[int, tuple[int, str]]) -> None:
        """Append event rows and add them to the roll-up, in this same transaction.

        `owners` maps each row's message id to its (account id, receiving domain).
        """
        self.write("events", EVENT_COLUMNS, rows)
        counts: Counter[RollupKey] = Counter()
        count_event_rows(rows, owners, counts)
        add_counts(self._session, counts)

    def update(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a "?"-parameter UPDATE once per row, straight through the SQLite driver."""
        if not rows:
            return
        if not self._sqlite:
            raise ValueError("BulkWriter.update is for SQLite; PostgreSQL takes Core updates")
        raw = self._session.connection().connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            cursor.executemany(statement, rows)
        finally:
            cursor.close()

    @contextmanager
    def fast_load(self, rows: int = 0) -> Iterator[None]:
        """For loads of many rows on SQLite: a big page cache, and the substring index rebuilt
        once at the end instead of row by row through its trigger (five times faster). On
        PostgreSQL, for `rows` of at least PG_SET_ASIDE_ROWS into empty tables: the search
        indexes built once at the end instead of row by row (see `pg_indexes_set_aside`)."""
        if not self._sqlite:
            if rows < PG_SET_ASIDE_ROWS:
                yield
                return
            with pg_indexes_set_aside(self._session):
                yield
            return
        self._session.execute(text("PRAGMA cache_size=-262144"))
        self._session.execute(text("DROP TRIGGER IF EXISTS messages_fts_ai"))
        try:
            yield
        finally:
            self._session.execute(text("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')"))
            self._session.execute(text(FTS_INSERT_TRIGGER))
            self._session.execute(text("PRAGMA cache_size=-2000"))

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the explicit ids written."""
        if self._dialect != "postgresql":
            return
        for table in ID_TABLES:
            self._session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )


def cached_stamp(writer: BulkWriter) -> Callable[[datetime], Any]:
    """`writer.stamp`, remembered: a feed's events share their seconds, often by the hundred."""
    cache: dict[datetime, Any] = {}

    def stamp(moment: datetime) -> Any:
        found = cache.get(moment)
        if found is None:
            found = cache[moment] = writer.stamp(moment)
        return found

    return stamp


# Dropping an index locks its table until the load commits, so readers (a GUI on the same
# database) wait meanwhile instead of seeing it empty: only big loads are worth that.
PG_SET_ASIDE_ROWS = 200_000

# The indexes a load into empty tables builds once at the end on PostgreSQL; unique ones (the
# keys a load relies on) stay. Measured with a demo of 100,000 messages: see docs/scaling.md.
PG_SET_ASIDE = (
    "ix_messages_created", "ix_messages_recipient", "ix_messages_domain", "ix_messages_sender",
    "ix_messages_account", "ix_messages_status", "ix_messages_reason", "ix_messages_message_id",
    "ix_messages_recipient_trgm", "ix_messages_subject_trgm", "ix_events_message",
    "ix_messages_recent_bounces",
)  # fmt: skip


@contextmanager
def pg_indexes_set_aside(session: Session) -> Iterator[None]:
    """Drop the search indexes while the block loads empty tables; recreate them after it,
    in the same transaction (so no one ever sees them missing, and a failure restores them by
    rolling back). Tables that hold rows keep their indexes: rebuilding covers every row."""
    if session.scalar(text("SELECT EXISTS (SELECT 1 FROM messages)")):
        yield
        return
    definitions = [
        sql
        for name, sql in session.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        )
        if name in PG_SET_ASIDE
    ]
    for name in PG_SET_ASIDE:
        session.execute(text(f"DROP INDEX IF EXISTS {name}"))
    yield
    session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for sql in definitions:
        session.execute(text(sql))
