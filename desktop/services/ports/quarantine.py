"""Ports for quarantines, release requests and the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from desktop.domain.bursts import BurstTallies
from desktop.domain.model import (
    AuditEntry,
    Event,
    Quarantine,
    QuarantineCause,
    Reason,
    ReleaseRequest,
    RequestState,
    RiskLevel,
)
from desktop.domain.records import AuditRecord
from desktop.domain.search import QuarantineCursor, QuarantineFilter


class QuarantineRepository(Protocol):
    def add(
        self,
        address: str,
        cause: QuarantineCause,
        reason: Reason,
        started_at: datetime,
        ends_at: datetime,
        cause_event_ids: Sequence[int] = (),
    ) -> int: ...

    def get(self, quarantine_id: int) -> Quarantine | None: ...

    def page(
        self, at: datetime, criteria: QuarantineFilter, after: QuarantineCursor | None, limit: int
    ) -> list[Quarantine]: ...

    def count(self, at: datetime, criteria: QuarantineFilter) -> int: ...

    def active_for(self, address: str, at: datetime) -> Quarantine | None: ...

    def history(self, address: str) -> list[Quarantine]: ...

    def active(self, at: datetime, limit: int = 1000) -> list[Quarantine]: ...

    def active_failures(
        self, at: datetime, limit: int | None = None, since: datetime | None = None
    ) -> list[tuple[str, Reason, datetime, int]]:
        """(address, reason, since, id) of the quarantines in force at `at` (that started at
        `since` or later), newest first."""

    def burst_tallies(
        self,
        at: datetime,
        old_end: datetime,
        window: timedelta,
        least: int,
        provider: frozenset[Reason],
        overlap: Sequence[str],
    ) -> BurstTallies | None:
        """Burst members among quarantines in force at `at` that started before `old_end`
        (windows of `window` holding `least` addresses), tallied per domain; None where the
        store cannot work it out (the caller then reads every failure)."""

    def burst_rows(
        self, at: datetime, old_end: datetime, window: timedelta, least: int, domains: Sequence[str]
    ) -> list[tuple[str, Reason, datetime, int]]:
        """(address, reason, since, id) of the members `burst_tallies` counted at `domains`."""

    def release(self, quarantine_id: int, at: datetime) -> bool:
        """End a quarantine early; false when it had already ended or been released."""

    def soft_run(self, address: str) -> list[int]: ...

    def set_soft_run(self, address: str, event_ids: Sequence[int], at: datetime) -> None: ...

    def listing(
        self, at: datetime, criteria: QuarantineFilter, limit: int = 1000
    ) -> list[Quarantine]:
        """Quarantines matching `criteria`, newest first; only active ones unless it says so."""

    def cause_events_of(self, quarantine_ids: Sequence[int]) -> dict[int, list[int]]:
        """The cause event ids of each quarantine (one query per chunk, not per quarantine)."""

    def cause_message(self, quarantine_id: int) -> int | None:
        """The message whose event (the latest cause) started the quarantine, if stored."""

    def cause_events(self, quarantine_id: int) -> list[Event]:
        """The events that caused a quarantine, oldest first."""

    def due_for_expiry(self, at: datetime, limit: int = 1000) -> list[Quarantine]:
        """Unreleased quarantines whose time was up by `at` and whose expiry is not recorded."""

    def mark_expired_many(self, quarantine_ids: Sequence[int]) -> set[int]:
        """Record these expiries; returns the ids this caller recorded (compare-and-set, so
        agents expiring at the same moment each record a different share, never one twice)."""

    def expired_at(self, quarantine_id: int) -> datetime | None: ...

    def next_outcome(self, address: str, after: datetime) -> Event | None:
        """The first delivery, bounce or complaint for `address` after `after` (re-bounce watch)."""

    def known_addresses(self, addresses: Sequence[str]) -> set[str]:
        """The addresses among `addresses` that any message was sent to or any quarantine hit."""

    def recent_bounces(self, since: datetime, until: datetime) -> list[tuple[str, str, datetime]]:
        """(address, reason, time) of messages whose last event, a bounce, fell in the window."""

    def earliest_releases(self, addresses: Sequence[str]) -> dict[str, datetime]:
        """When each address (that ever had one) was first released from a quarantine."""

    def reset_soft_run_before(self, address: str, moment: datetime, at: datetime) -> bool:
        """Empty a soft-bounce run last changed no later than `moment` (an expired quarantine's
        end); a run counted after it is new evidence and stays."""

    def reset_soft_runs_before(self, ends: Sequence[tuple[str, datetime]], at: datetime) -> None:
        """`reset_soft_run_before` for many (address, moment) pairs in one executemany."""


class ReleaseRequestRepository(Protocol):
    def create_pending(
        self,
        quarantine_id: int,
        requested_by: str,
        note: str,
        at: datetime,
        risk: RiskLevel | None = None,
        risk_why: str | None = None,
        *,
        only_if_active: bool = False,
    ) -> int | None:
        """A new pending request's id, or None when one is already pending (the index says so)."""

    def get(self, request_id: int) -> ReleaseRequest | None: ...

    def pending_for(self, quarantine_id: int) -> ReleaseRequest | None: ...

    def latest_for(self, quarantine_id: int) -> ReleaseRequest | None: ...

    def by_state(self, state: RequestState, limit: int = 500) -> list[ReleaseRequest]: ...

    def transition(
        self,
        request_id: int,
        from_states: tuple[RequestState, ...],
        to_state: RequestState,
        by: str,
        at: datetime,
        note: str = "",
    ) -> bool:
        """Compare-and-set: true only for the one caller that moved the request."""

    def latest_for_many(self, quarantine_ids: Sequence[int]) -> dict[int, ReleaseRequest]:
        """The newest request of each quarantine that has one (for the quarantine list)."""

    def risk_why(self, request_id: int) -> str | None:
        """The one-line reason stored with the risk verdict when the request was filed."""

    def recent(self, limit: int = 500) -> list[ReleaseRequest]:
        """Every request, newest first (the requests queue shows pending ones on top itself)."""

    def risk_whys(self, request_ids: Sequence[int]) -> dict[int, str]:
        """The stored risk explanation of each of `request_ids` that has one."""

    def in_state(self, state: RequestState, limit: int = 500) -> list[ReleaseRequest]:
        """Requests in `state`, newest first."""


class AuditLog(Protocol):
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
        """Add one row; no role can change or delete it afterwards.

        Where the database audits by itself (PostgreSQL), it writes the rows of release
        requests and expiries from the changes (this call leaves them to it) and sets the
        time and the acting role of every row: `at` counts only on a local file.
        """

    def record_many(self, rows: Sequence[AuditRecord]) -> None:
        """Several audit rows in one executemany (a batch of expiries, a bulk release)."""

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
