"""Small imports as they arrive (a webhook's body, a followed log's lines, a bounce mail).

Each is one transaction through the same classifier, quarantine rules, keys and bulk writer as
`bouncedesk import`, so an event that arrives live and again in a later import is stored once.
The caller may add its own rows to the same transaction (a source's position or state), so the
events and what says they were read are committed together or not at all.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain.errors import DataRefused
from desktop.domain.model import ParsedEvent
from desktop.domain.records import SYSTEM_ACTOR
from desktop.services.importing.records import Classifier
from desktop.services.policy import get_policy
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory
from desktop.store.bulk_import.batch import BatchImporter
from desktop.store.bulk_import.concurrency import refused, retrying, take_import_lock
from desktop.store.bulk_import.lookups import ImportQueries
from desktop.store.bulk_import.rows import stored_key
from desktop.store.uow import sql_unit_of_work


@dataclass(frozen=True, slots=True)
class LiveCounts:
    """What one live commit stored."""

    imported: int = 0
    duplicates: int = 0
    quarantines: int = 0
    last_event_at: datetime | None = None


class LiveImporter:
    """Commits parsed events as they arrive. Thread-safe: every commit has its own unit of work.

    A fresh bulk importer per commit: its caches would otherwise hold address states that other
    writers (imports, other sources, agents releasing addresses) change between two commits.
    Each commit takes the import write lock and is retried when it loses a race, as imports are.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory
        self._classify = Classifier()
        self._classify_lock = threading.Lock()  # its answers are cached; one caller at a time

    def classified(self, events: Sequence[ParsedEvent]) -> list[ParsedEvent]:
        with self._classify_lock:
            return [self._classify(event) for event in events]

    def commit(
        self,
        events: Sequence[ParsedEvent],
        also: Callable[[UnitOfWork], None] | None = None,
        *,
        source: str = "live",
    ) -> LiveCounts:
        """Store `events` (classified here) and whatever `also` writes, in one transaction;
        `source` names the feed in the audit row of a commit that stored anything."""
        classified = self.classified(events)
        total, _ = _refusing(lambda: self._attempt([classified], also, source))
        return total

    def commit_groups(
        self,
        groups: Sequence[Sequence[ParsedEvent]],
        also: Callable[[UnitOfWork], None] | None = None,
        *,
        classify: bool = True,
        source: str = "live",
    ) -> list[LiveCounts]:
        """Several arrivals (webhook bodies) in one transaction; what each of them added.

        One transaction for many bodies: each costs the importer a few round trips whatever
        its size. `classify=False` when the caller classified them already.
        """
        ready = [self.classified(g) if classify else list(g) for g in groups]
        _, each = _refusing(lambda: self._attempt(ready, also, source))
        return each

    def _attempt(
        self,
        groups: list[list[ParsedEvent]],
        also: Callable[[UnitOfWork], None] | None,
        source: str,
    ) -> tuple[LiveCounts, list[LiveCounts]]:
        events = [event for group in groups for event in group]
        with sql_unit_of_work(self._uow_factory()) as uow:
            queries = ImportQueries(uow.session)  # its PRAGMAs must precede the transaction
            counts = None
            each = [LiveCounts() for _ in groups]
            if events:
                take_import_lock(uow.session)
                each = _shares(groups, queries)
                importer = BatchImporter(get_policy(uow), skip_lookups=False)
                importer.begin(queries)
                counts = importer.write(uow, events)
                # As an import's last transaction does: the writer paused the text index's
                # merging, which must not stay paused between two live commits.
                queries.merge_text_index_again()
                if counts.imported or counts.quarantines:  # as an import is, in its transaction
                    _audit(uow, source, counts.imported, counts.duplicates, counts.quarantines)
            if also is not None:
                also(uow)
            uow.commit()
            if counts is not None:
                queries.relax()  # the pool keeps the connection
        if counts is None:
            return LiveCounts(), each
        last = max((event.at for event in events), default=None)
        return LiveCounts(counts.imported, counts.duplicates, counts.quarantines, last), each


def _audit(uow: UnitOfWork, source: str, imported: int, duplicates: int, quarantines: int) -> None:
    counts = {"imported": imported, "duplicates": duplicates, "quarantines": quarantines}
    uow.audit.record(
        SYSTEM_ACTOR,
        "live_import",
        f"live: {source}",
        datetime.now(UTC),
        after=json.dumps(counts, sort_keys=True),
    )


_Result = tuple[LiveCounts, list[LiveCounts]]


def _refusing(attempt: Callable[[], _Result]) -> _Result:
    """`attempt`, retried while it loses races; a refusal of the data becomes DataRefused."""
    try:
        return retrying(attempt)
    except DataRefused:
        raise
    except Exception as error:
        if not refused(error):
            raise
        first = (str(getattr(error, "orig", None) or error).splitlines() or [""])[0]
        raise DataRefused(f"{type(error).__name__}: {first[:200]}") from error


def _shares(groups: list[list[ParsedEvent]], queries: ImportQueries) -> list[LiveCounts]:
    """Each group's new and already stored events (read under the lock, before writing)."""
    stored = queries.existing_keys({stored_key(e.key) for group in groups for e in group})
    seen: set[str] = set()
    shares: list[LiveCounts] = []
    for group in groups:
        duplicates = 0
        for event in group:
            key = stored_key(event.key)
            duplicates += key in stored or key in seen
            seen.add(key)
        newest = max((event.at for event in group), default=None)
        shares.append(LiveCounts(len(group) - duplicates, duplicates, 0, newest))
    return shares
