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
        self.setWindowTitle("Deliverability report")
        start = since if isinstance(since, datetime) else datetime.now(UTC) - timedelta(days=7)
        end = until if isinstance(until, datetime) else datetime.now(UTC)
        self.account_label = QLabel(account)
        self.since = QDateEdit(_qdate(start))
        self.until = QDateEdit(_qdate(end))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Nederlands", "nl")
        self.language.setAccessibleName("Language of the report")
        self.problem = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ask_path)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Client", self.account_label)
        form.addRow("From", self.since)
        form.addRow("Until (included)", self.until)
        form.addRow("Language", self.language)
        form.addRow(self.problem)
        form.addRow(buttons)

    def _ask_path(self) -> None:
        safe = "".join(c if c.isalnum() else "-" for c in self._account).strip("-") or "client"
        name, _ = QFileDialog.getSaveFileName(
            self, "Save report", f"deliverability-{safe}.pdf", "PDF (*.pdf)"
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
                self._failed_text(f"Cannot write {path}: {error}")
                return
            self.sig_status.emit(f"Report written to {path}")
            self.sig_written.emit(path)
            self.accept()

        self._tasks.query(
            lambda uow: client_report(uow, account, since, until, zone, language)
        ).success(rendered).failure(self._failed).owned_by(self).run()

    def _failed(self, error: BounceDeskError) -> None:
        self._failed_text(str(error))

    def _failed_text(self, text: str) -> None:
        self.problem.setText(text)
        self.sig_status.emit(text)
