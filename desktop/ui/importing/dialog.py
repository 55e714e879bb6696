"""The import dialog: pick a feed format and files, watch progress, cancel keeping what is saved."""

from __future__ import annotations

from dataclasses import replace
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
    READING,
    REBUILDING,
    ImportProgress,
    ImportSummary,
    ImportTuning,
    import_feed,
)
from desktop.services.ports import UnitOfWorkFactory
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, error_text, number, translate
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.progress import Progress

# Young collections of at most 10,000 objects (a few ms each, holding the GIL), gen-2
# passes over the import's caches almost never: the window keeps painting while importing.
GC_WHILE_IMPORTING = (10_000, 10, 1_000)

# Friendly names for the formats the import service reads; a new format shows by its key.
_CONTEXT = "ImportDialog"
FORMAT_LABELS = {
    "postfix": QT_TRANSLATE_NOOP("ImportDialog", "Postfix mail log"),
    "dsn": QT_TRANSLATE_NOOP("ImportDialog", "Bounce emails (DSN, .eml / mbox)"),
    "sendgrid": QT_TRANSLATE_NOOP("ImportDialog", "SendGrid event webhook (JSON)"),
    "mailgun": QT_TRANSLATE_NOOP("ImportDialog", "Mailgun events (JSON)"),
    "postmark": QT_TRANSLATE_NOOP("ImportDialog", "Postmark bounces (JSON)"),
    "mandrill": QT_TRANSLATE_NOOP("ImportDialog", "Mandrill webhook (JSON)"),
    "ses": QT_TRANSLATE_NOOP("ImportDialog", "Amazon SES notifications (JSON)"),
}


def describe_progress(step: ImportProgress) -> str:
    return translate(
        "ImportDialog",
        "{read} records read  ·  {imported} imported  ·  {duplicates} already there  ·  "
        "{bad} unusable  ·  {rate} records/s",
    ).format(
        read=number(step.read),
        imported=number(step.imported),
        duplicates=number(step.duplicates),
        bad=number(step.bad),
        rate=number(round(step.rate)),
    )


def describe_summary(summary: ImportSummary) -> str:
    if summary.cancelled:
        head = translate(
            "ImportDialog",
            "Cancelled. The {imported} events saved before the cancel ({batches} batches) are "
            "kept; importing the same files again skips them.",
        ).format(imported=number(summary.imported), batches=number(summary.batches))
    else:
        head = translate("ImportDialog", "Done: {imported} events imported in {seconds} s.").format(
            imported=number(summary.imported), seconds=number(summary.elapsed, 1)
        )
    tail = translate(
        "ImportDialog",
        "{read} records read, {duplicates} already imported, {bad} unusable, {skipped} not "
        "about delivery; {quarantines} new quarantines, {rejected} rejected sends.",
    ).format(
        read=number(summary.read),
        duplicates=number(summary.duplicates),
        bad=number(summary.bad),
        skipped=number(summary.skipped),
        quarantines=number(summary.quarantines),
        rejected=number(summary.rejected),
    )
    return f"{head}\n{tail}"


class ImportDialog(QDialog):
    """Runs one import at a time on the write worker. GUI thread."""

    sig_imported = Signal()

    def __init__(
        self,
        tasks: DatabaseTasks,
        actor: str,
        parent: QWidget | None = None,
        batch_size: int = BATCH_SIZE,
        commit_every: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import events"))
        self._tuning = ImportTuning(batch_size=batch_size, gc_thresholds=GC_WHILE_IMPORTING)
        if commit_every is not None:  # tests: commits, and so the imported count, come sooner
            self._tuning = replace(self._tuning, commit_every=commit_every)
        self.setMinimumWidth(620)
        self._tasks = tasks
        self._actor = actor
        self._progress: Progress[ImportProgress] | None = None
        self._running = False
        self.summary: ImportSummary | None = None

        self.format = QComboBox()
        self.format.setAccessibleName(self.tr("Feed format"))
        for key in FORMATS:
            label = FORMAT_LABELS.get(key)
            self.format.addItem(translate(_CONTEXT, label) if label else key, key)
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("Files to import"))
        self.files.setMinimumHeight(110)
        self.add_button = QPushButton(self.tr("Add files…"))
        self.clear_button = QPushButton(self.tr("Clear"))
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_button)
        file_buttons.addWidget(self.clear_button)
        file_buttons.addStretch(1)
        self.stage = QLabel()  # what the import does after reading: saving, rebuilding
        self.stage.setTextFormat(Qt.TextFormat.PlainText)
        self.stage.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel(self.tr("Choose a format and the files to import."))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Import"))
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.close_button = QPushButton(self.tr("Close"))
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.start_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.close_button)

        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Files"), self.files)
        form.addRow("", file_buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.stage)
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
        title = self.tr("Files to import")
        names, _ = QFileDialog.getOpenFileNames(self, title, str(Path.home()))
        self.add_paths(names)
        if names:  # Enter now starts the import (it pressed "Add files…" again)
            self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

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
        self._set_stage("")  # while reading, the bar and the counts say how far it is
        self.status.setText(self.tr("Starting…"))
        self._buttons()
        actor, tuning = self._actor, self._tuning
        progress = self._progress = Progress(self._show_progress, self)

        def work(factory: UnitOfWorkFactory) -> ImportSummary:
            return import_feed(
                factory,
                fmt,
                paths,
                actor=actor,
                progress=progress.report,
                cancel=progress.cancelled,
                tuning=tuning,
            )

        self._tasks.job(work, write=True).with_progress(progress).success(self._finished).failure(
            self._failed
        ).run()

    def cancel(self) -> None:
        if self._running and self._progress is not None:
            self._progress.cancel()
            self.status.setText(self.tr("Cancelling after the current batch…"))

    def _show_progress(self, step: ImportProgress) -> None:
        if not self._running:
            return
        if step.phase == READING:
            if step.fraction is not None:  # the share of the bytes read; never backwards
                shown = self.progress.value() if self.progress.maximum() else 0
                self.progress.setRange(0, 1000)
                self.progress.setValue(max(shown, int(step.fraction * 1000)))
        else:
            # Every record is read; the rest has no share to show. A busy bar says it works,
            # where a full one would say it is done.
            self.progress.setRange(0, 0)
            self.cancel_button.setEnabled(False)  # all is read: the rest finishes either way
            if step.phase == REBUILDING:
                self._set_stage(self.tr("Rebuilding search indexes…"))
            else:
                self._set_stage(self.tr("Saving the last events…"))
        self.status.setText(describe_progress(step))

    def _set_stage(self, text: str) -> None:
        self.stage.setText(text)
        self.stage.setVisible(bool(text))  # an empty line would stand between files and bar

    def _finished(self, summary: ImportSummary) -> None:
        self._running = False
        self.summary = summary
        shown = self.progress.value() if self.progress.maximum() else 0
        self.progress.setRange(0, 1000)
        self.progress.setValue(shown if summary.cancelled else 1000)  # full only when done
        self._set_stage("")  # the summary below says how it ended
        self.status.setText(describe_summary(summary))
        self._buttons()
        self.sig_imported.emit()

    def _failed(self, error: BounceDeskError) -> None:
        self._running = False
        self.progress.setRange(0, 1000)
        self._set_stage("")
        self.status.setText(
            self.tr("The import stopped: {error}\nEvents saved before this point are kept.").format(
                error=error_text(error)
            )
        )
        self._buttons()

    def reject(self) -> None:
        if not self._running:  # closing mid-import would orphan the worker's progress
            super().reject()
