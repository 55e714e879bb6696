"""The import dialog: pick a feed format and files, watch progress, cancel keeping what is saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.services.importing import (
    BATCH_SIZE,
    FORMATS,
    ImportProgress,
    ImportSummary,
    ImportTuning,
    import_feed,
)
from desktop.services.ports import UnitOfWorkFactory
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.progress import Progress

# Young collections of at most 10,000 objects (a few ms each, holding the GIL), gen-2
# passes over the import's caches almost never: the window keeps painting while importing.
GC_WHILE_IMPORTING = (10_000, 10, 1_000)

# Friendly names for the formats the import service reads; a new format shows by its key.
FORMAT_LABELS = {
    "postfix": "Postfix mail log",
    "dsn": "Bounce emails (DSN, .eml / mbox)",
    "sendgrid": "SendGrid event webhook (JSON)",
    "mailgun": "Mailgun events (JSON)",
    "postmark": "Postmark bounces (JSON)",
    "mandrill": "Mandrill webhook (JSON)",
    "ses": "Amazon SES notifications (JSON)",
}


def describe_progress(step: ImportProgress) -> str:
    return (
        f"{step.read:,} records read  ·  {step.imported:,} imported  ·  "
        f"{step.duplicates:,} already there  ·  {step.bad:,} unusable  ·  "
        f"{step.rate:,.0f} records/s"
    )


def describe_summary(summary: ImportSummary) -> str:
    head = (
        f"Cancelled. The {summary.imported:,} events saved before the cancel "
        f"({summary.batches} batches) are kept; importing the same files again skips them."
        if summary.cancelled
        else f"Done: {summary.imported:,} events imported in {summary.elapsed:,.1f} s."
    )
    return (
        f"{head}\n{summary.read:,} records read, {summary.duplicates:,} already imported, "
        f"{summary.bad:,} unusable, {summary.skipped:,} not about delivery; "
        f"{summary.quarantines:,} new quarantines, {summary.rejected:,} rejected sends."
    )


class ImportDialog(QDialog):
    """Runs one import at a time on the write worker. GUI thread."""

    sig_imported = Signal()

    def __init__(
        self,
        tasks: DatabaseTasks,
        actor: str,
        parent: QWidget | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import events")
        self._batch_size = batch_size
        self.setMinimumWidth(620)
        self._tasks = tasks
        self._actor = actor
        self._progress: Progress[ImportProgress] | None = None
        self._running = False
        self.summary: ImportSummary | None = None

        self.format = QComboBox()
        self.format.setAccessibleName("Feed format")
        for key in FORMATS:
            self.format.addItem(FORMAT_LABELS.get(key, key), key)
        self.files = QListWidget()
        self.files.setAccessibleName("Files to import")
        self.files.setMinimumHeight(110)
        self.add_button = QPushButton("Add files…")
        self.clear_button = QPushButton("Clear")
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_button)
        file_buttons.addWidget(self.clear_button)
        file_buttons.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel("Choose a format and the files to import.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.start_button = QPushButton("Import")
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.close_button = QPushButton("Close")
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.start_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.close_button)

        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Files", self.files)
        form.addRow("", file_buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(actions)

        self.add_button.clicked.connect(self._choose_files)
        self.clear_button.clicked.connect(self.files.clear)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self._buttons()

    def add_paths(self, paths: list[str]) -> None:
        for path in paths:
            self.files.addItem(path)
        self._buttons()

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Files to import", str(Path.home()))
        self.add_paths(names)

    def _buttons(self) -> None:
        self.start_button.setEnabled(not self._running and self.files.count() > 0)
        self.cancel_button.setEnabled(self._running)
        self.close_button.setEnabled(not self._running)
        for widget in (self.format, self.files, self.add_button, self.clear_button):
            widget.setEnabled(not self._running)

    def start(self) -> None:
        paths, fmt = self.paths(), str(self.format.currentData())
        if not paths or self._running:
            return
        self._running = True
        self.summary = None
        self.progress.setRange(0, 0)  # busy until the first report says how far
        self.status.setText("Starting…")
        self._buttons()
        actor, batch_size = self._actor, self._batch_size
        progress = self._progress = Progress(self._show_progress, self)

        def work(factory: UnitOfWorkFactory) -> ImportSummary:
            return import_feed(
                factory,
                fmt,
                paths,
                actor=actor,
                progress=progress.report,
                cancel=progress.cancelled,
                tuning=ImportTuning(batch_size=batch_size, gc_thresholds=GC_WHILE_IMPORTING),
            )

        self._tasks.job(work, write=True).with_progress(progress).success(self._finished).failure(
            self._failed
        ).run()

    def cancel(self) -> None:
        if self._running and self._progress is not None:
            self._progress.cancel()
            self.status.setText("Cancelling after the current batch…")

    def _show_progress(self, step: ImportProgress) -> None:
        if not self._running:
            return
        if step.fraction is not None:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(step.fraction * 1000))
        self.status.setText(describe_progress(step))

    def _finished(self, summary: ImportSummary) -> None:
        self._running = False
        self.summary = summary
        self.progress.setRange(0, 1000)
        self.progress.setValue(self.progress.value() if summary.cancelled else 1000)
        self.status.setText(describe_summary(summary))
        self._buttons()
        self.sig_imported.emit()

    def _failed(self, error: BounceDeskError) -> None:
        self._running = False
        self.progress.setRange(0, 1000)
        self.status.setText(
            f"The import stopped: {error}\nEvents saved before this point are kept."
        )
        self._buttons()

    def reject(self) -> None:
        if not self._running:  # closing mid-import would orphan the worker's progress
            super().reject()
