"""The service's one database writer: webhook bodies in groups, one transaction per group.

A body is acknowledged only once its events are committed, or once it is fsync'd to the
spool while the database is unreachable. Once anything is spooled, later bodies queue
behind it in the spool, so they are stored in the order they arrived. The spool drains by
itself when the database answers again; a body drained twice (a crash between commit and
removal) adds nothing the second time, as every event carries its idempotency key.
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

from desktop.domain.errors import DatabaseUnavailable
from desktop.domain.model import ParsedEvent
from desktop.live.metrics import Metrics
from desktop.live.sink import (
    MalformedBody,
    Parsed,
    new_classifier,
    parse_body,
)
from desktop.live.spool import Spool, SpoolFull
from desktop.services.importing.live import LiveCounts, LiveImporter
from desktop.services.live_status import record_events
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("bouncedesk.ingest")

GROUP_EVENTS = 5_000  # events per transaction at most
QUEUE_BODIES = 64  # bodies waiting for the writer; with the body size cap, bounds memory
RETRY_SECONDS = 2.0  # between attempts to reach a database that stopped answering


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
    outcome: Outcome | None = None
    written: LiveCounts | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def finish(self, outcome: Outcome, written: LiveCounts | None = None) -> None:
        self.outcome, self.written = outcome, written
        self.done.set()


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
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self._importer = LiveImporter(uow_factory)
        self._spool = spool
        self._metrics = metrics
        self._group_events = group_events
        self._retry_seconds = retry_seconds
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
            written = self._write([(d.source, d.parsed.events) for d in group])
        except DatabaseUnavailable as error:
            self._went_down(error)
            self._to_spool(group)
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

    def _write(self, bodies: list[tuple[str, list[ParsedEvent]]]) -> list[LiveCounts]:
        """Write the bodies' events and the sources' states in one transaction."""
        now = datetime.now(UTC)
        per_source: dict[str, tuple[int, datetime | None]] = {}
        for source, events in bodies:
            count, newest = per_source.get(source, (0, None))
            latest = max((event.at for event in events), default=None)
            if newest is not None and (latest is None or newest > latest):
                latest = newest
            per_source[source] = (count + len(events), latest)
        if self._prepare is not None:
            self._prepare()  # raises DatabaseUnavailable while the database is still away
            self._prepare = None

        def record(uow: UnitOfWork) -> None:
            for source, (count, latest) in per_source.items():
                record_events(uow, source, count, latest, now)

        results = self._importer.commit_groups(
            [events for _, events in bodies],
            record,
            classify=False,
            source=", ".join(sorted(per_source)),
        )
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
        entries, events = [], 0
        for entry in spool.oldest(64):
            entries.append(entry)
            events += entry.body.count(b"{")  # a cheap upper bound to size the group
            if events >= self._group_events:
                break
        if not entries:
            return
        classifier = new_classifier()
        bodies: list[tuple[str, list[ParsedEvent]]] = []
        for entry in entries:
            try:
                parsed = parse_body(entry.format, entry.body, f"spool/{entry.name}", classifier)
            except (MalformedBody, ValueError):
                continue  # checked before it was spooled; nothing to store if not
            bodies.append((entry.source, parsed.events))
        try:
            written = self._write(bodies)
        except DatabaseUnavailable as error:
            self._went_down(error)
            return
        except Exception as error:  # kept in the spool; tried again later, not in a busy loop
            detail = (str(error).splitlines() or [""])[0][:200]
            log.error("spool: not drained (%s: %s)", type(error).__name__, detail)
            self._down_until = time.monotonic() + self._retry_seconds
            return
        spool.remove([entry.name for entry in entries])
        for (source, _), counts in zip(bodies, written, strict=True):
            self._count(source, counts)
        log.info("spool: %d bodies drained, %d left", len(entries), len(spool))

    def _went_down(self, error: Exception) -> None:
        if not self._was_down:
            log.warning("database: unavailable (%s); spooling", str(error).splitlines()[0][:200])
        self._was_down = True
        self._down_until = time.monotonic() + self._retry_seconds
        self._metrics.database_up.set(0)

    def _count(self, source: str, counts: LiveCounts) -> None:
        self._metrics.events.labels(source, "imported").inc(counts.imported)
        self._metrics.events.labels(source, "duplicate").inc(counts.duplicates)
