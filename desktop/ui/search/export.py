"""Export CSV of the current search: ask for a file, then run the export use case with progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.domain.errors import BounceDeskError
from desktop.domain.search import SearchCriteria
from desktop.services.export import ExportResult, export_messages_csv
from desktop.ui.common.i18n import counted, error_text, number, translate
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.progress import Progress


class ExportTexts(QObject):
    """The export's counted messages: a QObject, because lupdate marks plurals in self.tr only."""

    def finished(self, result: ExportResult) -> str:
        rows = result.rows
        said = (
            self.tr("Export cancelled after %Ln message(s) to\n{0}", "", rows)
            if result.cancelled
            else self.tr("Exported %Ln message(s) to\n{0}", "", rows)
        )
        return counted(said, rows).format(result.path)


def ask_export_path(parent: QWidget) -> Path | None:
    # Start in the user's documents folder, not wherever the app happened to be started.
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = str(Path(documents or Path.home()) / "bounce-desk-export.csv")
    name, _ = QFileDialog.getSaveFileName(
        parent, translate("Export", "Export CSV"), start, translate("Export", "CSV (*.csv)")
    )
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
            translate("Export", "Exporting messages… {0} written").format(number(rows))
        )

    progress: Progress[int] = Progress.in_dialog(
        parent,
        translate("Export", "Export CSV"),
        translate("Export", "Exporting messages…"),
        expected,
        describe,
        delay_ms=300,
    )

    def done(result: ExportResult) -> None:
        QMessageBox.information(
            parent, translate("Export", "Export CSV"), ExportTexts().finished(result)
        )

    def failed(error: BounceDeskError) -> None:
        QMessageBox.warning(
            parent,
            translate("Export", "Export CSV"),
            translate("Export", "The export stopped: {0}").format(error_text(error)),
        )

    tasks.job(
        lambda factory: export_messages_csv(
            factory, criteria, path, progress.report, progress.cancelled
        )
    ).with_progress(progress).success(done).failure(failed).owned_by(parent).run()
