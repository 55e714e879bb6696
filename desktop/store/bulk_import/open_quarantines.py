"""The one open quarantine per address: finding it, extending it, closing it (used by imports)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.domain.model import QuarantineCause, Reason
from desktop.domain.records import expiry_record
from desktop.store.audit import SqlAuditLog
from desktop.store.tables import QuarantineRow

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class OpenQuarantine:
    """A stored quarantine neither released nor recorded as expired (at most one per address)."""

    id: int
    address: str
    cause: QuarantineCause
    reason: Reason
    started_at: datetime
    ends_at: datetime


def open_quarantines(session: Session, addresses: Iterable[str]) -> dict[str, OpenQuarantine]:
    """The open quarantine of each of `addresses` that has one (the latest-ending one, should
    a database from before migration 0003 still hold two)."""
    found: dict[str, OpenQuarantine] = {}
    wanted = sorted(set(addresses))
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(
                QuarantineRow.id,
                QuarantineRow.address,
                QuarantineRow.cause,
                QuarantineRow.reason,
                QuarantineRow.started_at,
                QuarantineRow.ends_at,
            ).where(
                QuarantineRow.address.in_(wanted[start : start + _CHUNK]),
                QuarantineRow.released_at.is_(None),
                QuarantineRow.expired_at.is_(None),
            )
        )
        for qid, address, cause, reason, started_at, ends_at in rows:
            current = found.get(address)
            if current is None or ends_at > current.ends_at:
                found[address] = OpenQuarantine(
                    int(qid), address, QuarantineCause(cause), Reason(reason), started_at, ends_at
                )
    return found


def extend(session: Session, quarantine_id: int, started_at: datetime, ends_at: datetime) -> None:
    """Widen an open quarantine to span `started_at` .. `ends_at`."""
    session.execute(
        update(QuarantineRow)
        .where(QuarantineRow.id == quarantine_id)
        .values(started_at=started_at, ends_at=ends_at)
    )


def close_at_end(session: Session, quarantines: Sequence[OpenQuarantine]) -> None:
    """Record that these open quarantines ran out (at their own end), as `expire` does, with
    its audit row (on PostgreSQL the expiry trigger writes it)."""
    closed: set[int] = set()
    for start in range(0, len(quarantines), _CHUNK):
        result = session.execute(
            update(QuarantineRow)
            .where(
                QuarantineRow.id.in_([q.id for q in quarantines[start : start + _CHUNK]]),
                QuarantineRow.expired_at.is_(None),
            )
            .values(expired_at=QuarantineRow.ends_at)
            .returning(QuarantineRow.id)
        )
        closed.update(int(row[0]) for row in result)
    if closed and session.get_bind().dialect.name != "postgresql":
        at = datetime.now(UTC)
        SqlAuditLog(session).record_many(
            [expiry_record(q.id, q.address, q.ends_at, at) for q in quarantines if q.id in closed]
        )
