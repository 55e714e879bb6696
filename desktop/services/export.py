"""Export a search's every page as CSV: the search view's "Export CSV" use case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import EnvironmentFailure
from desktop.domain.model import Message
from desktop.domain.phrases import Wording
from desktop.domain.search import SearchCriteria
from desktop.services.csv_safe import SafeCsvWriter
from desktop.services.ports import UnitOfWorkFactory
from desktop.services.search import MAX_PAGE, search_messages

_CANNOT_WRITE = Wording("Cannot write {path}: {why}", "Kan {path} niet schrijven: {why}")
FIELDS = (
    "id",
    "message_id",
    "account",
    "sender",
    "recipient",
    "subject",
    "status",
    "reason",
    "created_at",
    "last_event_at",
)


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    cancelled: bool


def message_row(m: Message) -> tuple[object, ...]:
    """One message as the CSV row under `FIELDS` (the names of the JSON contract)."""
    return (
        m.id,
        m.message_id,
        m.account,
        m.sender,
        m.recipient,
        m.subject,
        m.status.value,
        m.reason.value if m.reason else "",
        m.created_at.isoformat(),
        m.last_event_at.isoformat(),
    )


def export_messages_csv(
    uow_factory: UnitOfWorkFactory,
    criteria: SearchCriteria,
    path: Path,
    progress: Callable[[int], object] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write every matching message to `path`, one short unit of work per page.

    `progress` hears the rows written so far after each page; `cancelled` is asked before
    each page (what was written stays). A file that cannot be written is an
    EnvironmentFailure, not a bug.
    """
    try:
        return _write(uow_factory, criteria, path, progress, cancelled)
    except OSError as error:  # disk full, no permission: the environment, not a bug
        raise EnvironmentFailure(_CANNOT_WRITE(path=path, why=error.strerror or error)) from error


def _write(
    uow_factory: UnitOfWorkFactory,
    criteria: SearchCriteria,
    path: Path,
    progress: Callable[[int], object] | None,
    cancelled: Callable[[], bool] | None,
) -> ExportResult:
    rows = 0
    cursor: str | None = None
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = SafeCsvWriter(handle)
        writer.writerow(FIELDS)
        while True:
            if cancelled is not None and cancelled():
                return ExportResult(path, rows, cancelled=True)
            with uow_factory() as uow:
                page = search_messages(uow, criteria, cursor, MAX_PAGE)
            for message in page.messages:
                writer.writerow(message_row(message))
            rows += len(page.messages)
            if progress is not None:
                progress(rows)
            cursor = page.next_cursor
            if cursor is None:
                return ExportResult(path, rows, cancelled=False)
