"""The one door from the live sources into the import engine: events and position, one commit.

The sources store through services/importing/live.py, the same classifier, quarantine rules,
bulk writer and idempotency keys as `bouncedesk import`, so events a source stores are exactly
those an import would store for the same records, and a later import of the same log or mail
stores nothing twice. The position is saved in the same transaction as the events.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.ingest_position import IngestPosition
from desktop.domain.model import ParsedEvent
from desktop.services.importing.live import LiveCounts, LiveImporter
from desktop.services.ingest_positions import load_position, save_position
from desktop.services.ports import Database, UnitOfWork

CommitResult = LiveCounts  # what one commit stored


class EventCommitter:
    """Commits parsed events together with a source's new position. Thread-safe."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._importer = LiveImporter(database.unit_of_work)

    def load(self, source: str) -> IngestPosition | None:
        return load_position(self._database.unit_of_work, source)

    def commit(self, events: Sequence[ParsedEvent], position: IngestPosition) -> LiveCounts:
        """Store `events` and `position` in one transaction; nothing of either on failure."""

        def save(uow: UnitOfWork) -> None:
            save_position(uow, position)

        return self._importer.commit(events, also=save, source=position.source)
