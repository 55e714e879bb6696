"""The one door from the live sources into the import engine: events and position, one commit.

Everything the sources need from the import (the classifier, the quarantine rules, the bulk
writer, the idempotency keys) is reached here and nowhere else in this package, so events a
source stores are exactly those `bouncedesk import` would store for the same records, and a
later import of the same log or mail stores nothing twice.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop.domain.ingest_position import IngestPosition
from desktop.domain.model import ParsedEvent
from desktop.domain.policy import PolicyConfig
from desktop.services.import_batch import BatchImporter
from desktop.services.import_feed_records import Classifier
from desktop.services.ingest_positions import load_position, save_position
from desktop.services.uow import Database
from desktop.store.import_queries import ImportQueries

# Sources of one process take turns: SQLite has one writer at a time anyway, and on PostgreSQL
# two sources writing events of one address at once could each miss the other's soft bounce.
_WRITE_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class CommitResult:
    """What one commit stored."""

    imported: int
    duplicates: int
    quarantines: int
    last_event_at: datetime | None


class EventCommitter:
    """Commits parsed events together with a source's new position. Thread-safe.

    A fresh importer per commit: its caches would otherwise hold address states that other
    writers (webhooks, agents releasing addresses) change between two commits of a live feed.
    """

    def __init__(self, database: Database, policy: PolicyConfig | None = None) -> None:
        self._database = database
        self._policy = policy or PolicyConfig()
        self._classify = Classifier()
        self._classify_lock = threading.Lock()

    def load(self, source: str) -> IngestPosition | None:
        return load_position(self._database.unit_of_work, source)

    def commit(self, events: Sequence[ParsedEvent], position: IngestPosition) -> CommitResult:
        """Store `events` and `position` in one transaction; nothing of either on failure."""
        with self._classify_lock:
            classified = [self._classify(event) for event in events]
        with _WRITE_LOCK, self._database.unit_of_work() as uow:
            counts = None
            if classified:
                queries = ImportQueries(uow.session)
                importer = BatchImporter(self._policy, skip_lookups=False)
                counts = importer.write(uow, classified)
                # As an import's last transaction does: the writer paused the text index's
                # merging, which must not stay paused between two commits of a live feed.
                queries.merge_text_index_again()
            save_position(uow, position)
            uow.commit()
            if counts is not None:
                queries.relax()  # the pool keeps the connection
        last = max((event.at for event in classified), default=None)
        if counts is None:
            return CommitResult(0, 0, 0, None)
        return CommitResult(counts.imported, counts.duplicates, counts.quarantines, last)
