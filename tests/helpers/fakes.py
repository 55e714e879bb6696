"""An in-memory unit of work for service tests that are not about SQL.

It meets services/ports/'s UnitOfWork: the repositories keep domain objects in dicts, search
is domain/search.matches (the reference meaning of every filter), and a unit of work works on
a copy of the store that only `commit` makes the store's own, so leaving without commit rolls
back as the SQL one does. One thread at a time.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from types import TracebackType
from typing import Any, Self

from desktop.domain.bursts import BurstTallies
from desktop.domain.ingest_position import IngestPosition
from desktop.domain.model import (
    AuditEntry,
    Event,
    EventType,
    Message,
    MessageStatus,
    Quarantine,
    QuarantineCause,
    Reason,
    ReleaseRequest,
    RequestState,
    RiskLevel,
    recipient_domain,
)
from desktop.domain.original import OriginalRecord
from desktop.domain.records import AuditRecord, NewEvent, NewMessage
from desktop.domain.release_targets import DeliveryState, OutboxItem
from desktop.domain.search import (
    Cursor,
    QuarantineCursor,
    QuarantineFilter,
    QuarantineSort,
    SearchCriteria,
    cursor_after,
    matches,
    sort_key,
)
from desktop.domain.stats import Dimension, MessageCount, RollupCount
from desktop.services.ports import UnitOfWorkFactory

_OUTCOMES = frozenset(
    {EventType.DELIVERED, EventType.SOFT_BOUNCE, EventType.HARD_BOUNCE, EventType.SPAM_COMPLAINT}
)


@dataclass
class FakeData:
    """Everything stored, as domain objects."""

    accounts: dict[str, int] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    events: dict[int, Event] = field(default_factory=dict)
    quarantines: dict[int, Quarantine] = field(default_factory=dict)
    expired: dict[int, datetime] = field(default_factory=dict)
    soft_runs: dict[str, tuple[list[int], datetime]] = field(default_factory=dict)
    requests: dict[int, ReleaseRequest] = field(default_factory=dict)
    risk_whys: dict[int, str] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    outbox: dict[int, OutboxItem] = field(default_factory=dict)
    positions: dict[str, IngestPosition] = field(default_factory=dict)
    last_id: int = 0  # one sequence for every table: ids stay unique and increasing

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


class FakeMessageRepository:
    def __init__(self, data: FakeData) -> None:
        self._data = data

    def account_id(self, name: str) -> int:
        found = self._data.accounts.get(name)
        if found is None:
            found = self._data.accounts[name] = self._data.next_id()
        return found

    def account_names(self) -> list[str]:
        return sorted(self._data.accounts)

    def add(self, message: NewMessage) -> int:
        names = {ident: name for name, ident in self._data.accounts.items()}
        new_id = self._data.next_id()
        self._data.messages[new_id] = Message(
            new_id, message.message_id, names[message.account_id], message.sender,
            message.recipient, message.subject, message.status, message.reason,
            message.created_at, message.last_event_at,
        )  # fmt: skip
        return new_id

    def add_event(self, event: NewEvent) -> int:
        new_id = self._data.next_id()
        self._data.events[new_id] = Event(
            new_id, event.message, event.type, event.at, event.reply_code, event.status,
            event.diagnostic, event.remote_host, event.reason, event.source, event.raw,
        )  # fmt: skip
        return new_id

    def get(self, message: int) -> Message | None:
        return self._data.messages.get(message)

    def by_message_id(self, message_id: str) -> list[Message]:
        found = [m for m in self._data.messages.values() if m.message_id == message_id]
        return sorted(found, key=sort_key, reverse=True)

    def latest_to(self, recipient: str, message_id: str | None = None) -> Message | None:
        found = [
            m
            for m in self._data.messages.values()
            if m.recipient == recipient and (message_id is None or m.message_id == message_id)
        ]
        return max(found, key=sort_key, default=None)

    def timeline(self, message: int) -> list[Event]:
        found = [e for e in self._data.events.values() if e.message == message]
        return sorted(found, key=lambda e: (e.at, e.id))

    def search(
        self, criteria: SearchCriteria, after: Cursor | None = None, limit: int = 50
    ) -> list[Message]:
        found = [m for m in self._data.messages.values() if matches(m, criteria)]
        if after is not None:
            found = [m for m in found if sort_key(m) < (after.created_at, after.id)]
        return sorted(found, key=sort_key, reverse=True)[:limit]

    def count(self, criteria: SearchCriteria, cap: int = 10_000) -> int:
        return min(cap, sum(matches(m, criteria) for m in self._data.messages.values()))


class FakeQuarantineRepository:
    def __init__(self, data: FakeData) -> None:
        self._data = data

    def add(
        self,
        address: str,
        cause: QuarantineCause,
        reason: Reason,
        started_at: datetime,
        ends_at: datetime,
        cause_event_ids: Sequence[int] = (),
    ) -> int:
        new_id = self._data.next_id()
        causes = tuple(sorted(dict.fromkeys(cause_event_ids)))
        self._data.quarantines[new_id] = Quarantine(
            new_id, address, cause, reason, started_at, ends_at, None, causes
        )
        return new_id

    def get(self, quarantine_id: int) -> Quarantine | None:
        return self._data.quarantines.get(quarantine_id)

    def _newest_first(self, found: list[Quarantine]) -> list[Quarantine]:
        return sorted(found, key=lambda q: (q.started_at, q.id), reverse=True)

    def active_for(self, address: str, at: datetime) -> Quarantine | None:
        found = [
            q for q in self.active(at, limit=len(self._data.quarantines)) if q.address == address
        ]
        return found[0] if found else None

    def history(self, address: str) -> list[Quarantine]:
        return self._newest_first(
            [q for q in self._data.quarantines.values() if q.address == address]
        )

    def active(self, at: datetime, limit: int = 1000) -> list[Quarantine]:
        return self._newest_first([q for q in self._data.quarantines.values() if q.active_at(at)])[
            :limit
        ]

    def active_failures(
        self, at: datetime, limit: int | None = None, since: datetime | None = None
    ) -> list[tuple[str, Reason, datetime, int]]:
        found = self._newest_first(
            [
                q
                for q in self._data.quarantines.values()
                if q.active_at(at) and (since is None or q.started_at >= since)
            ]
        )
        return [(q.address, q.reason, q.started_at, q.id) for q in found[:limit]]

    def burst_tallies(
        self,
        at: datetime,
        old_end: datetime,
        window: timedelta,
        least: int,
        provider: frozenset[Reason],
        overlap: Sequence[str],
    ) -> BurstTallies | None:
        return None  # as SQLite: the service reads every failure

    def burst_rows(
        self, at: datetime, old_end: datetime, window: timedelta, least: int, domains: Sequence[str]
    ) -> list[tuple[str, Reason, datetime, int]]:
        raise AssertionError("burst_rows follows burst_tallies, which the fake never answers")

    def release(self, quarantine_id: int, at: datetime) -> bool:
        found = self._data.quarantines.get(quarantine_id)
        if found is None or found.released_at is not None or found.ends_at <= at:
            return False
        self._data.quarantines[quarantine_id] = replace(found, released_at=at)
        return True

    def soft_run(self, address: str) -> list[int]:
        return list(self._data.soft_runs.get(address, ([], None))[0])

    def set_soft_run(self, address: str, event_ids: Sequence[int], at: datetime) -> None:
        self._data.soft_runs[address] = (list(event_ids), at)

    def listing(
        self, at: datetime, criteria: QuarantineFilter, limit: int = 1000
    ) -> list[Quarantine]:
        search = criteria.search.strip().lower() if criteria.search else None
        found = [
            q
            for q in self._data.quarantines.values()
            if (criteria.include_ended or q.active_at(at))
            and (search is None or search in q.address)
            and (criteria.cause is None or q.cause is criteria.cause)
            and (criteria.reason is None or q.reason is criteria.reason)
        ]
        return self._newest_first(found)[:limit]

    def page(
        self, at: datetime, criteria: QuarantineFilter, after: QuarantineCursor | None, limit: int
    ) -> list[Quarantine]:
        down = criteria.sort is QuarantineSort.NEWEST
        rows = sorted(
            self.listing(at, criteria, limit=len(self._data.quarantines)),
            key=lambda q: (cursor_after(criteria.sort, q).value, q.id),
            reverse=down,
        )
        if after is not None:
            mark = (after.value, after.id)
            rows = [
                q
                for q in rows
                if ((cursor_after(criteria.sort, q).value, q.id) < mark)
                == down  # strictly past the cursor in the list's direction
                and (cursor_after(criteria.sort, q).value, q.id) != mark
            ]
        return rows[:limit]

    def count(self, at: datetime, criteria: QuarantineFilter) -> int:
        return len(self.listing(at, criteria, limit=len(self._data.quarantines)))

    def cause_events_of(self, quarantine_ids: Sequence[int]) -> dict[int, list[int]]:
        quarantines = self._data.quarantines
        return {
            qid: list(quarantines[qid].cause_event_ids)
            for qid in quarantine_ids
            if qid in quarantines and quarantines[qid].cause_event_ids
        }

    def cause_message(self, quarantine_id: int) -> int | None:
        events = self.cause_events(quarantine_id)
        return events[-1].message if events else None

    def cause_events(self, quarantine_id: int) -> list[Event]:
        found = self._data.quarantines.get(quarantine_id)
        ids = found.cause_event_ids if found is not None else ()
        events = [self._data.events[i] for i in ids if i in self._data.events]
        return sorted(events, key=lambda e: (e.at, e.id))

    def due_for_expiry(self, at: datetime, limit: int = 1000) -> list[Quarantine]:
        found = [
            q
            for q in self._data.quarantines.values()
            if q.released_at is None and q.id not in self._data.expired and q.ends_at <= at
        ]
        return sorted(found, key=lambda q: (q.ends_at, q.id))[:limit]

    def mark_expired_many(self, quarantine_ids: Sequence[int]) -> set[int]:
        recorded: set[int] = set()
        for qid in quarantine_ids:
            found = self._data.quarantines.get(qid)
            if found is not None and found.released_at is None and qid not in self._data.expired:
                self._data.expired[qid] = found.ends_at
                recorded.add(qid)
        return recorded

    def expired_at(self, quarantine_id: int) -> datetime | None:
        return self._data.expired.get(quarantine_id)

    def next_outcome(self, address: str, after: datetime) -> Event | None:
        to_address = {m.id for m in self._data.messages.values() if m.recipient == address}
        found = [
            e
            for e in self._data.events.values()
            if e.message in to_address and e.at > after and e.type in _OUTCOMES
        ]
        return min(found, key=lambda e: (e.at, e.id), default=None)

    def known_addresses(self, addresses: Sequence[str]) -> set[str]:
        known = {m.recipient for m in self._data.messages.values()}
        known |= {q.address for q in self._data.quarantines.values()}
        return known & set(addresses)

    def recent_bounces(self, since: datetime, until: datetime) -> list[tuple[str, str, datetime]]:
        bounced = (MessageStatus.SOFT_BOUNCE, MessageStatus.HARD_BOUNCE)
        return [
            (m.recipient, (m.reason or Reason.UNKNOWN).value, m.last_event_at)
            for m in self._data.messages.values()
            if m.status in bounced and since <= m.last_event_at <= until
        ]

    def earliest_releases(self, addresses: Sequence[str]) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for q in self._data.quarantines.values():
            if q.address in addresses and q.released_at is not None:
                earlier = found.get(q.address)
                found[q.address] = q.released_at if earlier is None else min(earlier, q.released_at)
        return found

    def reset_soft_run_before(self, address: str, moment: datetime, at: datetime) -> bool:
        run, updated = self._data.soft_runs.get(address, ([], None))
        if not run or updated is None or updated > moment:
            return False
        self._data.soft_runs[address] = ([], at)
        return True

    def reset_soft_runs_before(self, ends: Sequence[tuple[str, datetime]], at: datetime) -> None:
        for address, moment in ends:
            self.reset_soft_run_before(address, moment, at)


class FakeReleaseRequestRepository:
    def __init__(self, data: FakeData) -> None:
        self._data = data

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
        if self.pending_for(quarantine_id) is not None:
            return None  # what the database's partial unique index refuses
        quarantine = self._data.quarantines[quarantine_id]
        if only_if_active and (quarantine.released_at is not None or quarantine.ends_at <= at):
            return None
        new_id = self._data.next_id()
        self._data.requests[new_id] = ReleaseRequest(
            new_id, quarantine_id, quarantine.address, RequestState.PENDING, requested_by, at,
            note, risk,
        )  # fmt: skip
        if risk_why:
            self._data.risk_whys[new_id] = risk_why
        return new_id

    def get(self, request_id: int) -> ReleaseRequest | None:
        return self._data.requests.get(request_id)

    def pending_for(self, quarantine_id: int) -> ReleaseRequest | None:
        for request in self._data.requests.values():
            if request.quarantine_id == quarantine_id and request.state is RequestState.PENDING:
                return request
        return None

    def latest_for(self, quarantine_id: int) -> ReleaseRequest | None:
        found = [r for r in self._data.requests.values() if r.quarantine_id == quarantine_id]
        return max(found, key=lambda r: (r.created_at, r.id), default=None)

    def by_state(self, state: RequestState, limit: int = 500) -> list[ReleaseRequest]:
        found = [r for r in self._data.requests.values() if r.state is state]
        return sorted(found, key=lambda r: (r.created_at, r.id))[:limit]

    def transition(
        self,
        request_id: int,
        from_states: tuple[RequestState, ...],
        to_state: RequestState,
        by: str,
        at: datetime,
        note: str = "",
    ) -> bool:
        found = self._data.requests.get(request_id)
        if found is None or found.state not in from_states:
            return False
        moved = replace(found, state=to_state)
        if to_state in (RequestState.APPROVED, RequestState.REJECTED):
            moved = replace(moved, decided_by=by, decided_at=at, decision_note=note)
        self._data.requests[request_id] = moved
        return True

    def latest_for_many(self, quarantine_ids: Sequence[int]) -> dict[int, ReleaseRequest]:
        wanted = set(quarantine_ids)
        found: dict[int, ReleaseRequest] = {}
        for request in sorted(self._data.requests.values(), key=lambda r: r.id):
            if request.quarantine_id in wanted:
                found[request.quarantine_id] = request
        return found

    def risk_why(self, request_id: int) -> str | None:
        return self._data.risk_whys.get(request_id)

    def recent(self, limit: int = 500) -> list[ReleaseRequest]:
        return sorted(self._data.requests.values(), key=lambda r: r.id, reverse=True)[:limit]

    def risk_whys(self, request_ids: Sequence[int]) -> dict[int, str]:
        return {i: self._data.risk_whys[i] for i in request_ids if i in self._data.risk_whys}

    def in_state(self, state: RequestState, limit: int = 500) -> list[ReleaseRequest]:
        return [r for r in self.recent(len(self._data.requests)) if r.state is state][:limit]


class FakeAuditLog:
    def __init__(self, data: FakeData) -> None:
        self._data = data

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
        entry = AuditEntry(self._data.next_id(), at, actor, action, subject, before, after, note)
        self._data.audit.append(entry)

    def record_many(self, rows: Sequence[AuditRecord]) -> None:
        for row in rows:
            self.record(row.actor, row.action, row.subject, row.at, row.before, row.after, row.note)

    def entries(
        self,
        limit: int = 1000,
        after_id: int = 0,
        since: datetime | None = None,
        until: datetime | None = None,
        action: str | None = None,
        actor: str | None = None,
    ) -> list[AuditEntry]:
        found = [
            e
            for e in self._data.audit
            if e.id > after_id
            and (since is None or e.at >= since)
            and (until is None or e.at < until)
            and (action is None or e.action == action)
            and (actor is None or e.actor == actor)
        ]
        return found[:limit]


class FakeDatabaseSettings:
    def __init__(self, data: FakeData) -> None:
        self._data = data

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        return {key: value for key in keys if (value := self.get(key)) is not None}

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._data.settings.get(key, default)

    def set(self, key: str, value: str) -> None:
        self._data.settings[key] = value

    def caller_may_approve(self) -> bool:
        return True  # an in-memory store has one user, who decides (as on a local file)


class FakeOutbox:
    """Staff's side of the release outbox: rows written with a release, read by request or
    address. The worker's claims and calls run against real databases only."""

    def __init__(self, data: FakeData) -> None:
        self._data = data

    def add_many(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            ident = self._data.next_id()
            fields = {**row, "state": DeliveryState(row["state"]), "last_status": None}
            fields.setdefault("done_at", None)
            self._data.outbox[ident] = OutboxItem(id=ident, **fields)

    def get(self, item_id: int) -> OutboxItem | None:
        return self._data.outbox.get(item_id)

    def for_request(self, request_id: int) -> list[OutboxItem]:
        return [i for i in self._data.outbox.values() if i.request_id == request_id]

    def for_requests(self, request_ids: Sequence[int]) -> dict[int, list[OutboxItem]]:
        return {r: self.for_request(r) for r in request_ids}

    def recent_requests(self, limit: int) -> list[int]:
        return sorted({i.request_id for i in self._data.outbox.values()}, reverse=True)[:limit]

    def unfinished(self, limit: int = 1000) -> list[OutboxItem]:
        done = (DeliveryState.DONE, DeliveryState.GIVEN_UP)
        return [i for i in self._data.outbox.values() if i.state not in done][:limit]

    def latest_request(self, address: str) -> int | None:
        found = [i.request_id for i in self._data.outbox.values() if i.address == address]
        return max(found) if found else None


class FakeIngestPositions:
    def __init__(self, data: FakeData) -> None:
        self._data = data

    def get(self, source: str) -> IngestPosition | None:
        return self._data.positions.get(source)

    def all(self) -> list[IngestPosition]:
        return [self._data.positions[name] for name in sorted(self._data.positions)]

    def save(self, position: IngestPosition) -> None:
        self._data.positions[position.source] = position

    def delete(self, source: str) -> bool:
        return self._data.positions.pop(source, None) is not None


class FakeOriginalRecords:
    """The in-memory store keeps no raw records: every event reads as having none."""

    def for_message(self, message: int) -> list[OriginalRecord]:
        return []

    def for_event(self, message: int, event: int) -> OriginalRecord | None:
        return None


class FakeStatsRepository:
    """The roll-up's answers computed from the fake's events, one by one."""

    def __init__(self, data: FakeData) -> None:
        self._data = data

    def counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
        zone: tzinfo = UTC,
    ) -> list[RollupCount]:
        start = since.replace(minute=0, second=0, microsecond=0)
        totals: Counter[tuple[Any, ...]] = Counter()
        for event in self._data.events.values():
            message = self._data.messages[event.message]
            where = recipient_domain(message.recipient)
            if not start <= event.at < until or account not in (None, message.account):
                continue
            if domain not in (None, where):
                continue
            hour = event.at.replace(minute=0, second=0, microsecond=0)
            if Dimension.DAY in by:
                local = event.at.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
                hour = local.astimezone(UTC)  # a wall-clock midnight: its own offset
            key = (
                event.type,
                hour if Dimension.HOUR in by or Dimension.DAY in by else None,
                message.account if Dimension.ACCOUNT in by else None,
                where if Dimension.DOMAIN in by else None,
                event.reason if Dimension.REASON in by else None,
            )
            totals[key] += 1
        return [RollupCount(k[0], n, k[1], k[2], k[3], k[4]) for k, n in totals.items()]

    def message_counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
        zone: tzinfo = UTC,
    ) -> list[MessageCount]:
        totals: Counter[tuple[Any, ...]] = Counter()
        for message in self._data.messages.values():
            where = recipient_domain(message.recipient)
            if not since <= message.created_at < until or account not in (None, message.account):
                continue
            if domain not in (None, where):
                continue
            hour = message.created_at.replace(minute=0, second=0, microsecond=0)
            if Dimension.DAY in by:
                local = message.created_at.astimezone(zone)
                hour = local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
            key = (
                message.status,
                hour if Dimension.HOUR in by or Dimension.DAY in by else None,
                message.account if Dimension.ACCOUNT in by else None,
                where if Dimension.DOMAIN in by else None,
                message.reason if Dimension.REASON in by else None,
            )
            totals[key] += 1
        return [MessageCount(k[0], n, k[1], k[2], k[3], k[4]) for k, n in totals.items()]

    def quarantines_started(self, since: datetime, until: datetime) -> int:
        return sum(1 for q in self._data.quarantines.values() if since <= q.started_at < until)

    def pending_requests(self) -> int:
        return sum(1 for r in self._data.requests.values() if r.state is RequestState.PENDING)

    def quarantines_of_account(
        self, account: str, since: datetime, until: datetime, limit: int = 500
    ) -> list[Quarantine]:
        found = [
            q
            for q in self._data.quarantines.values()
            if since <= q.started_at < until
            and any(
                m.account == account and m.recipient == q.address and m.created_at <= q.started_at
                for m in self._data.messages.values()
            )
        ]
        return sorted(found, key=lambda q: (q.started_at, q.id))[:limit]

    def rebuild(self) -> int:
        return len(
            self.counts(
                datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC), list(Dimension)
            )
        )


class FakeUnitOfWork:
    """A unit of work over a FakeStore's data: changes are the store's only after `commit`."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store
        self._data: FakeData | None = None

    @property
    def dialect(self) -> str:
        return self._store.dialect

    def _working(self) -> FakeData:
        assert self._data is not None, "unit of work used outside its `with` block"
        return self._data

    @property
    def messages(self) -> FakeMessageRepository:
        return FakeMessageRepository(self._working())

    @property
    def quarantines(self) -> FakeQuarantineRepository:
        return FakeQuarantineRepository(self._working())

    @property
    def requests(self) -> FakeReleaseRequestRepository:
        return FakeReleaseRequestRepository(self._working())

    @property
    def audit(self) -> FakeAuditLog:
        return FakeAuditLog(self._working())

    @property
    def settings(self) -> FakeDatabaseSettings:
        return FakeDatabaseSettings(self._working())

    @property
    def originals(self) -> FakeOriginalRecords:
        return FakeOriginalRecords()

    @property
    def outbox(self) -> FakeOutbox:
        return FakeOutbox(self._working())

    @property
    def positions(self) -> FakeIngestPositions:
        return FakeIngestPositions(self._working())

    @property
    def stats(self) -> FakeStatsRepository:
        return FakeStatsRepository(self._working())

    def __enter__(self) -> Self:
        self._data = copy.deepcopy(self._store.data)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._data = None  # what was not committed is dropped: a rollback

    def commit(self) -> None:
        self._store.data = copy.deepcopy(self._working())

    def rollback(self) -> None:
        self._data = copy.deepcopy(self._store.data)


@dataclass
class FakeStore:
    """The in-memory database: hand `unit_of_work` to the services as their factory."""

    dialect: str = "sqlite"
    data: FakeData = field(default_factory=FakeData)

    def unit_of_work(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


def as_port(store: FakeStore) -> UnitOfWorkFactory:
    """The store's factory typed as the port: mypy checks here that the fake meets it."""
    return store.unit_of_work
