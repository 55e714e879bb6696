"""What a live source is to the ingest service's runner, and how it reports back."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class SourceReport(Protocol):
    """Where sources tell the runner what they did; called from the sources' own threads."""

    def events_committed(self, source: str, count: int, last_event_at: datetime | None) -> None:
        """`count` new events (duplicates not counted) are committed, the latest at that time."""

    def error(self, source: str, message: str) -> None:
        """A one-line problem; the source goes on (after a pause) unless `stop` is set."""


class Source(Protocol):
    """A feed the service follows: a log file or a mailbox. One thread runs `run`."""

    name: str

    def run(self, stop: threading.Event, report: SourceReport) -> None:
        """Read and commit until `stop` is set, then finish the batch in hand and return."""


@dataclass(slots=True)
class SourceCounts:
    """What a source did since it started (read by tests and status views; one writer)."""

    committed: int = 0  # new events stored
    duplicates: int = 0  # events already stored (a restart or an earlier import)
    commits: int = 0  # transactions
    lines: int = 0  # log lines read (follow)
    mails: int = 0  # mails read (mailbox)
    moved: int = 0  # mails moved or flagged after their events were committed
    left_alone: Counter[str] = field(default_factory=Counter)  # by kind: autoreply, not_bounce
    bad: int = 0  # records that could not be read
    errors: int = 0  # reported problems (database down, file gone, server unreachable)
    polls: int = 0  # looks for new data (file end reached, folder listed, mailbox searched)
