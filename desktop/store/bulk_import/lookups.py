"""The batch queries of an import: one statement per chunk of keys, never one per event."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, TextClause, bindparam, select, text, update
from sqlalchemy.orm import Session

from desktop.domain.model import MessageStatus, Quarantine, QuarantineCause, Reason
from desktop.store import message_rollup
from desktop.store.bulk_import.rows import MESSAGE_COLUMNS, ROW_ID, Row
from desktop.store.bulk_import.writer import ID_TABLES, BulkWriter
from desktop.store.quarantines import quarantine_from_row
from desktop.store.tables import (
    AddressStateRow,
    EventRow,
    MessageRow,
    QuarantineEventRow,
    QuarantineRow,
)
from desktop.store.types import UTCDateTime

SQLITE_CACHE_KB = 128 * 1024
SQLITE_CHECKPOINT_PAGES = 65_536  # 256 MB of 4 kB pages
_SQLITE_DEFAULTS = (
    "PRAGMA cache_size = -2000",
    "PRAGMA wal_autocheckpoint = 1000",
    "PRAGMA foreign_keys = ON",
)
_FTS_TRIGGER = "messages_fts_ai"  # keeps the SQLite trigram index in step with new messages
_FTS_AUTOMERGE = "INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', :pages)"
FTS_AUTOMERGE_DEFAULT = 4  # SQLite's own


class StoredMessage(NamedTuple):
    """The part of a stored message an import matches on and keeps denormalised.

    A named tuple rather than a frozen dataclass: an import builds one per message it finds
    again, hundreds of thousands in a big one.
    """

    id: int
    message_id: str
    recipient: str
    status: MessageStatus
    reason: Reason | None
    created_at: datetime
    last_event_at: datetime
    account_id: int


# What StoredMessage holds, in its order; the SQLite statements name the same columns.
_STORED_COLUMNS = (
    MessageRow.id,
    MessageRow.message_id,
    MessageRow.recipient,
    MessageRow.status,
    MessageRow.reason,
    MessageRow.created_at,
    MessageRow.last_event_at,
    MessageRow.account_id,
)


# Enum members by value: a dict lookup is a fraction of the cost of calling the enum.
_WATCHED = ("messages", "events", "quarantines", "audit_log")
_STATUSES = {status.value: status for status in MessageStatus}
_REASONS = {reason.value: reason for reason in Reason}


def _stored(row: Sequence[Any], moment: Callable[[Any], datetime] = lambda at: at) -> StoredMessage:
    """A row of `_STORED_COLUMNS`; `moment` reads its times (raw SQLite rows hold text)."""
    return StoredMessage(
        row[0], row[1], row[2], _STATUSES[row[3]], _REASONS[row[4]] if row[4] else None,
        moment(row[5]), moment(row[6]), row[7],
    )  # fmt: skip


class ImportQueries:
    """Batch reads and writes for one import. Receives a session it does not own; never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._dialect = session.get_bind().dialect.name
        self._reserved: dict[str, int] = {}
        if self._dialect == "sqlite":
            # The key and message-id indexes are probed at random; SQLite's default 2 MB page
            # cache turns most probes into reads once they outgrow it. Bounded, per connection.
            self._session.execute(text(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}"))
            # Fewer, larger checkpoints: each one syncs the file, and a batch alone fills the
            # default 1,000-page log, so every commit would pay for one.
            self._session.execute(text(f"PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_PAGES}"))
            # Every row an import writes points at ids it reserved or read in this transaction,
            # and nothing deletes messages; checking each reference cost a third of writing the
            # events. Takes effect only before the transaction's first write; the connection
            # gets its checks back when it returns to the pool (see database.py).
            self._session.execute(text("PRAGMA foreign_keys = OFF"))

    def _member(self, column: str, values: Iterable[str]) -> TextClause:
        """`column` is one of `values`, as a single parameter whatever their number.

        An IN list of thousands of literals costs more to compile than to run; a JSON array
        (SQLite) or a real array (PostgreSQL) is one value and still uses the column's index.
        """
        wanted = sorted(set(values))
        if self._dialect == "postgresql":
            return text(f"{column} = ANY(:wanted)").bindparams(wanted=wanted)
        return text(f"{column} IN (SELECT value FROM json_each(:wanted))").bindparams(
            wanted=json.dumps(wanted)
        )

    def relax(self) -> None:
        """Give the connection back SQLite's default cache, checkpoint interval and checks."""
        if self._dialect == "sqlite":
            for pragma in _SQLITE_DEFAULTS:
                self._session.execute(text(pragma))

    def _sqlite_rows(self, sql: str, wanted: Iterable[Any], *more: Any) -> list[Any]:
        """Rows of `sql` straight through the SQLite driver: its first "?" takes `wanted` as
        one JSON array (see `_member`), the others `more`. No per-row typing or ORM loading,
        which cost more than the index probes on the batches of an import."""
        raw = self._session.connection().connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            rows: list[Any] = cursor.execute(
                sql, (json.dumps(sorted(set(wanted))), *more)
            ).fetchall()
            return rows
        finally:
            cursor.close()

    def existing_keys(self, keys: Iterable[str]) -> set[str]:
        if self._dialect == "sqlite":
            return {
                key
                for (key,) in self._sqlite_rows(
                    "SELECT key FROM events WHERE key IN (SELECT value FROM json_each(?))", keys
                )
            }
        statement = select(EventRow.key).where(self._member("events.key", keys))
        return {key for key in self._session.scalars(statement) if key is not None}

    def messages(self, message_ids: Iterable[str]) -> list[StoredMessage]:
        """Every stored message carrying one of `message_ids`."""
        if self._dialect == "sqlite":
            rows = self._sqlite_rows(
                "SELECT id, message_id, recipient, status, reason, created_at, last_event_at,"
                " account_id FROM messages WHERE message_id IN (SELECT value FROM json_each(?))",
                message_ids,
            )
            return [_stored(r, _from_sqlite) for r in rows]
        where = self._member("messages.message_id", message_ids)
        return [_stored(r) for r in self._session.execute(select(*_STORED_COLUMNS).where(where))]

    def latest_message_to(self, recipient: str, before: datetime) -> StoredMessage | None:
        """The newest message to `recipient` created at or before `before` (VERP matching)."""
        row = self._session.execute(
            select(*_STORED_COLUMNS)
            .where(MessageRow.recipient == recipient, MessageRow.created_at <= before)
            .order_by(MessageRow.created_at.desc(), MessageRow.id.desc())
            .limit(1)
        ).first()
        return _stored(row) if row is not None else None

    def insert_messages(self, writer: BulkWriter, rows: Sequence[Row]) -> None:
        """Append message rows (with contiguous ids on SQLite, as `reserve_ids` hands out).

        On SQLite the FTS5 index is filled with one INSERT ... SELECT instead of by the
        per-row trigger (ten times the cost per message), dropped and re-created inside this
        transaction; the message roll-up likewise, its row triggers paused.
        """
        if not rows:
            return
        if self._dialect != "sqlite":
            writer.write("messages", MESSAGE_COLUMNS, rows)  # counted per COPY by its trigger
            return
        ids = [row[ROW_ID] for row in rows]
        low, high = min(ids), max(ids)
        with message_rollup.sqlite_paused(self._session):
            self._write_sqlite_messages(writer, rows, low, high)
        message_rollup.sqlite_count_inserted(self._session, low, high)

    def _write_sqlite_messages(
        self, writer: BulkWriter, rows: Sequence[Row], low: int, high: int
    ) -> None:
        trigger = self._session.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
            {"name": _FTS_TRIGGER},
        )
        if trigger is None:
            writer.write("messages", MESSAGE_COLUMNS, rows)
            return
        self._session.execute(text(f"DROP TRIGGER {_FTS_TRIGGER}"))
        # FTS5 merges index segments as it goes, which cost a third of filling the index on a
        # big import. Left off, it still merges once a level holds 'crisismerge' (16) segments,
        # and searches measured as fast; `merge_text_index_again` turns it back on at the end.
        self._session.execute(text(_FTS_AUTOMERGE), {"pages": 0})
        writer.write("messages", MESSAGE_COLUMNS, rows)
        self._session.execute(
            text(
                "INSERT INTO messages_fts (rowid, recipient, subject)"
                " SELECT id, recipient, subject FROM messages WHERE id BETWEEN :low AND :high"
            ),
            {"low": low, "high": high},
        )
        self._session.execute(text(trigger))

    def merge_text_index_again(self) -> None:
        """Give the SQLite substring index back its incremental merging (see insert_messages).

        A write: call it inside the import's last transaction, before its commit.
        """
        if self._dialect == "sqlite" and self._session.scalar(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages_fts'")
        ):
            self._session.execute(text(_FTS_AUTOMERGE), {"pages": FTS_AUTOMERGE_DEFAULT})

    def set_outcomes(
        self,
        writer: BulkWriter,
        rows: Sequence[tuple[int, MessageStatus, Reason | None, datetime]],
    ) -> None:
        """(message id, status, reason, last event time) for messages that already existed."""
        if not rows:
            return
        rows = sorted(rows, key=lambda row: row[0])  # one lock order for every writer
        if self._dialect == "sqlite":
            # Straight through the driver: SQLAlchemy's per-row parameter handling cost more
            # than the update itself.
            stamp = writer.stamp
            # the message roll-up's moves counted per batch, not by a trigger per row
            message_rollup.sqlite_updating(
                self._session,
                [(m, s.value, r.value if r else None) for m, s, r, _ in rows],
                lambda: writer.update(
                    "UPDATE messages SET status = ?, reason = ?, last_event_at = ? WHERE id = ?",
                    [(s.value, r.value if r else None, stamp(at), m) for m, s, r, at in rows],
                ),
            )
            return
        table = cast(Table, MessageRow.__table__)
        statement = (
            update(table)
            .where(table.c.id == bindparam("m_id"))
            .values(
                status=bindparam("m_status"),
                reason=bindparam("m_reason"),
                last_event_at=bindparam("m_last", type_=UTCDateTime()),
            )
        )
        params = [
            {"m_id": m, "m_status": s.value, "m_reason": r.value if r else None, "m_last": at}
            for m, s, r, at in rows
        ]
        self._session.execute(statement, params)

    def holds_nothing(self) -> bool:
        """True for an SQLite database without events, messages or policy memory.

        Always False on PostgreSQL, where a team's importers write side by side.
        """
        if self._dialect != "sqlite":
            return False
        return not self._session.scalar(
            text(
                "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM messages)"
                " OR EXISTS (SELECT 1 FROM quarantines) OR EXISTS (SELECT 1 FROM address_states)"
            )
        )

    def highest_id(self, table: str) -> int:
        """The highest id in `table` (one of the tables with ids); 0 when it is empty."""
        if table not in ID_TABLES:
            raise ValueError(f"{table!r} has no ids")
        return int(self._session.scalar(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")) or 0)

    def highest_ids(self) -> tuple[int, ...]:
        """The highest ids of the tables every writer adds to (release and expiry too): one
        that grew since an import's last commit means another writer was there. A purge or a
        forget only deletes, so it raises a generation number in db_settings instead."""
        removed = self._session.scalar(
            text("SELECT value FROM db_settings WHERE key = 'removal_generation'")
        )
        return (*(self.highest_id(table) for table in _WATCHED), int(removed or 0))

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """`count` ids of `table` no other writer will use (not always contiguous).

        PostgreSQL takes them from the table's sequence, so concurrent importers never collide
        and the sequence needs no repair afterwards; SQLite serialises writers, so its ids follow
        the highest in use or the last reserved here.
        """
        if count <= 0:
            return []
        if self._dialect == "postgresql":
            rows = self._session.execute(
                text(
                    f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
                    " FROM generate_series(1, :n)"
                ),
                {"n": count},
            )
            return [int(row[0]) for row in rows]
        start = max(self.highest_id(table) + 1, self._reserved.get(table, 0))
        self._reserved[table] = start + count
        return list(range(start, start + count))

    # --- the quarantine policy's memory ---------------------------------------------------

    def open_quarantines(self, addresses: Iterable[str], after: datetime) -> list[Quarantine]:
        """Unreleased quarantines of `addresses` still running at `after`, with their causes."""
        if self._dialect == "sqlite":
            return self._sqlite_open_quarantines(addresses, after)
        rows = list(
            self._session.scalars(
                select(QuarantineRow).where(
                    self._member("quarantines.address", addresses),
                    QuarantineRow.released_at.is_(None),
                    QuarantineRow.ends_at > after,
                )
            )
        )
        causes = self._causes([row.id for row in rows])
        return [quarantine_from_row(row, sorted(causes.get(row.id, ()))) for row in rows]

    def _sqlite_open_quarantines(
        self, addresses: Iterable[str], after: datetime
    ) -> list[Quarantine]:
        rows = self._sqlite_rows(
            "SELECT id, address, cause, reason, started_at, ends_at FROM quarantines"
            " WHERE address IN (SELECT value FROM json_each(?))"
            " AND released_at IS NULL AND ends_at > ?",
            addresses,
            _to_sqlite(after),
        )
        causes = self._causes([row[0] for row in rows])
        return [
            Quarantine(
                id=qid,
                address=address,
                cause=QuarantineCause(cause),
                reason=Reason(reason),
                started_at=_from_sqlite(started_at),
                ends_at=_from_sqlite(ends_at),
                released_at=None,
                cause_event_ids=tuple(sorted(causes.get(qid, ()))),
            )
            for qid, address, cause, reason, started_at, ends_at in rows
        ]

    def _causes(self, quarantine_ids: list[int]) -> dict[int, list[int]]:
        causes: dict[int, list[int]] = {}
        if quarantine_ids:
            links = self._session.execute(
                select(QuarantineEventRow.quarantine_id, QuarantineEventRow.event_id).where(
                    QuarantineEventRow.quarantine_id.in_(quarantine_ids)
                )
            )
            for quarantine_id, event_id in links:
                causes.setdefault(quarantine_id, []).append(event_id)
        return causes

    def soft_runs(self, addresses: Iterable[str]) -> dict[str, list[int]]:
        """The current soft-bounce run (event ids) of each address that has one."""
        if self._dialect == "sqlite":
            runs = self._sqlite_rows(
                "SELECT address, soft_event_ids FROM address_states"
                " WHERE address IN (SELECT value FROM json_each(?))",
                addresses,
            )
            return {address: [int(part) for part in ids.split(",")] for address, ids in runs if ids}
        rows = self._session.execute(
            select(AddressStateRow.address, AddressStateRow.soft_event_ids).where(
                self._member("address_states.address", addresses)
            )
        )
        return {address: [int(part) for part in ids.split(",")] for address, ids in rows if ids}

    def save_soft_runs(self, runs: Sequence[tuple[str, Sequence[int], datetime]]) -> None:
        """Upsert (address, soft-bounce event ids, time) rows of the policy memory."""
        if not runs:
            return
        statement = text(
            "INSERT INTO address_states (address, soft_run, soft_event_ids, updated_at)"
            " VALUES (:address, :run, :ids, :at) ON CONFLICT (address) DO UPDATE SET"
            " soft_run = excluded.soft_run, soft_event_ids = excluded.soft_event_ids,"
            " updated_at = excluded.updated_at"
        ).bindparams(bindparam("at", type_=UTCDateTime()))
        params = [
            {"address": address, "run": len(ids), "ids": ",".join(map(str, ids)), "at": at}
            for address, ids, at in sorted(runs, key=lambda run: run[0])  # one lock order
        ]
        self._session.execute(statement, params)


def _to_sqlite(moment: datetime) -> str:
    """A time as SQLAlchemy stores it in SQLite: naive UTC text (so comparisons match)."""
    return moment.astimezone(UTC).isoformat(" ", "microseconds")[:-6]


def _from_sqlite(value: str) -> datetime:
    """The UTCDateTime column's text back as an aware UTC time."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)
