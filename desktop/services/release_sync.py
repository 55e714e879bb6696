"""The release outbox: rows written with a release, and the worker that delivers them.

Applying a release writes one outbox row per registered target in the same transaction
(`enqueue_release`). A worker claims due rows (a lease, committed before any call), calls the
provider, and records the answer with an audit row. A worker killed mid-call leaves its claim;
when the lease runs out another worker (or the restarted one) calls again — the calls are
idempotent deletes and a 404 counts as success, so the end state is the same and nothing is lost.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from desktop.domain.errors import BounceDeskError
from desktop.domain.records import AuditRecord
from desktop.domain.release_targets import (
    CallOutcome,
    CallResult,
    OutboxItem,
    backoff_seconds,
)
from desktop.services.connection import open_database
from desktop.services.ports import Database, UnitOfWork
from desktop.services.release_targets import REGISTERED_KEY, subject_of
from desktop.targets.config import TargetConfig
from desktop.targets.providers import ReleaseClient, client_for

log = logging.getLogger(__name__)

Alert = Callable[[OutboxItem, CallResult], None]


@dataclass(frozen=True, slots=True)
class SyncTuning:
    """How the worker paces itself. Tests and the bench shorten these."""

    lease: timedelta = timedelta(seconds=120)  # longer than any call (timeouts are 10 s)
    backoff_base: float = 30.0  # seconds before the first retry
    backoff_cap: float = 3600.0
    batch: int = 20
    idle_wait: float = 2.0  # seconds between looks at an empty outbox


@dataclass(slots=True)
class RoundSummary:
    """What one or more rounds did: rows claimed, and how their calls ended."""

    claimed: int = 0
    done: int = 0
    retried: int = 0
    stopped: int = 0
    http_requests: int = 0
    lost: int = 0  # rows another worker took over while this one was calling

    def add(self, other: RoundSummary) -> None:
        for name in ("claimed", "done", "retried", "stopped", "http_requests", "lost"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


# --- targets known to the database ---------------------------------------------------------


def register_targets(uow: UnitOfWork, targets: Sequence[TargetConfig]) -> None:
    """Tell every client which targets a release must reach (names and kinds only, no secrets)."""
    value = json.dumps([{"name": t.name, "kind": t.kind.value} for t in targets])
    if uow.settings.get(REGISTERED_KEY) != value:
        uow.settings.set(REGISTERED_KEY, value)
        uow.commit()


# --- the worker ------------------------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class OutboxWorker:
    """Claims due rows and calls their targets. One thread; the database may be shared."""

    database: Database
    clients: Mapping[str, ReleaseClient]
    tuning: SyncTuning = field(default_factory=SyncTuning)
    name: str = field(default_factory=worker_name)
    on_alert: Alert | None = None
    rng: random.Random = field(default_factory=random.Random)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @property
    def _actor(self) -> str:
        return f"release-sync {self.name}"[:200]

    def run_round(self) -> RoundSummary:
        """Claim one batch of due rows and call each; returns what happened."""
        with self.database.unit_of_work() as uow:
            stopped = uow.outbox.stopped_targets()
        targets = [name for name in self.clients if name not in stopped]
        with self.database.unit_of_work() as uow:
            now = self.clock()
            items = uow.outbox.claim(self.name, now, self.tuning.lease, self.tuning.batch, targets)
            # Each call is in the audit log before it is made, so one cut short by a killed
            # worker is on record too; its answer follows as release_target_call.
            uow.audit.record_many(
                [
                    AuditRecord(
                        self._actor,
                        "release_target_calling",
                        subject_of(item),
                        now,
                        f"attempt {item.attempts + 1} key {item.idempotency_key}",
                    )
                    for item in items
                ]
            )
            uow.commit()
        summary = RoundSummary(claimed=len(items))
        for item in items:
            if item.target in stopped:
                continue  # stopped by an earlier row of this batch
            result = self._call(item)
            summary.http_requests += result.requests
            if not self._record(item, result):
                summary.lost += 1
            if result.succeeded:
                summary.done += 1
            elif result.outcome is CallOutcome.STOP:
                summary.stopped += 1
                stopped.add(item.target)
                self._alert(item, result)
            else:
                summary.retried += 1
        if any(item.target in stopped for item in items):
            with self.database.unit_of_work() as uow:
                uow.outbox.release_claims(self.name)
                uow.commit()
        return summary

    def _call(self, item: OutboxItem) -> CallResult:
        try:
            return self.clients[item.target].remove(item.address, item.cause, item.reason)
        except (BounceDeskError, ValueError) as error:  # an unreadable key file, say
            return CallResult(CallOutcome.STOP, 0, str(error))

    def _record(self, item: OutboxItem, result: CallResult) -> bool:
        now = self.clock()
        next_at = None
        if result.outcome is CallOutcome.RETRY:
            wait = backoff_seconds(
                item.attempts + 1, self.tuning.backoff_base, self.tuning.backoff_cap,
                self.rng.random(),
            )  # fmt: skip
            if result.retry_after is not None:
                wait = max(wait, result.retry_after)
            next_at = now + timedelta(seconds=wait)
        after = f"{result.outcome.value} ({result.status or 'no answer'})"
        if result.detail:
            after += f": {result.detail}"
        with self.database.unit_of_work() as uow:
            kept = uow.outbox.finish(item.id, self.name, result, now, next_at)
            uow.audit.record(
                self._actor, "release_target_call", subject_of(item), now,
                f"attempt {item.attempts + 1} key {item.idempotency_key}", after[:500],
            )  # fmt: skip
            uow.commit()
        return kept

    def _alert(self, item: OutboxItem, result: CallResult) -> None:
        message = (
            f"release target {item.target} refused the credentials ({result.status}); "
            "it is stopped until an approver retries it"
        )
        log.error(message)
        with self.database.unit_of_work() as uow:
            uow.audit.record(
                self._actor, "release_target_alert", item.target,
                self.clock(), None, message,
            )  # fmt: skip
            uow.commit()
        if self.on_alert is not None:
            self.on_alert(item, result)

    def run_until_idle(self) -> RoundSummary:
        """Rounds until nothing is due now (rows waiting for a later retry stay)."""
        total = RoundSummary()
        while True:
            summary = self.run_round()
            total.add(summary)
            if summary.claimed == 0:
                return total

    def run(self, stop: threading.Event) -> RoundSummary:
        """Until `stop` is set: deliver what is due, then wait a little."""
        total = RoundSummary()
        try:
            while not stop.is_set():
                summary = self.run_round()
                total.add(summary)
                if summary.claimed == 0:
                    stop.wait(self.tuning.idle_wait)
        finally:
            with self.database.unit_of_work() as uow:
                uow.outbox.release_claims(self.name)
                uow.commit()
        return total


def build_clients(targets: Sequence[TargetConfig]) -> dict[str, ReleaseClient]:
    return {target.name: client_for(target) for target in targets}


def run_outbox_worker(
    db_url: str,
    targets: Sequence[TargetConfig],
    stop: threading.Event,
    tuning: SyncTuning | None = None,
    on_alert: Alert | None = None,
) -> None:
    """The ingest service's release-target worker: run it in a thread; set `stop` to end it."""
    database = open_database(db_url)
    try:
        with database.unit_of_work() as uow:
            register_targets(uow, targets)
        worker = OutboxWorker(
            database, build_clients(targets), tuning or SyncTuning(), on_alert=on_alert
        )
        worker.run(stop)
    finally:
        database.dispose()
