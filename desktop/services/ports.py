"""The ports the services work against: the unit of work, its repositories and the database.

The store implements them (store/uow.py, store/database.py); tests/helpers/fakes.py has an
in-memory unit of work. The services and the ui import these types, never the store's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self

from desktop.domain.ingest_position import IngestPosition
from desktop.domain.model import (
    AuditEntry,
    Event,
    Message,
    Quarantine,
    QuarantineCause,
    Reason,
    ReleaseRequest,
    RequestState,
    RiskLevel,
)
from desktop.domain.original import OriginalRecord
from desktop.domain.records import AuditRecord, NewEvent, NewMessage
from desktop.domain.release_targets import CallResult, DeliveryState, OutboxItem
from desktop.domain.retention import RemovalCounts
from desktop.domain.search import Cursor, QuarantineCursor, QuarantineFilter, SearchCriteria
from desktop.domain.source_state import StoredSourceState
from desktop.domain.stats import Dimension, RollupCount


class MessageRepository(Protocol):
    def account_id(self, name: str) -> int:
        """The id of the account called `name`, created when new."""

    def account_names(self) -> list[str]: ...

    def add(self, message: NewMessage) -> int: ...

    def add_event(self, event: NewEvent) -> int: ...

    def get(self, message: int) -> Message | None: ...

    def by_message_id(self, message_id: str) -> list[Message]: ...

    def latest_to(self, recipient: str, message_id: str | None = None) -> Message | None: ...

    def timeline(self, message: int) -> list[Event]: ...

    def search(
        self, criteria: SearchCriteria, after: Cursor | None = None, limit: int = 50
    ) -> list[Message]:
        """Newest first, `limit` rows after `after` (keyset paging; never OFFSET)."""

    def count(self, criteria: SearchCriteria, cap: int = 10_000) -> int:
        """How many messages match, counting no further than `cap` (so it stays fast)."""


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
        self, at: datetime, limit: int = 100_000
    ) -> list[tuple[str, Reason, datetime, int]]:
        """(address, reason, since, id) of the quarantines in force at `at`, newest first."""

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
        """Add one row; no role can change or delete it afterwards."""

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


class StatsRepository(Protocol):
    """Delivery figures from the event roll-up (hourly counts) and a few small counts."""

    def counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
        day_offset: timedelta = timedelta(0),
    ) -> list[RollupCount]:
        """Events per type (and per each of `by`) in the hours from `since`'s to before `until`.

        Grouped by Dimension.DAY, a count's `hour` is the start (in UTC) of the day that begins
        at midnight in a zone `day_offset` ahead of UTC.
        """

    def quarantines_started(self, since: datetime, until: datetime) -> int: ...

    def pending_requests(self) -> int: ...

    def quarantines_of_account(
        self, account: str, since: datetime, until: datetime, limit: int = 500
    ) -> list[Quarantine]:
        """Quarantines started in the window for addresses the account has sent to, oldest first."""

    def rebuild(self) -> int:
        """Recount the roll-up from the events; returns its number of rows."""


class DatabaseSettings(Protocol):
    def get(self, key: str, default: str | None = None) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def caller_may_approve(self) -> bool: ...


class OriginalRecords(Protocol):
    """The raw records events were read from (log line, DSN mail, webhook JSON)."""

    def for_message(self, message: int) -> list[OriginalRecord]: ...

    def for_event(self, message: int, event: int) -> OriginalRecord | None: ...


class OutboxRepository(Protocol):
    """The release outbox: one row per release and provider target, claimed by workers."""

    def add_many(self, rows: Sequence[dict[str, Any]]) -> None: ...

    def get(self, item_id: int) -> OutboxItem | None: ...

    def for_request(self, request_id: int) -> list[OutboxItem]: ...

    def for_requests(self, request_ids: Sequence[int]) -> dict[int, list[OutboxItem]]: ...

    def recent_requests(self, limit: int) -> list[int]: ...

    def unfinished(self, limit: int = 1000) -> list[OutboxItem]: ...

    def counts(self) -> dict[str, int]: ...

    def claim(
        self,
        worker: str,
        now: datetime,
        lease: timedelta,
        limit: int,
        targets: Sequence[str],
    ) -> list[OutboxItem]: ...

    def finish(
        self,
        item_id: int,
        worker: str,
        result: CallResult,
        now: datetime,
        next_attempt_at: datetime | None = None,
    ) -> bool: ...

    def release_claims(self, worker: str) -> None: ...

    def set_state(
        self,
        item_id: int,
        state: DeliveryState,
        note: str,
        now: datetime,
        only_from: Sequence[DeliveryState],
    ) -> bool: ...

    def stopped_targets(self) -> set[str]: ...

    def desk_states(self, addresses: Sequence[str], now: datetime) -> dict[str, str]: ...

    def latest_request(self, address: str) -> int | None: ...


class IngestPositions(Protocol):
    """Where each live source stopped reading, saved with the events it committed."""

    def get(self, source: str) -> IngestPosition | None: ...

    def all(self) -> list[IngestPosition]: ...

    def save(self, position: IngestPosition) -> None: ...

    def delete(self, source: str) -> bool: ...


class SourceStates(Protocol):
    """Each live source's freshness: events committed, the newest event, the last error."""

    def events_committed(
        self, name: str, count: int, last_event_at: datetime | None, now: datetime
    ) -> None: ...

    def error(self, name: str, message: str, now: datetime) -> None: ...

    def all(self, today: str) -> list[StoredSourceState]: ...


class UnitOfWork(Protocol):
    """One short transaction and the repositories sharing it; leaving without commit rolls back.

    Use as a context manager, on one thread. Environment failures leave as domain errors.
    """

    @property
    def messages(self) -> MessageRepository: ...

    @property
    def quarantines(self) -> QuarantineRepository: ...

    @property
    def requests(self) -> ReleaseRequestRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def settings(self) -> DatabaseSettings: ...

    @property
    def originals(self) -> OriginalRecords: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def positions(self) -> IngestPositions: ...

    @property
    def sources(self) -> SourceStates: ...

    @property
    def stats(self) -> StatsRepository: ...

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql": a few rules differ (who may approve, for one)."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]

MessageCursor = tuple[datetime, int]  # (created_at, id): where a purge goes on


class Erasure(Protocol):
    """Removal of personal data, one short batch per unit of work; never commits."""

    def begin_removal(self) -> None:
        """Take the import write lock and tell importers their caches may hold removed rows."""

    def salt(self) -> str:
        """The database's salt for forgotten addresses' tokens, made on first use."""

    def purge_address_states(self, cutoff: datetime, limit: int, *, remove: bool) -> int: ...

    def purge_messages(
        self,
        cutoff: datetime,
        now: datetime,
        after: MessageCursor | None,
        limit: int,
        *,
        remove: bool,
    ) -> tuple[RemovalCounts, MessageCursor | None]: ...

    def purge_quarantines(
        self, cutoff: datetime, after_id: int, limit: int, *, remove: bool
    ) -> tuple[RemovalCounts, int | None]: ...

    def forget(self, address: str, token: str) -> RemovalCounts:
        """Remove everything of `address`; audit rows naming it get `token` instead."""


class ErasingUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that can also remove personal data (the SQL one)."""

    @property
    def erasure(self) -> Erasure: ...


ErasingUnitOfWorkFactory = Callable[[], ErasingUnitOfWork]


class ChangeListener(Protocol):
    """Tells which tables other writers changed (SQLite: only that something changed)."""

    def wait(self, timeout: float) -> frozenset[str]: ...

    def close(self) -> None: ...


class Database(Protocol):
    """An open database: the factory of units of work. Thread-safe."""

    @property
    def dialect(self) -> str: ...

    @property
    def url(self) -> str:
        """The URL with any password hidden."""

    def unit_of_work(self) -> UnitOfWork: ...

    def change_listener(self, poll_interval: float = 0.2) -> ChangeListener:
        """A listener for other writers' changes, for one worker thread."""

    def dispose(self) -> None: ...
