"""Retention and erasure: the purge of data older than the period, and forgetting an address.

Both remove in short transactions that hold the import write lock, so a running GUI keeps
searching and a running import keeps writing meanwhile; each leaves one audit row with counts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop.domain.errors import ValidationError
from desktop.domain.model import normalise_address
from desktop.domain.retention import (
    RETENTION_KEY,
    RemovalCounts,
    address_pattern,
    address_token,
)
from desktop.services.ports import (
    ErasingUnitOfWork,
    ErasingUnitOfWorkFactory,
    MessageCursor,
    UnitOfWork,
)

PURGE_BATCH = 2000  # messages per transaction: about 0.1-0.3 s of locks, then others go on
MAX_RETENTION_DAYS = 36_500


@dataclass(frozen=True, slots=True)
class PurgeSummary:
    """What a purge removed (or, on a dry run, would remove) and from before when."""

    days: int
    cutoff: datetime
    dry_run: bool
    counts: RemovalCounts


@dataclass(frozen=True, slots=True)
class ForgetSummary:
    """What forgetting an address removed; `token` is what the audit log keeps instead."""

    token: str
    counts: RemovalCounts


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _check_days(days: int) -> int:
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValidationError(
            f"The retention period is 1 to {MAX_RETENTION_DAYS} days, not {days}."
        )
    return days


# --- the retention setting ----------------------------------------------------------------


def retention_days(uow: UnitOfWork) -> int | None:
    """The database's retention period in days; None keeps everything."""
    stored = uow.settings.get(RETENTION_KEY)
    return int(stored) if stored and stored.isdigit() else None


def set_retention(uow: UnitOfWork, days: int | None, by: str, now: datetime | None = None) -> None:
    """Set (or, with None, clear) the period for everyone using this database; audited.

    On PostgreSQL only the approver role (and the owner) may: the database refuses others.
    """
    value = "" if days is None else str(_check_days(days))
    before = retention_days(uow)
    uow.settings.set(RETENTION_KEY, value)
    uow.audit.record(
        by, "setting_changed", RETENTION_KEY, _now(now),
        "" if before is None else str(before), value,
    )  # fmt: skip
    uow.commit()


# --- purge --------------------------------------------------------------------------------


def purge(
    factory: ErasingUnitOfWorkFactory,
    older_than_days: int | None,
    by: str,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    batch: int = PURGE_BATCH,
    progress: Callable[[RemovalCounts], None] | None = None,
) -> PurgeSummary:
    """Remove messages (with their events and raw records), soft-bounce runs and ended
    quarantines older than the period, batch by batch. Open quarantines and the events that
    caused them stay, and so do the events of soft-bounce runs still counting."""
    moment = _now(now)
    if older_than_days is None:
        with factory() as uow:
            older_than_days = retention_days(uow)
        if older_than_days is None:
            raise ValidationError(
                "No retention period is set: give --older-than DAYS, or set one with"
                " `bouncedesk retention --set DAYS`."
            )
    days = _check_days(older_than_days)
    cutoff = moment - timedelta(days=days)
    if dry_run:
        with factory() as uow:
            counts = _dry_run(uow, cutoff, moment, batch, progress)
        return PurgeSummary(days, cutoff, True, counts)
    counts = _purge_in_batches(factory, cutoff, moment, batch, progress)
    with factory() as uow:
        subject = f"data older than {days} days (before {cutoff.isoformat(timespec='seconds')})"
        uow.audit.record(
            by, "purge", subject, moment, None, json.dumps(counts.as_dict(), sort_keys=True)
        )
        uow.commit()
    return PurgeSummary(days, cutoff, False, counts)


def _dry_run(
    uow: ErasingUnitOfWork,
    cutoff: datetime,
    now: datetime,
    batch: int,
    progress: Callable[[RemovalCounts], None] | None,
) -> RemovalCounts:
    """Every batch counted, nothing removed, inside one read-only unit of work."""
    erasure = uow.erasure
    total = RemovalCounts(address_states=erasure.purge_address_states(cutoff, batch, remove=False))
    cursor: MessageCursor | None = None
    while True:
        counts, cursor = erasure.purge_messages(cutoff, now, cursor, batch, remove=False)
        total += counts
        if progress is not None:
            progress(total)
        if cursor is None:
            break
    after: int | None = 0
    while after is not None:
        counts, after = erasure.purge_quarantines(cutoff, after, batch, remove=False)
        total += counts
    return total


def _purge_in_batches(
    factory: ErasingUnitOfWorkFactory,
    cutoff: datetime,
    now: datetime,
    batch: int,
    progress: Callable[[RemovalCounts], None] | None,
) -> RemovalCounts:
    """One short transaction per batch: soft-bounce runs, then messages, then quarantines."""
    total = RemovalCounts()
    while True:
        with factory() as uow:
            uow.erasure.begin_removal()
            removed = uow.erasure.purge_address_states(cutoff, batch, remove=True)
            uow.commit()
        total += RemovalCounts(address_states=removed)
        if removed < batch:
            break
    cursor: MessageCursor | None = None
    while True:
        with factory() as uow:
            uow.erasure.begin_removal()
            counts, cursor = uow.erasure.purge_messages(cutoff, now, cursor, batch, remove=True)
            uow.commit()
        total += counts
        if progress is not None:
            progress(total)
        if cursor is None:
            break
    after: int | None = 0
    while after is not None:
        with factory() as uow:
            uow.erasure.begin_removal()
            counts, after = uow.erasure.purge_quarantines(cutoff, after, batch, remove=True)
            uow.commit()
        total += counts
    return total


# --- forget -------------------------------------------------------------------------------


def forget(
    factory: ErasingUnitOfWorkFactory,
    address: str,
    by: str,
    note: str = "",
    now: datetime | None = None,
) -> ForgetSummary:
    """Remove every message, event, raw record, quarantine and soft-bounce run of `address`,
    in one transaction. The audit log keeps a salted hash of the address in its place: in the
    rows that named it and in the one row that records this (with the counts and the note)."""
    wanted = normalise_address(address)
    if not wanted or "@" not in wanted:
        raise ValidationError(f"Not an email address: {address!r}")
    with factory() as uow:
        uow.erasure.begin_removal()
        token = address_token(uow.erasure.salt(), wanted)
        counts = uow.erasure.forget(wanted, token)
        after = {**counts.as_dict(), "note": address_pattern(wanted).sub(token, note)}
        uow.audit.record(by, "address_forgotten", token, _now(now), None,
                         json.dumps(after, sort_keys=True))  # fmt: skip
        uow.commit()
    return ForgetSummary(token, counts)
