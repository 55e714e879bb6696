"""Reading and exporting the append-only audit log (JSON lines or CSV)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO

from desktop.domain.model import AuditEntry
from desktop.services.csv_safe import SafeCsvWriter
from desktop.services.ports import UnitOfWork

CSV_COLUMNS = ("id", "at", "actor", "action", "subject", "before", "after", "note")
_PAGE = 1000


def audit_entries(
    uow: UnitOfWork,
    since: datetime | None = None,
    until: datetime | None = None,
    action: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> Iterator[AuditEntry]:
    """Entries in the order they were written, read a page at a time (keyset on id)."""
    after_id, given = 0, 0
    while limit is None or given < limit:
        size = _PAGE if limit is None else min(_PAGE, limit - given)
        page = uow.audit.entries(size, after_id, since, until, action, actor)
        yield from page
        given += len(page)
        if len(page) < size:
            return
        after_id = page[-1].id


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds"),
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
    }


def write_csv(entries: Iterator[AuditEntry], out: TextIO) -> int:
    """Write `entries` as CSV with a header row; returns how many rows were written.

    Audit subjects hold addresses and notes typed by people: cells go through the formula
    guard of every Bounce Desk CSV (services/csv_safe.py).
    """
    writer = SafeCsvWriter(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        row = entry_json(entry)
        writer.writerow([row[name] for name in CSV_COLUMNS])
        count += 1
    return count
