"""The service's one database writer: webhook bodies in groups, one transaction per group.

A body is acknowledged only once its events are committed, or once it is fsync'd to the
spool while the database is unreachable. Once anything is spooled, later bodies queue
behind it in the spool, so they are stored in the order they arrived. The spool drains by
itself when the database answers again; a body drained twice (a crash between commit and
removal) adds nothing the second time, as every event carries its idempotency key.

A spooled body the database keeps refusing (a value it cannot store, or DEAD_LETTER_ATTEMPTS
failed tries) is moved to the dead-letter folder beside the spool, so the bodies behind it
drain; it is counted in /metrics and in the source's state (`ingest --status`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

from desktop.domain.errors import DatabaseUnavailable, DataRefused
from desktop.domain.model import ParsedEvent
from desktop.live.auth import mailgun_token
from desktop.live.metrics import Metrics
from desktop.live.sink import (
    MalformedBody,
    Parsed,
    new_classifier,
    parse_body,
)
from desktop.live.spool import Spool, SpoolEntry, SpoolFull
from desktop.services.importing.live import LiveCounts, LiveImporter
from desktop.services.live_status import record_dead_letter, record_events
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory
from desktop.services.webhook_tokens import forget_tokens, remember_tokens

log = logging.getLogger("bouncedesk.ingest")

GROUP_EVENTS = 5_000  # events per transaction at most
QUEUE_BODIES = 64  # bodies waiting for the writer; with the body size cap, bounds memory
RETRY_SECONDS = 2.0  # between attempts to reach a database that stopped answering
DEAD_LETTER_ATTEMPTS = (
    5  # failed drains of one body (not refusals of its data) before it is set aside
)
TOKEN_MAX_AGE = 900.0  # seconds a signed webhook token is remembered (the config's max_age_seconds)
PRUNE_SECONDS = 60.0  # between two prunings of the remembered tokens


class Outcome(Enum):
    COMMITTED = "committed"
    SPOOLED = "spooled"
    FULL = "full"  # the spool has no room: 503
    UNAVAILABLE = "unavailable"  # no database and no spool: 503
    FAILED = "failed"  # a bug or a refusal by the database: 500, the sender retries


@dataclass(slots=True)
class Delivery:
    """One authentic webhook body, parsed, waiting for its outcome."""

    source: str
    format: str
    body: bytes
    parsed: Parsed
    received_at: float = field(default_factory=time.time)
    token: tuple[str, float] | None = None  # a one-time token (Mailgun) and its signed time
    outcome: Outcome | None = None
    written: LiveCounts | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def finish(self, outcome: Outcome, written: LiveCounts | None = None) -> None:
        self.outcome, self.written = outcome, written
        self.done.set()


@dataclass(frozen=True, slots=True)
class _Body:
    """What one transaction stores of a body: its events and its token."""

    source: str
    format: str
    events: list[ParsedEvent]
    token: tuple[str, float] | None = None


class Writer:
    """Runs on a thread of its own; `deliver` is called from any request thread."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        spool: Spool | None,
        metrics: Metrics,
        *,
        group_events: int = GROUP_EVENTS,
        retry_seconds: float = RETRY_SECONDS,
        token_max_age: float = TOKEN_MAX_AGE,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._importer = LiveImporter(uow_factory)
        self._spool = spool
        self._metrics = metrics
        self._group_events = group_events
        self._retry_seconds = retry_seconds
        self._token_max_age = token_max_age
        self._prune_at = 0.0  # monotonic time of the next pruning of remembered tokens
        self._attempts: dict[str, int] = {}  # failed drains per spooled body (since start)
        self._prepare = prepare  # run before the first write (a schema not yet migrated)
        self._queue: queue.Queue[Delivery] = queue.Queue(maxsize=QUEUE_BODIES)
        self._stop = threading.Event()
        self._down_until = 0.0  # monotonic time before which the database is not tried
        self._was_down = False
        self._thread = threading.Thread(target=self._run, name="ingest-writer", daemon=True)

    @property
    def database_up(self) -> bool:
        """False from a failed write until the next one that succeeds."""
        return not self._was_down

    def _may_try(self) -> bool:
        return time.monotonic() >= self._down_until

    @property
    def spool(self) -> Spool | None:
        return self._spool

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Finish what is queued (commit or spool it), then end the thread."""
        self._stop.set()
        self._thread.join()

    def deliver(self, delivery: Delivery) -> Outcome:
        """Hand over a body and wait for its outcome (blocks the calling thread)."""
        if self._stop.is_set():
            return Outcome.UNAVAILABLE
        self._queue.put(delivery)
        while not delivery.done.wait(0.5):
            if not self._thread.is_alive():  # stopped meanwhile: nothing will answer
                delivery.finish(Outcome.UNAVAILABLE)
        assert delivery.outcome is not None
        return delivery.outcome

    # --- the writer thread ------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            group = self._take()
            if not group and self._stop.is_set() and self._queue.empty():
                return
            try:
                self._step(group)
            except Exception:  # a bug: answer every waiting body, keep the service running
                log.exception("writer failed")
                for delivery in group:
                    if not delivery.done.is_set():
                        delivery.finish(Outcome.FAILED)

    def _take(self) -> list[Delivery]:
        spooled = self._spool is not None and len(self._spool) > 0
        wait = 0.05 if spooled and self._may_try() else 0.2
        try:
            first = self._queue.get(timeout=wait)
        except queue.Empty:
            return []
        group, events = [first], len(first.parsed.events)
        while events < self._group_events:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            group.append(item)
            events += len(item.parsed.events)
        return group

    def _step(self, group: list[Delivery]) -> None:
        spool = self._spool
        if spool is not None and len(spool) > 0:
            self._to_spool(group)  # behind what is already waiting, to keep the order
            if self._may_try():
                self._drain(spool)
            return
        if not group:
            return
        if not self._may_try():
            self._to_spool(group)
            return
        try:
            written = self._write(
                [_Body(d.source, d.format, d.parsed.events, d.token) for d in group]
            )
        except DatabaseUnavailable as error:
            self._went_down(error)
            self._to_spool(group)
            return
        except DataRefused:
            if len(group) == 1 and spool is not None:
                # Acknowledged once spooled; the drain meets the refusal again and sets the
                # body aside in the dead-letter folder, where staff can look at it.
                self._to_spool(group)
                return
            if len(group) == 1:
                raise
            log.warning("a group was refused; committing its bodies one by one")
            for delivery in group:
                self._step([delivery])
            return
        except Exception:
            if len(group) == 1:
                raise
            log.warning("a group failed; committing its bodies one by one")
            for delivery in group:
                self._step([delivery])
            return
        for delivery, counts in zip(group, written, strict=True):
            self._count(delivery.source, counts)
            delivery.finish(Outcome.COMMITTED, counts)

    def _write(self, bodies: list[_Body]) -> list[LiveCounts]:
        """Write the bodies' events, their tokens and the sources' states in one transaction."""
        now = datetime.now(UTC)
        per_source: dict[str, tuple[int, datetime | None]] = {}
        tokens: dict[str, list[tuple[str, float]]] = {}
        for body in bodies:
            count, newest = per_source.get(body.source, (0, None))
            latest = max((event.at for event in body.events), default=None)
            if newest is not None and (latest is None or newest > latest):
                latest = newest
            per_source[body.source] = (count + len(body.events), latest)
            if body.token is not None:
                tokens.setdefault(body.format, []).append(body.token)
        if self._prepare is not None:
            self._prepare()  # raises DatabaseUnavailable while the database is still away
            self._prepare = None
        prune = time.monotonic() >= self._prune_at

        def record(uow: UnitOfWork) -> None:
            for source, (count, latest) in per_source.items():
                record_events(uow, source, count, latest, now)
            for provider, pairs in tokens.items():
                remember_tokens(uow, provider, pairs)
            if prune:
                forget_tokens(uow, now.timestamp() - self._token_max_age)

        results = self._importer.commit_groups(
            [body.events for body in bodies],
            record,
            classify=False,
            source=", ".join(sorted(per_source)),
        )
        if prune:
            self._prune_at = time.monotonic() + PRUNE_SECONDS
        if self._was_down:
            log.info("database: answering again")
        self._was_down, self._down_until = False, 0.0
        self._metrics.database_up.set(1)
        stamp = now.timestamp()
        for source in per_source:
            self._metrics.received(source, stamp)
        return results

    def _to_spool(self, group: list[Delivery]) -> None:
        for delivery in group:
            if self._spool is None:
                delivery.finish(Outcome.UNAVAILABLE)
                continue
            try:
                self._spool.append(
                    delivery.source, delivery.format, delivery.received_at, delivery.body
                )
            except SpoolFull:
                delivery.finish(Outcome.FULL)
                continue
            self._metrics.events.labels(delivery.source, "spooled").inc(len(delivery.parsed.events))
            delivery.finish(Outcome.SPOOLED)

    def _drain(self, spool: Spool) -> None:
        """Commit the oldest spooled bodies, then forget them."""
        entries: list[SpoolEntry] = []
        events = 0
        for entry in spool.oldest(64):
            if entry.name in self._attempts:  # it failed before: it is tried alone
                if not entries:
                    entries.append(entry)
                break
            entries.append(entry)
            events += entry.body.count(b"{")  # a cheap upper bound to size the group
            if events >= self._group_events:
                break
        classifier = new_classifier()
        bodies: list[tuple[SpoolEntry, _Body]] = []
        for entry in entries:
            try:
                parsed = parse_body(entry.format, entry.body, f"spool/{entry.name}", classifier)
            except (MalformedBody, ValueError) as error:  # it was read before it was spooled
                self._dead_letter(spool, entry, "unreadable", str(error), 1)
                continue
            token = mailgun_token(entry.body) if entry.format == "mailgun" else None
            bodies.append((entry, _Body(entry.source, entry.format, parsed.events, token)))
        if not bodies:
            return
        try:
            written = self._write([body for _, body in bodies])
        except DatabaseUnavailable as error:
            self._went_down(error)
            return
        except Exception as error:
            if len(bodies) == 1:
                self._not_drained(spool, bodies[0][0], error)
                return
            # One of them is refused, perhaps: find it, so the others are stored.
            log.warning("spool: a group of %d bodies failed; draining them one by one", len(bodies))
            for entry, body in bodies:
                if not self._drain_one(spool, entry, body):
                    return
            return
        self._drained(spool, bodies, written)

    def _drain_one(self, spool: Spool, entry: SpoolEntry, body: _Body) -> bool:
        """Commit one spooled body; False when the database is away (stop draining)."""
        try:
            written = self._write([body])
        except DatabaseUnavailable as error:
            self._went_down(error)
            return False
        except Exception as error:
            return self._not_drained(spool, entry, error)
        self._drained(spool, [(entry, body)], written)
        return True

    def _drained(
        self, spool: Spool, bodies: list[tuple[SpoolEntry, _Body]], written: list[LiveCounts]
    ) -> None:
        spool.remove([entry.name for entry, _ in bodies])
        for (entry, body), counts in zip(bodies, written, strict=True):
            self._attempts.pop(entry.name, None)
            self._count(body.source, counts)
        log.info("spool: %d bodies drained, %d left", len(bodies), len(spool))

    def _not_drained(self, spool: Spool, entry: SpoolEntry, error: Exception) -> bool:
        """A spooled body failed: set it aside if it is refused for good, else try it later.
        True when the bodies behind it may go on draining."""
        kind, detail = _describe(error)
        attempts = self._attempts.get(entry.name, 0) + 1
        if isinstance(error, DataRefused) or attempts >= DEAD_LETTER_ATTEMPTS:
            self._attempts.pop(entry.name, None)
            self._dead_letter(spool, entry, kind, detail, attempts)
            return True
        self._attempts[entry.name] = attempts
        log.error("spool: %s not drained (%s; attempt %d of %d)",
                  entry.name, kind, attempts, DEAD_LETTER_ATTEMPTS)  # fmt: skip
        self._down_until = time.monotonic() + self._retry_seconds  # no busy loop meanwhile
        return False

    def _dead_letter(
        self, spool: Spool, entry: SpoolEntry, kind: str, detail: str, attempts: int
    ) -> None:
        """Move a body aside with its reason; one log line (no body, no secret); count it."""
        reason: dict[str, object] = {
            "source": entry.source,
            "format": entry.format,
            "received_at": _iso(entry.received_at),
            "dead_lettered_at": _iso(time.time()),
            "attempts": attempts,
            "error": kind,
            "detail": detail,  # the database's first line; it may quote a value of the body
        }
        spool.dead_letter(entry.name, reason)
        self._metrics.dead_letters.labels(entry.source).inc()
        log.error("spool: %s (%s) not stored (%s, %d attempt(s)); moved to %s",
                  entry.name, entry.source, kind, attempts, spool.dead_letter_folder)  # fmt: skip
        try:
            record_dead_letter(self._uow_factory, entry.source, f"dead letter {entry.name}: {kind}")
        except Exception as error:  # the count in the database waits; the file is what matters
            log.warning("spool: dead letter not counted in the database (%s)", _describe(error)[0])

    def _went_down(self, error: Exception) -> None:
        if not self._was_down:
            log.warning("database: unavailable (%s); spooling", str(error).splitlines()[0][:200])
        self._was_down = True
        self._down_until = time.monotonic() + self._retry_seconds
        self._metrics.database_up.set(0)

    def _count(self, source: str, counts: LiveCounts) -> None:
        self._metrics.events.labels(source, "imported").inc(counts.imported)
        self._metrics.events.labels(source, "duplicate").inc(counts.duplicates)


def _describe(error: BaseException) -> tuple[str, str]:
    """(a short kind for logs and staff, the first line of the error for the reason file).

    The kind names the error class and SQLSTATE only: a database's message may quote a value
    of the body, which stays out of the log.
    """
    cause = error.__cause__ if isinstance(error, DataRefused) and error.__cause__ else error
    original = getattr(cause, "orig", None) or cause
    state = getattr(original, "sqlstate", None)
    kind = type(original).__name__ + (f" {state}" if state else "")
    detail = (str(original).splitlines() or [""])[0][:300]
    return kind, detail


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
