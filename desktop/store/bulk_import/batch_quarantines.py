"""A batch's new quarantines as rows: the quarantine, its cause links, a `quarantined` event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desktop.domain.model import ParsedEvent
from desktop.domain.policy import QuarantineStart
from desktop.store.bulk_import.lookups import ImportQueries
from desktop.store.bulk_import.rows import (
    QUARANTINE_COLUMNS,
    QUARANTINE_EVENT_COLUMNS,
    Row,
    quarantine_marker,
    quarantine_row,
    stored_key,
)
from desktop.store.bulk_import.settle import Settled
from desktop.store.bulk_import.tracked import TrackedMessage
from desktop.store.bulk_import.writer import BulkWriter
from desktop.store.bulk_import.written import LookupShortcut

if TYPE_CHECKING:
    from desktop.store.bulk_import.batch import BatchCounts

Started = tuple[QuarantineStart, TrackedMessage, ParsedEvent]


@dataclass(slots=True)
class QuarantineRows:
    """The rows of a batch's settled quarantines, ready for the bulk writer."""

    opened: list[Row]  # still open
    closed: list[Row]  # history that arrived late, stored already over (with expired_at)
    links: list[tuple[int, int]]  # (quarantine id, cause event id)


def quarantine_rows(
    queries: ImportQueries,
    shortcut: LookupShortcut,
    stamp: Callable[[datetime], Any],
    settled: Settled[Started],
    rows: list[Row],
    counts: BatchCounts,
) -> QuarantineRows:
    """Rows for the settled quarantines; each adds a `quarantined` marker event to `rows`."""
    opened = [(span, m, event) for span, (_, m, event) in settled.opened]
    closed = [(span, m, event) for span, (_, m, event) in settled.closed]
    started = opened + closed
    made: list[Row] = []
    links: list[tuple[int, int]] = []
    quarantine_ids = queries.reserve_ids("quarantines", len(started))
    marker_ids = shortcut.reserve(queries, "events", len(started))
    for (start, message, event), qid, marker in zip(
        started, quarantine_ids, marker_ids, strict=True
    ):
        made.append(quarantine_row(qid, event.recipient, start, stamp))
        links.extend((qid, int(ref)) for ref in dict.fromkeys(start.cause_refs))
        key = stored_key(f"{event.key}#quarantined")
        rows.append(
            quarantine_marker(marker, message.id, start, stamp(start.started_at), event.source, key)
        )
        counts.quarantined.append(event.recipient)
    counts.quarantines = len(started)
    # History that arrived late is stored already over, as `expire` would have left it.
    for index in range(len(opened), len(made)):
        made[index] = (*made[index], made[index][5])
    return QuarantineRows(made[: len(opened)], made[len(opened) :], links + settled.links)


def write_quarantines(writer: BulkWriter, made: QuarantineRows) -> None:
    """After the events: the quarantines, then their links to the events that caused them."""
    writer.write("quarantines", QUARANTINE_COLUMNS, made.opened)
    writer.write("quarantines", (*QUARANTINE_COLUMNS, "expired_at"), made.closed)
    writer.write("quarantine_events", QUARANTINE_EVENT_COLUMNS, made.links)
