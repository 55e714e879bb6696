"""`bouncedesk demo`: fill a database with realistic traffic that obeys the quarantine rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.demo.world import ORGANISERS, DemoWorld
from desktop.demo.writer import DemoWriter
from desktop.services.policy import get_policy
from desktop.store.bulk_import.writer import BulkWriter
from desktop.store.database import Database
from desktop.store.statistics import refresh_statistics
from desktop.store.uow import SqlUnitOfWork

BATCH = 20_000


@dataclass(frozen=True, slots=True)
class DemoProgress:
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class DemoSummary:
    messages: int
    events: int
    quarantines: int
    requests: int


def generate_demo(
    database: Database,
    messages: int = 5_000,
    seed: int = 1,
    now: datetime | None = None,
    progress: Callable[[DemoProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Add `messages` demo messages ending at `now` (default: this hour), committed in batches.

    The same seed and `now` give the same data; the quarantine rules decide every quarantine
    and every rejected send, exactly as for imported traffic.
    """
    end = now or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    world = DemoWorld(seed, messages, end)
    uow: SqlUnitOfWork
    with database.unit_of_work() as uow:
        accounts = {name: uow.messages.account_id(name) for name in ORGANISERS}
        uow.commit()
    with database.unit_of_work() as uow:
        writer = BulkWriter(uow.session)
        writer.writing_history()  # its requests come with their own, back-dated audit rows
        demo = DemoWriter(writer, accounts, end, seed, get_policy(uow))  # the team's rules
        with writer.fast_load(messages):
            for done, message in enumerate(world.messages(), start=1):
                demo.add(message)
                if done % BATCH == 0:
                    demo.flush()
                    if progress:
                        progress(DemoProgress(done, messages))
                    if cancelled and cancelled():
                        break
            demo.flush()
        uow.quarantines.set_soft_runs(demo.soft_runs(), end)
        writer.finish()
        uow.audit.record(
            "bouncedesk demo",
            "demo_generated",
            f"{demo.counts['messages']} messages",
            datetime.now(UTC),
            None,
            f"seed={seed}",
        )
        uow.commit()
    refresh_statistics(database.engine)
    if progress:
        progress(DemoProgress(demo.counts["messages"], messages))
    return DemoSummary(
        demo.counts["messages"],
        demo.counts["events"],
        demo.counts["quarantines"],
        demo.counts["requests"],
    )
