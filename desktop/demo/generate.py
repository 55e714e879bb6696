"""`bouncedesk demo`: fill a database with realistic traffic that obeys the quarantine rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.demo.world import ORGANISERS, DemoWorld
from desktop.demo.writer import DemoWriter
from desktop.domain.errors import Conflict
from desktop.domain.phrases import Count, Wording
from desktop.services.policy import get_policy
from desktop.services.release import approval_mode
from desktop.store.bulk_import.concurrency import take_import_lock
from desktop.store.bulk_import.writer import BulkWriter
from desktop.store.database import Database
from desktop.store.statistics import refresh_statistics
from desktop.store.tables import MessageRow, QuarantineRow
from desktop.store.uow import SqlUnitOfWork

BATCH = 20_000


class DemoNeedsEmptyDatabase(Conflict):
    """The database already holds messages or quarantines, so no demo data was added.

    Made-up history mixed into real traffic (or into an earlier demo) would mislead whoever
    reads it, and its quarantines would collide with the ones there (one open per address).
    """

    def __init__(self, messages: int, quarantines: int) -> None:
        self.messages = messages
        self.quarantines = quarantines
        held = [
            (one if count == 1 else many)(n=Count(count))
            for count, one, many in (
                (messages, _ONE_MESSAGE, _MESSAGES),
                (quarantines, _ONE_QUARANTINE, _QUARANTINES),
            )
            if count
        ]
        what = _BOTH(a=held[0], b=held[1]) if len(held) == 2 else held[0]
        super().__init__(_NOT_EMPTY(held=what))


# The refusal in English and Dutch (the GUI shows it in the UI language).
_ONE_MESSAGE = Wording("{n} message", "{n} bericht")
_MESSAGES = Wording("{n} messages", "{n} berichten")
_ONE_QUARANTINE = Wording("{n} quarantine", "{n} quarantaine")
_QUARANTINES = Wording("{n} quarantines", "{n} quarantaines")
_BOTH = Wording("{a} and {b}", "{a} en {b}")
_NOT_EMPTY = Wording(
    "this database already holds {held}; demo data is only added to an empty database,"
    " so nothing was added",
    "deze database bevat al {held}; demogegevens komen alleen in een lege database,"
    " dus er is niets toegevoegd",
)


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
    """Add `messages` demo messages ending at `now` (default: this hour) to an empty database.

    The same seed and `now` give the same data; the quarantine rules decide every quarantine
    and every rejected send, exactly as for imported traffic, and the database's approval
    mode decides what became of the release requests. A database holding messages or
    quarantines raises DemoNeedsEmptyDatabase before anything is written.
    """
    end = now or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    world = DemoWorld(seed, messages, end)
    uow: SqlUnitOfWork
    with database.unit_of_work() as uow:
        # The import write lock keeps the database empty from this check to the commit: an
        # import, a purge or another demo waits for it (and an import then finds the demo).
        take_import_lock(uow.session)
        refuse_unless_empty(uow.session)
        accounts = {name: uow.messages.account_id(name) for name in ORGANISERS}
        writer = BulkWriter(uow.session)
        writer.writing_history()  # its requests come with their own, back-dated audit rows
        # The team's rules and approval mode, as the real services would apply them.
        demo = DemoWriter(writer, accounts, end, seed, get_policy(uow), approval_mode(uow))
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


def refuse_unless_empty(session: Session) -> None:
    """Raise DemoNeedsEmptyDatabase when the database holds any message or quarantine."""
    messages, quarantines = session.execute(
        select(
            select(func.count()).select_from(MessageRow).scalar_subquery(),
            select(func.count()).select_from(QuarantineRow).scalar_subquery(),
        )
    ).one()
    if messages or quarantines:
        raise DemoNeedsEmptyDatabase(int(messages), int(quarantines))
