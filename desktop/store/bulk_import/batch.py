"""Writing one batch of parsed events: matching messages, the quarantine rules, bulk rows.

`BatchImporter` keeps bounded caches of messages and address states between batches, so an
import of millions of events touches the database a few times per batch, never per event.
Everything in the caches is also in the database once a batch is written, so dropping an
entry only costs a later look-up.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from desktop.domain.model import (
    EventType,
    MessageStatus,
    ParsedEvent,
    Reason,
    recipient_domain,
)
from desktop.domain.policy import (
    AddressState,
    Observation,
    PolicyConfig,
    QuarantineStart,
    observe,
)
from desktop.store.bulk_import.batch_quarantines import (
    Started,
    quarantine_rows,
    write_quarantines,
)
from desktop.store.bulk_import.lookups import ImportQueries
from desktop.store.bulk_import.rows import (
    ACCOUNT_LENGTH,
    EVENT_KEY,
    HOST_LENGTH,
    KEY_LENGTH,
    MESSAGE_MESSAGE_ID,
    QUARANTINE_ADDRESS,
    STATUS_LENGTH,
    Row,
    event_row,
    message_row,
    stored_key,
)
from desktop.store.bulk_import.settle import Settled, settle_started
from desktop.store.bulk_import.tracked import (
    TrackedAddress,
    TrackedMessage,
    from_stored,
    inert_kinds,
    settle,
)
from desktop.store.bulk_import.writer import BulkWriter, cached_stamp
from desktop.store.bulk_import.written import LookupShortcut
from desktop.store.uow import SqlUnitOfWork

UNKNOWN_ACCOUNT = "(unknown account)"
CACHE_SIZE = 50_000  # messages and addresses remembered between batches

# Enum values by member: `.value` goes through a Python-level descriptor, a dict does not.
_TEXT: dict[Enum | None, str] = {
    member: member.value for kind in (EventType, MessageStatus, Reason) for member in kind
}


@dataclass(slots=True)
class BatchCounts:
    """What one batch did."""

    imported: int = 0
    duplicates: int = 0
    rejected: int = 0  # sends turned into rejections by an active quarantine
    quarantines: int = 0  # quarantines started
    messages: int = 0  # messages created
    quarantined: list[str] = field(default_factory=list)  # addresses newly quarantined


_BLANK_STATE = AddressState()


class BatchImporter:
    """Writes batches of parsed events through a unit of work; one import, one thread."""

    def __init__(
        self, policy: PolicyConfig, cache_size: int = CACHE_SIZE, *, skip_lookups: bool = True
    ) -> None:
        self._policy = policy
        self._cache_size = cache_size
        self._messages: OrderedDict[tuple[str, str], TrackedMessage] = OrderedDict()
        self._addresses: OrderedDict[str, TrackedAddress] = OrderedDict()
        self._accounts: dict[str, int] = {}
        self._observed: set[str] = set()  # addresses the engine saw in this batch
        self._inert = inert_kinds(policy)
        self._stamp: Callable[[datetime], Any] = str
        self.shortcut = LookupShortcut(skip_lookups)  # into an empty database (written.py)
        self._last_seen: tuple[int, ...] | None = None  # highest ids when it last committed

    def begin(self, queries: ImportQueries) -> None:
        """At the start of each transaction (holding the import lock): when anyone else wrote
        since this import last committed, its caches may be stale, so they are dropped."""
        if self._last_seen is not None and queries.highest_ids() != self._last_seen:
            self.forget()

    def committing(self, queries: ImportQueries) -> None:
        """Just before each commit: remember the highest ids, for `begin` to compare."""
        self._last_seen = queries.highest_ids()

    def forget(self) -> None:
        """Drop every cache (after a rollback, or another writer's commit); costs look-ups."""
        self._messages.clear()
        self._addresses.clear()
        self._accounts.clear()
        self._observed.clear()
        self.shortcut.drop()

    def write(self, uow: SqlUnitOfWork, events: Sequence[ParsedEvent]) -> BatchCounts:
        """Store `events` (not committed: the caller commits the unit of work)."""
        counts = BatchCounts()
        queries = ImportQueries(uow.session)
        self.shortcut.check(queries)
        fresh = self._fresh(queries, events, counts)
        # The rules and statuses read events in time order; a stable sort keeps file order
        # for events of the same second.
        fresh.sort(key=lambda event: event.at)
        matched = self._match(uow, queries, fresh, counts)
        self._load_addresses(queries, fresh)
        writer = BulkWriter(uow.session)
        self._stamp = cached_stamp(writer)
        rows, started = self._apply(queries, writer, fresh, matched, counts)
        settled = settle_started(
            uow.session,
            [(start, event.recipient, (start, m, event)) for start, m, event in started],
        )
        touched = list({id(message): message for message in matched}.values())
        self._write(queries, writer, touched, rows, settled, counts)
        self._trim()
        return counts

    # --- steps ----------------------------------------------------------------------------

    def _fresh(
        self, queries: ImportQueries, events: Sequence[ParsedEvent], counts: BatchCounts
    ) -> list[ParsedEvent]:
        keys = [stored_key(event.key) for event in events]
        asked = self.shortcut.may_exist_keys(keys)
        existing = queries.existing_keys(asked) if asked else set()
        seen: set[str] = set()
        fresh: list[ParsedEvent] = []
        for event, key in zip(events, keys, strict=True):
            if key in existing or key in seen:
                counts.duplicates += 1
                continue
            seen.add(key)
            fresh.append(event)
        return fresh

    def _match(
        self,
        uow: SqlUnitOfWork,
        queries: ImportQueries,
        events: list[ParsedEvent],
        counts: BatchCounts,
    ) -> list[TrackedMessage]:
        cache = self._messages
        # Made once: the loops below run per event. An empty message id is none.
        keys = [(e.message_id or "", e.recipient) for e in events]
        unknown = {key[0] for key in keys if key[0] and key not in cache}
        unknown = self.shortcut.may_exist_message_ids(unknown)
        if unknown:
            for stored in queries.messages(unknown):
                cache.setdefault((stored.message_id, stored.recipient), from_stored(stored))
        matched: list[TrackedMessage] = []
        created: list[TrackedMessage] = []
        recent = cache.move_to_end
        for event, key in zip(events, keys, strict=True):
            message = cache.get(key) if key[0] else None
            if message is not None:
                recent(key)
            else:
                message = self._find_by_verp(queries, event)
                if message is None:
                    message = self._new_message(uow, event)
                    created.append(message)
                    if key[0]:
                        cache[key] = message
            matched.append(message)
        for message, new_id in zip(
            created, self.shortcut.reserve(queries, "messages", len(created)), strict=True
        ):
            message.id = new_id
        counts.messages = len(created)
        return matched

    def _find_by_verp(self, queries: ImportQueries, event: ParsedEvent) -> TrackedMessage | None:
        """The message a bounce's VERP address names, for a bounce without a known message id."""
        verp = event.extra.get("verp_recipient")
        if verp:
            stored = queries.latest_message_to(verp.strip().lower(), event.at)
            if stored is not None:
                key = (stored.message_id, stored.recipient)
                return self._messages.setdefault(key, from_stored(stored))
        return None

    def _new_message(self, uow: SqlUnitOfWork, event: ParsedEvent) -> TrackedMessage:
        name = (event.account or UNKNOWN_ACCOUNT)[:ACCOUNT_LENGTH]
        account = self._accounts.get(name)
        if account is None:
            account = self._accounts[name] = uow.messages.account_id(name)
        values = (
            event.message_id or "",
            account,
            event.sender or "",
            event.recipient,
            event.subject or "",
        )
        owner = (account, recipient_domain(event.recipient))  # for the roll-up
        return TrackedMessage(0, None, None, event.at, event.at, values, True, owner)

    def _load_addresses(self, queries: ImportQueries, events: list[ParsedEvent]) -> None:
        first_at: dict[str, datetime] = {}
        for event in events:
            if event.recipient not in self._addresses:
                first_at.setdefault(event.recipient, event.at)
        if self.shortcut.active:
            stored = self.shortcut.may_have_state(first_at)
            for address in first_at.keys() - stored:  # surely no soft run, no quarantine
                self._addresses[address] = TrackedAddress(_BLANK_STATE, ())
            first_at = {address: first_at[address] for address in stored}
        if not first_at:
            return
        earliest = min(first_at.values())
        active: dict[str, QuarantineStart] = {}
        for q in queries.open_quarantines(first_at, earliest):
            at = first_at[q.address]
            current = active.get(q.address)
            if q.started_at <= at < q.ends_at and (
                current is None or q.started_at > current.started_at
            ):
                active[q.address] = QuarantineStart(
                    q.cause, q.reason, q.started_at, q.ends_at, q.cause_event_ids
                )
        runs = queries.soft_runs(first_at)
        addresses = self._addresses
        for address in first_at:
            run = tuple(runs.get(address, ()))
            quarantine = active.get(address)
            if run or quarantine is not None:
                addresses[address] = TrackedAddress(AddressState(run, quarantine), run)
            else:  # most addresses: one shared blank state (it is immutable)
                addresses[address] = TrackedAddress(_BLANK_STATE, run)

    def _apply(
        self,
        queries: ImportQueries,
        writer: BulkWriter,
        events: list[ParsedEvent],
        matched: list[TrackedMessage],
        counts: BatchCounts,
    ) -> tuple[list[Row], list[Started]]:
        rows: list[Row] = []
        started: list[Started] = []
        stamp = self._stamp
        ids = self.shortcut.reserve(queries, "events", len(events))
        observed = self._observed
        # Locals: this loop runs once per event.
        addresses, inert, policy, text, append = (
            self._addresses, self._inert, self._policy, _TEXT, rows.append
        )  # fmt: skip
        for event, message, event_id in zip(events, matched, ids, strict=True):
            kind, reason, diagnostic, at = event.type, event.reason, event.diagnostic, event.at
            entry = addresses[event.recipient]
            addresses.move_to_end(event.recipient)
            if entry.last_at is None or at >= entry.last_at:
                entry.last_at = at
                state = entry.state
                if kind in inert and state.quarantine is None and not state.soft_refs:
                    pass  # the rules would change nothing: skip the engine (a third of the time)
                else:
                    observed.add(event.recipient)
                    outcome = observe(state, Observation(event_id, kind, at, reason), policy)
                    entry.state = outcome.state
                    rejected = outcome.rejected_cause
                    if rejected is not None and outcome.state.quarantine is not None:
                        kind, reason = EventType.REJECTED, outcome.state.quarantine.reason
                        diagnostic = f"rejected: {rejected.value}"
                        counts.rejected += kind is not event.type
                    if outcome.started is not None:
                        started.append((outcome.started, message, event))
            # else: older than what the rules have seen for this address; stored as reported
            settle(message, kind, reason, at)
            status, host, key = event.status, event.remote_host, event.key
            append(
                event_row(
                    event_id,
                    message.id,
                    text[kind],
                    stamp(at),
                    event.reply_code,
                    status[:STATUS_LENGTH] if status else None,
                    diagnostic,
                    host[:HOST_LENGTH] if host else None,
                    text.get(reason),
                    event.source,
                    event.raw,
                    key if len(key) <= KEY_LENGTH else stored_key(key),
                )
            )
        counts.imported = len(rows)
        return rows, started

    def _write(
        self,
        queries: ImportQueries,
        writer: BulkWriter,
        touched: list[TrackedMessage],
        rows: list[Row],
        settled: Settled[Started],
        counts: BatchCounts,
    ) -> None:
        stamp = self._stamp
        new_messages: list[Row] = []
        outcomes: list[tuple[int, MessageStatus, Reason | None, datetime]] = []
        text = _TEXT
        for message in touched:
            status = message.status or MessageStatus.QUEUED
            if message.pending is not None:
                message_id, account, sender, recipient, subject = message.pending
                new_messages.append(
                    message_row(
                        message.id,
                        message_id,
                        account,
                        sender,
                        recipient,
                        subject,
                        text[status],
                        text.get(message.reason),
                        stamp(message.created_at),
                        stamp(message.last_event_at),
                    )
                )
                message.pending = None
            else:
                outcomes.append((message.id, status, message.reason, message.last_event_at))
            message.dirty = False
        quarantines = quarantine_rows(queries, self.shortcut, stamp, settled, rows, counts)
        queries.insert_messages(writer, new_messages)
        writer.write_events(rows, {message.id: message.owner for message in touched})
        write_quarantines(writer, quarantines)
        queries.set_outcomes(writer, outcomes)
        runs: list[tuple[str, tuple[int, ...], datetime]] = []
        for address in self._observed:
            entry = self._addresses[address]
            run = tuple(int(ref) for ref in entry.state.soft_refs)
            if run != entry.saved_run and entry.last_at is not None:
                runs.append((address, run, entry.last_at))
                entry.saved_run = run
        self._observed.clear()
        queries.save_soft_runs(runs)
        if self.shortcut.active:
            self.shortcut.wrote(
                [row[EVENT_KEY] for row in rows if row[EVENT_KEY] is not None],
                [row[MESSAGE_MESSAGE_ID] for row in new_messages if row[MESSAGE_MESSAGE_ID]],
                [run[0] for run in runs]
                + [row[QUARANTINE_ADDRESS] for row in quarantines.opened + quarantines.closed],
            )

    def _trim(self) -> None:
        while len(self._messages) > self._cache_size:
            self._messages.popitem(last=False)
        while len(self._addresses) > self._cache_size:
            self._addresses.popitem(last=False)
