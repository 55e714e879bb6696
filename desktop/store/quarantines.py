"""Quarantines and the per-address policy memory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, Table, bindparam, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from desktop.domain.bursts import BurstTallies
from desktop.domain.model import (
    Event,
    EventType,
    MessageStatus,
    Quarantine,
    QuarantineCause,
    Reason,
)
from desktop.domain.search import QuarantineCursor, QuarantineFilter
from desktop.store import burst_tally, quarantine_list
from desktop.store.messages import _event
from desktop.store.tables import (
    AddressStateRow,
    EventRow,
    MessageRow,
    QuarantineEventRow,
    QuarantineRow,
)
from desktop.store.types import UTCDateTime

_CHUNK = 500

OUTCOME_TYPES = (
    EventType.DELIVERED,
    EventType.SOFT_BOUNCE,
    EventType.HARD_BOUNCE,
    EventType.SPAM_COMPLAINT,
)
"""What counts as "the next outcome" after a release: the address answered, one way or another."""


def quarantine_from_row(row: QuarantineRow, cause_events: Sequence[int] = ()) -> Quarantine:
    """A stored quarantine as the domain knows it (the import reads these too)."""
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


def _in_force(at: datetime) -> tuple[ColumnElement[bool], ...]:
    """The conditions of a quarantine in force at `at`."""
    return (
        QuarantineRow.released_at.is_(None),
        QuarantineRow.started_at <= at,
        QuarantineRow.ends_at > at,
    )


_NEWEST_FIRST = (QuarantineRow.started_at.desc(), QuarantineRow.id.desc())


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

    def get(self, quarantine_id: int) -> Quarantine | None:
        row = self._session.get(QuarantineRow, quarantine_id)
        return quarantine_from_row(row, self._cause_events(row.id)) if row else None

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
        return quarantine_from_row(row, self._cause_events(row.id)) if row else None

    def history(self, address: str) -> list[Quarantine]:
        rows = self._session.scalars(
            select(QuarantineRow)
            .where(QuarantineRow.address == address)
            .order_by(QuarantineRow.started_at.desc())
        )
        return [quarantine_from_row(row, self._cause_events(row.id)) for row in rows]

    def active(self, at: datetime, limit: int = 1000) -> list[Quarantine]:
        rows = self._session.scalars(
            select(QuarantineRow).where(*_in_force(at)).order_by(*_NEWEST_FIRST).limit(limit)
        )
        return [quarantine_from_row(row) for row in rows]

    def active_failures(
        self, at: datetime, limit: int | None = None, since: datetime | None = None
    ) -> list[tuple[str, Reason, datetime, int]]:
        """(address, reason, since, id) of the quarantines in force at `at` (that started at
        `since` or later), newest first.

        Plain column tuples, not entities: burst detection reads every open quarantine, and
        tens of thousands of entities kept the collector (and so the GUI) busy.
        """
        columns = select(
            QuarantineRow.address, QuarantineRow.reason, QuarantineRow.started_at, QuarantineRow.id
        )
        query = columns.where(*_in_force(at))
        if since is not None:
            query = query.where(QuarantineRow.started_at >= since)
        rows = self._session.execute(query.order_by(*_NEWEST_FIRST).limit(limit))
        return [(address, Reason(reason), since, int(qid)) for address, reason, since, qid in rows]

    def burst_tallies(
        self,
        at: datetime,
        old_end: datetime,
        window: timedelta,
        least: int,
        provider: frozenset[Reason],
        overlap: Sequence[str],
    ) -> BurstTallies | None:
        if self._session.get_bind().dialect.name != "postgresql":
            return None  # SQLite holds one desk's data: reading every failure is quick there
        return burst_tally.burst_tallies(
            self._session, at, old_end, window, least, provider, overlap
        )

    def burst_rows(
        self, at: datetime, old_end: datetime, window: timedelta, least: int, domains: Sequence[str]
    ) -> list[tuple[str, Reason, datetime, int]]:
        return burst_tally.burst_rows(self._session, at, old_end, window, least, domains)

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
        ids = self._session.scalar(
            select(AddressStateRow.soft_event_ids).where(AddressStateRow.address == address)
        )
        return [int(part) for part in ids.split(",")] if ids else []

    def set_soft_run(self, address: str, event_ids: Sequence[int], at: datetime) -> None:
        self.set_soft_runs([(address, event_ids)], at)

    def set_soft_runs(self, runs: Sequence[tuple[str, Sequence[int]]], at: datetime) -> None:
        """`set_soft_run` for many addresses in one executemany (the demo stores 20,000 per
        million messages: one statement each took 6 % of its time)."""
        if not runs:
            return
        # An upsert: an import may store the same address's state at the same moment.
        self._session.execute(
            text(
                "INSERT INTO address_states (address, soft_run, soft_event_ids, updated_at)"
                " VALUES (:address, :run, :ids, :at) ON CONFLICT (address) DO UPDATE SET"
                " soft_run = excluded.soft_run, soft_event_ids = excluded.soft_event_ids,"
                " updated_at = excluded.updated_at"
            ).bindparams(bindparam("at", type_=UTCDateTime())),
            [
                {"address": a, "run": len(ids), "ids": ",".join(str(e) for e in ids), "at": at}
                for a, ids in runs
            ],
        )

    # --- the release workflow -------------------------------------------------------------

    def listing(
        self, at: datetime, criteria: QuarantineFilter, limit: int = 1000
    ) -> list[Quarantine]:
        """Quarantines matching `criteria`, newest first; only active ones unless it says so."""
        return self.page(at, criteria, None, limit)

    def page(
        self, at: datetime, criteria: QuarantineFilter, after: QuarantineCursor | None, limit: int
    ) -> list[Quarantine]:
        """One keyset page of the list in `criteria.sort` order, after `after`."""
        rows = quarantine_list.page_rows(self._session, at, criteria, after, limit)
        causes = self.cause_events_of([row.id for row in rows])
        return [quarantine_from_row(row, causes.get(row.id, ())) for row in rows]

    def count(self, at: datetime, criteria: QuarantineFilter) -> int:
        """How many quarantines match `criteria` in all (the list header's figures)."""
        return quarantine_list.count_rows(self._session, at, criteria)

    def cause_events_of(self, quarantine_ids: Sequence[int]) -> dict[int, list[int]]:
        """The cause event ids of each quarantine (one query per chunk, not per quarantine)."""
        found: dict[int, list[int]] = {}
        for start in range(0, len(quarantine_ids), _CHUNK):
            links = self._session.execute(
                select(QuarantineEventRow.quarantine_id, QuarantineEventRow.event_id)
                .where(QuarantineEventRow.quarantine_id.in_(quarantine_ids[start : start + _CHUNK]))
                .order_by(QuarantineEventRow.event_id)
            )
            for quarantine_id, event_id in links:
                found.setdefault(quarantine_id, []).append(event_id)
        return found

    def cause_message(self, quarantine_id: int) -> int | None:
        """The message whose event (the latest cause) started the quarantine, if stored."""
        found = self._session.scalar(
            select(EventRow.message_id)
            .join(QuarantineEventRow, QuarantineEventRow.event_id == EventRow.id)
            .where(QuarantineEventRow.quarantine_id == quarantine_id)
            .order_by(EventRow.at.desc(), EventRow.id.desc())
            .limit(1)
        )
        return int(found) if found is not None else None

    def cause_events(self, quarantine_id: int) -> list[Event]:
        """The events that caused a quarantine, oldest first."""
        rows = self._session.scalars(
            select(EventRow)
            .join(QuarantineEventRow, QuarantineEventRow.event_id == EventRow.id)
            .where(QuarantineEventRow.quarantine_id == quarantine_id)
            .order_by(EventRow.at, EventRow.id)
        )
        return [_event(row) for row in rows]

    def due_for_expiry(self, at: datetime, limit: int = 1000) -> list[Quarantine]:
        """Unreleased quarantines whose time was up by `at` and whose expiry is not recorded."""
        rows = self._session.scalars(
            select(QuarantineRow)
            .where(
                QuarantineRow.released_at.is_(None),
                QuarantineRow.expired_at.is_(None),
                QuarantineRow.ends_at <= at,
            )
            .order_by(QuarantineRow.ends_at, QuarantineRow.id)
            .limit(limit)
        )
        return [quarantine_from_row(row) for row in rows]

    def mark_expired_many(self, quarantine_ids: Sequence[int]) -> set[int]:
        """Record these expiries; returns the ids this caller recorded (compare-and-set, so
        agents expiring at the same moment each record a different share, never one twice)."""
        recorded: set[int] = set()
        table = cast(Table, QuarantineRow.__table__)
        due: list[ColumnElement[bool]] = [
            table.c.expired_at.is_(None),
            table.c.released_at.is_(None),
        ]
        if self._session.get_bind().dialect.name == "postgresql":
            # The server allows an expiry by its own clock (role_guards.py), not the client's.
            due.append(table.c.ends_at <= func.timezone("UTC", func.now()))
        for start in range(0, len(quarantine_ids), _CHUNK):
            result = self._session.connection().execute(
                update(table)
                .where(table.c.id.in_(quarantine_ids[start : start + _CHUNK]), *due)
                .values(expired_at=table.c.ends_at)
                .returning(table.c.id)
            )
            recorded.update(int(row[0]) for row in result)
        return recorded

    def expired_at(self, quarantine_id: int) -> datetime | None:
        value = self._session.scalar(
            select(QuarantineRow.expired_at).where(QuarantineRow.id == quarantine_id)
        )
        return value if isinstance(value, datetime) else None

    def next_outcome(self, address: str, after: datetime) -> Event | None:
        """The first delivery, bounce or complaint for `address` after `after` (re-bounce watch)."""
        row = self._session.scalars(
            select(EventRow)
            .join(MessageRow, MessageRow.id == EventRow.message_id)
            .where(
                MessageRow.recipient == address,
                EventRow.at > after,
                EventRow.type.in_([t.value for t in OUTCOME_TYPES]),
            )
            .order_by(EventRow.at, EventRow.id)
            .limit(1)
        ).first()
        return _event(row) if row is not None else None

    def known_addresses(self, addresses: Sequence[str]) -> set[str]:
        """The addresses among `addresses` that any message was sent to or any quarantine hit."""
        found: set[str] = set()
        wanted = list(dict.fromkeys(addresses))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            found.update(
                self._session.scalars(
                    select(MessageRow.recipient).where(MessageRow.recipient.in_(chunk)).distinct()
                )
            )
            found.update(
                self._session.scalars(
                    select(QuarantineRow.address).where(QuarantineRow.address.in_(chunk)).distinct()
                )
            )
        return found

    def recent_bounces(self, since: datetime, until: datetime) -> list[tuple[str, str, datetime]]:
        """(address, reason, time) of messages whose last event, a bounce, fell in the window."""
        rows = self._session.execute(
            select(MessageRow.recipient, MessageRow.reason, MessageRow.last_event_at).where(
                # Worded as the partial index ix_messages_recent_bounces is (migration 0014),
                # so that SQLite, which matches the words, uses it too.
                or_(
                    MessageRow.status == MessageStatus.SOFT_BOUNCE.value,
                    MessageRow.status == MessageStatus.HARD_BOUNCE.value,
                ),
                MessageRow.last_event_at >= since,
                MessageRow.last_event_at <= until,
            )
        )
        return [(r[0], r[1] or Reason.UNKNOWN.value, r[2]) for r in rows]

    def earliest_releases(self, addresses: Sequence[str]) -> dict[str, datetime]:
        """When each address (that ever had one) was first released from a quarantine."""
        found: dict[str, datetime] = {}
        wanted = list(dict.fromkeys(addresses))
        for start in range(0, len(wanted), _CHUNK):
            rows = self._session.execute(
                select(QuarantineRow.address, func.min(QuarantineRow.released_at))
                .where(
                    QuarantineRow.address.in_(wanted[start : start + _CHUNK]),
                    QuarantineRow.released_at.is_not(None),
                )
                .group_by(QuarantineRow.address)
            )
            found.update({address: at for address, at in rows if at is not None})
        return found

    def reset_soft_run_before(self, address: str, moment: datetime, at: datetime) -> bool:
        """Empty a soft-bounce run last changed no later than `moment` (an expired quarantine's
        end); a run counted after it is new evidence and stays."""
        result = self._session.execute(
            update(AddressStateRow)
            .where(
                AddressStateRow.address == address,
                AddressStateRow.updated_at <= moment,
                AddressStateRow.soft_run > 0,
            )
            .values(soft_run=0, soft_event_ids="", updated_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    def reset_soft_runs_before(self, ends: Sequence[tuple[str, datetime]], at: datetime) -> None:
        """`reset_soft_run_before` for many (address, moment) pairs in one executemany."""
        if not ends:
            return
        table = cast(Table, AddressStateRow.__table__)
        self._session.connection().execute(
            update(table)
            .where(
                table.c.address == bindparam("wanted"),
                table.c.updated_at <= bindparam("moment"),
                table.c.soft_run > 0,
            )
            .values(soft_run=0, soft_event_ids="", updated_at=at),
            [{"wanted": address, "moment": moment} for address, moment in ends],
        )
