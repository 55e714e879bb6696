"""Export CSV of the current search: ask for a file, then run the export use case with progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.domain.errors import BounceDeskError
from desktop.domain.search import SearchCriteria
from desktop.services.export import ExportResult, export_messages_csv
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.progress import Progress


def ask_export_path(parent: QWidget) -> Path | None:
    # Start in the user's documents folder, not wherever the app happened to be started.
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = str(Path(documents or Path.home()) / "bounce-desk-export.csv")
    name, _ = QFileDialog.getSaveFileName(parent, "Export CSV", start, "CSV (*.csv)")
    return Path(name) if name else None


def export_to(
    parent: QWidget,
    tasks: DatabaseTasks,
    criteria: SearchCriteria,
    path: Path,
    expected: int | None,
) -> None:
    """Stream the export to `path` on a worker behind a cancellable progress dialog."""

    def describe(rows: int) -> tuple[int | None, str]:
        return (rows if expected and rows <= expected else None), (
            f"Exporting messages… {rows:,} written"
        )

    progress: Progress[int] = Progress.in_dialog(
        parent, "Export CSV", "Exporting messages…", expected, describe, delay_ms=300
    )

    def done(result: ExportResult) -> None:
        verb = "Export cancelled after" if result.cancelled else "Exported"
        QMessageBox.information(
            parent,
            "Export CSV",
            f"{verb} {result.rows:,} message{'' if result.rows == 1 else 's'} to\n{result.path}",
        )

    def failed(error: BounceDeskError) -> None:
        QMessageBox.warning(parent, "Export CSV", f"The export stopped: {error}")

    tasks.job(
        lambda factory: export_messages_csv(
            factory, criteria, path, progress.report, progress.cancelled
        )
    ).with_progress(progress).success(done).failure(failed).owned_by(parent).run()
