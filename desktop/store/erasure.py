"""Removing personal data: the retention purge, batch by batch, and forgetting one address.

Every batch runs in its own short transaction holding the import write lock (so an import
never decides on rows that are going away), and raises the removal generation in db_settings,
which importers compare at the start of each transaction to drop their caches.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from desktop.domain.retention import SALT_KEY, RemovalCounts, address_pattern
from desktop.store import rollup
from desktop.store.bulk_import.concurrency import take_import_lock
from desktop.store.settings_repo import SqlDatabaseSettings
from desktop.store.tables import (
    AddressStateRow,
    AuditErasureRow,
    AuditRow,
    EventRow,
    MessageRow,
    QuarantineEventRow,
    QuarantineRow,
    ReleaseRequestRow,
)

REMOVAL_GENERATION_KEY = "removal_generation"  # raised by every purge or forget transaction
_CHUNK = 5000  # ids per IN list (SQLite allows 32,766 parameters)

_messages = cast(Table, MessageRow.__table__)
_events = cast(Table, EventRow.__table__)
_quarantines = cast(Table, QuarantineRow.__table__)
_causes = cast(Table, QuarantineEventRow.__table__)
_states = cast(Table, AddressStateRow.__table__)
_requests = cast(Table, ReleaseRequestRow.__table__)
_audit = cast(Table, AuditRow.__table__)
_erasures = cast(Table, AuditErasureRow.__table__)

Cursor = tuple[datetime, int]  # (created_at, id) of the last message looked at


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


class SqlErasure:
    """Deletes what a purge or a forget removes; never commits (one batch per transaction)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._settings = SqlDatabaseSettings(session)

    def begin_removal(self) -> None:
        """Take the import write lock and tell importers their caches may hold removed rows."""
        take_import_lock(self._session)
        generation = int(self._settings.get(REMOVAL_GENERATION_KEY) or "0")
        self._settings.set(REMOVAL_GENERATION_KEY, str(generation + 1))

    def salt(self) -> str:
        """The database's salt for address tokens, made on first use."""
        stored = self._settings.get(SALT_KEY)
        if stored:
            return stored
        made = secrets.token_hex(16)
        self._settings.set(SALT_KEY, made)
        return made

    # --- purge ----------------------------------------------------------------------------

    def purge_address_states(self, cutoff: datetime, limit: int, *, remove: bool) -> int:
        """Soft-bounce runs last counted before `cutoff`: their events are older still."""
        s = _states
        old = select(s.c.address).where(s.c.updated_at < cutoff)
        if not remove:
            return int(self._session.scalar(select(func.count()).select_from(old.subquery())) or 0)
        addresses = list(self._session.scalars(old.order_by(s.c.address).limit(limit)))
        if addresses:
            self._session.execute(delete(s).where(s.c.address.in_(addresses)))
        return len(addresses)

    def purge_messages(
        self, cutoff: datetime, now: datetime, after: Cursor | None, limit: int, *, remove: bool
    ) -> tuple[RemovalCounts, Cursor | None]:
        """The next `limit` messages created before `cutoff` (oldest first, after `after`):
        those whose last event is older too go, with their events, unless the quarantine rules
        still need one of their events. Returns the counts and where to go on (None: done)."""
        m = _messages
        query = select(m.c.id, m.c.created_at, m.c.last_event_at, m.c.recipient).where(
            m.c.created_at < cutoff
        )
        if after is not None:
            query = query.where(
                or_(m.c.created_at > after[0], and_(m.c.created_at == after[0], m.c.id > after[1]))
            )
        rows = self._session.execute(query.order_by(m.c.created_at, m.c.id).limit(limit)).all()
        if not rows:
            return RemovalCounts(), None
        candidates = {row.id: row.recipient for row in rows if row.last_event_at < cutoff}
        kept = self._needed(candidates, cutoff, now)
        doomed = sorted(set(candidates) - kept)
        counts = self._message_counts(doomed, kept=len(kept))
        if remove:
            rollup.remove_messages(self._session, doomed)
            for chunk in _chunks(doomed):
                self._session.execute(delete(m).where(m.c.id.in_(chunk)))
        return counts, (rows[-1].created_at, rows[-1].id)

    def _needed(self, candidates: dict[int, str], cutoff: datetime, now: datetime) -> set[int]:
        """The candidates holding a cause of an open quarantine or an event of a soft-bounce
        run counted since `cutoff` (older runs are purged with their events)."""
        if not candidates:
            return set()
        e, qe, q, s = _events, _causes, _quarantines, _states
        ids = list(candidates)
        needed = set(
            self._session.scalars(
                select(e.c.message_id)
                .join(qe, qe.c.event_id == e.c.id)
                .join(q, q.c.id == qe.c.quarantine_id)
                .where(e.c.message_id.in_(ids), q.c.released_at.is_(None), q.c.ends_at > now)
            )
        )
        runs = self._session.scalars(
            select(s.c.soft_event_ids).where(
                s.c.address.in_(set(candidates.values())),
                s.c.soft_run > 0,
                s.c.updated_at >= cutoff,
            )
        )
        run_events = [int(part) for run in runs for part in run.split(",") if part.strip()]
        for chunk in _chunks(run_events):
            needed.update(
                self._session.scalars(
                    select(e.c.message_id).where(e.c.id.in_(chunk), e.c.message_id.in_(ids))
                )
            )
        return needed

    def _message_counts(self, message_ids: Sequence[int], kept: int = 0) -> RemovalCounts:
        e = _events
        events = raw = 0
        for chunk in _chunks(message_ids):
            n, r = self._session.execute(
                select(func.count(), func.count(e.c.raw)).where(e.c.message_id.in_(chunk))
            ).one()
            events, raw = events + int(n), raw + int(r)
        return RemovalCounts(
            messages=len(message_ids), events=events, raw_records=raw, kept_messages=kept
        )

    def purge_quarantines(
        self, cutoff: datetime, after_id: int, limit: int, *, remove: bool
    ) -> tuple[RemovalCounts, int | None]:
        """The next `limit` quarantines (by id, after `after_id`) that ended before `cutoff`,
        released or run out, with their release requests."""
        q = _quarantines
        ended = or_(q.c.released_at < cutoff, and_(q.c.released_at.is_(None), q.c.ends_at < cutoff))
        ids = list(
            self._session.scalars(
                select(q.c.id).where(q.c.id > after_id, ended).order_by(q.c.id).limit(limit)
            )
        )
        if not ids:
            return RemovalCounts(), None
        counts = self._quarantine_counts(ids)
        if remove:
            self._session.execute(delete(q).where(q.c.id.in_(ids)))
        return counts, ids[-1]

    def _quarantine_counts(self, quarantine_ids: Sequence[int]) -> RemovalCounts:
        r = _requests
        requests = 0
        for chunk in _chunks(quarantine_ids):
            requests += int(
                self._session.scalar(
                    select(func.count()).select_from(r).where(r.c.quarantine_id.in_(chunk))
                )
                or 0
            )
        return RemovalCounts(quarantines=len(quarantine_ids), release_requests=requests)

    # --- forget ---------------------------------------------------------------------------

    def forget(self, address: str, token: str) -> RemovalCounts:
        """Remove every message, event, quarantine and soft-bounce run of `address`, and put
        `token` where audit rows named it. `address` is normalised already."""
        m, q, s = _messages, _quarantines, _states
        message_ids = list(self._session.scalars(select(m.c.id).where(m.c.recipient == address)))
        quarantine_ids = list(self._session.scalars(select(q.c.id).where(q.c.address == address)))
        counts = self._message_counts(message_ids) + self._quarantine_counts(quarantine_ids)
        # Quarantines first: their cause links then go with them, not one per deleted event.
        for chunk in _chunks(quarantine_ids):
            self._session.execute(delete(q).where(q.c.id.in_(chunk)))
        rollup.remove_messages(self._session, message_ids)
        for chunk in _chunks(message_ids):
            self._session.execute(delete(m).where(m.c.id.in_(chunk)))
        states = len(
            self._session.execute(delete(s).where(s.c.address == address).returning(s.c.address))
            .scalars()
            .all()
        )
        redacted = self._redact_audit(address, token)
        return counts + RemovalCounts(address_states=int(states), audit_rows_redacted=redacted)

    def _redact_audit(self, address: str, token: str) -> int:
        a = _audit
        # Every text column but who and what: subject, before, after (and any added later).
        texts = [c for c in a.c if c.name not in ("id", "at", "actor", "action")]
        mentions = or_(*(func.lower(c).contains(address, autoescape=True) for c in texts))
        rows = self._session.execute(select(a.c.id, *texts).where(mentions)).all()
        pattern = address_pattern(address)
        changes = []
        for row in rows:
            old = list(row[1:])
            new = [pattern.sub(token, t) if isinstance(t, str) else t for t in old]
            if new != old:
                values = {f"b_{c.name}": v for c, v in zip(texts, new, strict=True)}
                changes.append({"b_id": row[0], **values})
        if not changes:
            return 0
        # The append-only guard lets text change only while this marker row exists; it is
        # removed again before the commit, so no other transaction ever sees it.
        self._session.execute(insert(_erasures).values(id=1))
        self._session.connection().execute(
            update(a)
            .where(a.c.id == bindparam("b_id"))
            .values({c.name: bindparam(f"b_{c.name}") for c in texts}),
            changes,
        )
        self._session.execute(delete(_erasures))
        return len(changes)
