"""'Report…' from the Overview's clients table: choose the days, language and file; write a PDF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.services.report import ClientReport, client_report
from desktop.ui.common.i18n import error_text, ui_language
from desktop.ui.common.language_box import NATIVE_NAMES
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.report.render import render_pdf


def _qdate(moment: datetime) -> QDate:
    local = moment.astimezone()
    return QDate(local.year, local.month, local.day)


def _local_midnight(date: QDate) -> datetime:
    return datetime(date.year(), date.month(), date.day()).astimezone().astimezone(UTC)


class ReportDialog(QDialog):
    """Gathers the report on a worker, then renders the PDF on the GUI thread (Qt painting)."""

    sig_status = Signal(str)
    sig_written = Signal(Path)

    def __init__(
        self,
        tasks: DatabaseTasks,
        account: str,
        since: object,
        until: object,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._account = account
        self.setWindowTitle(self.tr("Deliverability report"))
        start = since if isinstance(since, datetime) else datetime.now(UTC) - timedelta(days=7)
        end = until if isinstance(until, datetime) else datetime.now(UTC)
        self.account_label = QLabel(account)
        self.since = QDateEdit(_qdate(start))
        self.until = QDateEdit(_qdate(end))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.language = QComboBox()
        for code in ("en", "nl"):  # each by its own name; the UI's language comes first chosen
            self.language.addItem(NATIVE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(ui_language())))
        self.language.setAccessibleName(self.tr("Language of the report"))
        self.problem = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ask_path)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Client"), self.account_label)
        form.addRow(self.tr("From"), self.since)
        form.addRow(self.tr("Until (included)"), self.until)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.problem)
        form.addRow(buttons)

    def _ask_path(self) -> None:
        safe = "".join(c if c.isalnum() else "-" for c in self._account).strip("-") or "client"
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save report"),
            self.tr("deliverability-{0}.pdf").format(safe),
            self.tr("PDF (*.pdf)"),
        )
        if name:
            self.write(Path(name))

    def write(self, path: Path) -> None:
        """Gather on a worker, then render to `path`; emits sig_written when done."""
        since = _local_midnight(self.since.date())
        until = _local_midnight(self.until.date().addDays(1))
        language = str(self.language.currentData())
        zone = datetime.now().astimezone().tzinfo or UTC
        account = self._account

        def rendered(report: ClientReport) -> None:
            try:
                render_pdf(report, path)
            except OSError as error:
                self._failed_text(self.tr("Cannot write {0}: {1}").format(path, error))
                return
            self.sig_status.emit(self.tr("Report written to {0}").format(path))
            self.sig_written.emit(path)
            self.accept()

        self._tasks.query(
            lambda uow: client_report(uow, account, since, until, zone, language)
        ).success(rendered).failure(self._failed).owned_by(self).run()

    def _failed(self, error: BounceDeskError) -> None:
        self._failed_text(error_text(error))

    def _failed_text(self, text: str) -> None:
        self.problem.setText(text)
        self.sig_status.emit(text)
