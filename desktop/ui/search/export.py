"""Export CSV of the current search: every page, streamed to the file on a worker, with progress."""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from desktop.domain.errors import BounceDeskError, EnvironmentFailure
from desktop.domain.search import SearchCriteria
from desktop.services.search import MAX_PAGE, search_messages
from desktop.services.uow import UnitOfWorkFactory
from desktop.ui.common.workers import TaskRunner

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


class _Progress(QObject):
    """Emitted from the worker; Qt queues each emission to the GUI thread."""

    sig_rows = Signal(int)


def write_csv(
    uow_factory: UnitOfWorkFactory,
    criteria: SearchCriteria,
    path: Path,
    progress: _Progress | None = None,
    stop: threading.Event | None = None,
) -> ExportResult:
    """Write every matching message to `path`, one short unit of work per page. Worker only."""
    try:
        return _write(uow_factory, criteria, path, progress, stop)
    except OSError as error:  # disk full, no permission: the environment, not a bug
        raise EnvironmentFailure(f"Cannot write {path}: {error.strerror or error}") from error


def _write(
    uow_factory: UnitOfWorkFactory,
    criteria: SearchCriteria,
    path: Path,
    progress: _Progress | None,
    stop: threading.Event | None,
) -> ExportResult:
    rows = 0
    cursor: str | None = None
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        while True:
            if stop is not None and stop.is_set():
                return ExportResult(path, rows, cancelled=True)
            with uow_factory() as uow:
                page = search_messages(uow, criteria, cursor, MAX_PAGE)
            for m in page.messages:
                writer.writerow(
                    (
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
                )
            rows += len(page.messages)
            if progress is not None:
                progress.sig_rows.emit(rows)
            cursor = page.next_cursor
            if cursor is None:
                return ExportResult(path, rows, cancelled=False)


def export_with_progress(
    parent: QWidget,
    runner: TaskRunner,
    uow_factory: UnitOfWorkFactory,
    criteria: SearchCriteria,
    expected: int | None,
) -> None:
    """Ask for a file, then stream the export on a worker behind a cancellable progress dialog."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export CSV", "bounce-desk-export.csv", "CSV (*.csv)"
    )
    if not name:
        return
    path = Path(name)
    stop = threading.Event()
    progress = _Progress(parent)
    dialog = QProgressDialog("Exporting messages…", "Cancel", 0, expected or 0, parent)
    dialog.setWindowTitle("Export CSV")
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(stop.set)

    def on_rows(rows: int) -> None:
        if expected and rows <= expected:
            dialog.setValue(rows)
        dialog.setLabelText(f"Exporting messages… {rows:,} written")

    progress.sig_rows.connect(on_rows)

    def done(result: ExportResult) -> None:
        dialog.reset()
        progress.deleteLater()
        verb = "Export cancelled after" if result.cancelled else "Exported"
        QMessageBox.information(
            parent, "Export CSV", f"{verb} {result.rows:,} messages to\n{result.path}"
        )

    def failed(error: BounceDeskError) -> None:
        dialog.reset()
        progress.deleteLater()
        QMessageBox.warning(parent, "Export CSV", f"The export stopped: {error}")

    runner.submit(
        lambda: write_csv(uow_factory, criteria, path, progress, stop), done, failed, owner=parent
    )
