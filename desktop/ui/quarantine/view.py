"""The quarantine screen: open quarantines with one-click release, the request queue, history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import Quarantine, ReleaseRequest, RequestState
from desktop.domain.risk import risk_why_in
from desktop.services import release
from desktop.services.ports import UnitOfWork
from desktop.services.quarantine import (
    AddressHistory,
    QuarantineEntry,
    address_history,
    expire_due,
)
from desktop.services.requests_queue import pending_requests
from desktop.ui.common.banner import UndoToast
from desktop.ui.common.column_fit import ColumnFit
from desktop.ui.common.i18n import error_text, translate, ui_language
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import reason_label, risk_label, set_role
from desktop.ui.common.table_model import make_table, size_columns
from desktop.ui.quarantine.history import AddressHistoryDialog
from desktop.ui.quarantine.model import (
    QuarantineTableModel,
    reason_samples,
    request_state_samples,
    since_sample,
)
from desktop.ui.quarantine.queue import RequestQueuePanel
from desktop.ui.quarantine.targets import ReleaseTargetsPanel

UNDO_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class _Queue:
    """The requests waiting for approval, and the approval mode, read on a worker."""

    pending: list[ReleaseRequest]
    approval: release.ApprovalMode


def describe_preview(preview: release.ReleasePreview) -> str:
    """The release preview in one line: the risk, and what the click will do."""
    then = (
        translate("QuarantineView", "applied at once")
        if preview.mode is release.ApprovalMode.AUTO
        else translate("QuarantineView", "waits for an approver")
    )
    head = translate("QuarantineView", "Release of {0}: risk {1} — {2}").format(
        preview.address,
        risk_label(preview.risk.value).upper(),
        risk_why_in(preview.risk_why, ui_language()),
    )
    if preview.pending is not None:
        by = translate("QuarantineView", "already requested by {0}")
        return f"{head}  ·  {by.format(preview.pending.requested_by)}"
    return f"{head}  ·  {then}"


_ENDS_IN, _RISK, _REQUEST, _NOTE = 4, 5, 6, 7  # columns of QuarantineTableModel
# The shares of the columns that fit the table's width: address, cause, reason, since, note.
_SHARES = {0: 240, 1: 100, 2: 170, 3: 205, _NOTE: 200}


class QuarantineView(QWidget):
    """Open quarantines, release requests and approvals. GUI thread; work goes to the runner."""

    sig_status = Signal(str)
    sig_changed = Signal()  # a release was requested or decided: other screens refresh
    sig_message_opened = Signal(object)  # a Message: show it in the details pane

    def __init__(self, tasks: DatabaseTasks, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._actor = actor
        self._pending_release: tuple[str, str] | None = None  # address, note waiting on the toast
        self.preview: release.ReleasePreview | None = None  # shown before the release is sent
        self.undo_seconds = UNDO_SECONDS
        self._wanted: str | None = None  # an address to select once its page is in
        self._pending_count = 0
        self.model = QuarantineTableModel(tasks, parent=self)
        self.model.sig_loaded.connect(self._page_loaded)
        self.model.sig_failed.connect(self.sig_status.emit)
        self._build()

    def _build(self) -> None:
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by part of the address (all open ones)"))
        self.filter.setAccessibleName(self.tr("Filter quarantines"))
        self.filter.setClearButtonEnabled(True)
        # Typing re-reads the list in the database; wait for a pause in the typing.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(lambda: self.model.set_needle(self.filter.text()))
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.summary)

        self.table = make_table(self.tr("Open quarantines"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # newest first; a click re-reads in that order
        header = self.table.horizontalHeader()
        # Each column as wide as its header and typical text need in the UI language (Dutch
        # runs longer); then the table fits its width: the shared columns keep those widths as
        # their proportions, the address gets the largest (a cut address is useless), and the
        # Note column, often empty, takes no room while nothing is in it. A cut text is read
        # whole in its tooltip.
        size_columns(
            self.table,
            (240, 100, 170, 205, 80, 64, 76, 200),
            {2: reason_samples(), 3: [since_sample()], 6: request_state_samples()},
        )
        self._column_fit = ColumnFit(self.table, {c: header.sectionSize(c) for c in _SHARES})
        self.model.modelReset.connect(self._fit_note)
        self.model.rowsInserted.connect(self._fit_note)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection())
        self.table.doubleClicked.connect(lambda _index: self._open_latest())

        self.risk = QLabel()
        self.risk.setTextFormat(Qt.TextFormat.PlainText)
        self.risk.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note for the approver (optional)"))
        self.note.setAccessibleName(self.tr("Release note"))
        self.note.returnPressed.connect(self.request_selected)  # type the note, press Enter
        self.release_button = QPushButton(self.tr("Request release"))
        self.release_button.setAccessibleName(self.tr("Request release of the selected address"))
        self.release_button.setDefault(True)
        self.release_button.clicked.connect(self.request_selected)
        self.history_button = QPushButton(self.tr("Address history…"))
        self.history_button.setAccessibleName(self.tr("Show every message to this address"))
        self.history_button.clicked.connect(self.show_history)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.note, 1)
        actions_row.addWidget(self.release_button)
        actions_row.addWidget(self.history_button)
        self.toast = UndoToast()
        self.toast.sig_expired.connect(self._send_release)
        self.toast.sig_undone.connect(self._undone)

        self.queue_panel = RequestQueuePanel(
            self._tasks,
            self._actor,
            lambda request, approve: self.confirm_decision(request, approve),
        )
        self.queue_panel.sig_status.connect(self.sig_status)
        self.queue_panel.sig_decided.connect(self._decided)
        self.queue_panel.sig_history_requested.connect(self.show_history)
        # The panel's parts, named here too: the screen's callers and tests reach them so.
        self.requests = self.queue_panel.requests
        self.queue = self.queue_panel.queue
        self.approve_button = self.queue_panel.approve_button
        self.reject_button = self.queue_panel.reject_button

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.risk)
        upper_layout.addLayout(actions_row)
        upper_layout.addWidget(self.toast)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.queue_panel)
        self.targets = ReleaseTargetsPanel(self._tasks, self._actor)
        self.targets.sig_status.connect(self.sig_status)
        self.splitter.addWidget(self.targets)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._selection()

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """End quarantines whose time is up, then reload the lists."""
        # Every agent's refresh expires; each expiry is recorded once, as the system's doing.
        self._tasks.write(lambda uow: len(expire_due(uow))).success(
            lambda _n: self._load()
        ).failure(self._failed).owned_by(self).run()

    def _load(self) -> None:
        selected = self.selected()
        if selected is not None and self._wanted is None:
            self._wanted = selected.address  # kept selected across the reload
        self.model.load()

        def queue(uow: UnitOfWork) -> _Queue:
            return _Queue(pending_requests(uow), release.approval_mode(uow))

        self._tasks.query(queue).success(self._queue_loaded).failure(self._failed).on_channel(
            "quarantine-queue"
        ).run()
        self.targets.refresh()

    def _queue_loaded(self, queue: _Queue) -> None:
        self.approval = queue.approval
        self._pending_count = len(queue.pending)
        self.queue_panel.set_queue(queue.pending, queue.approval)
        self._show_summary()

    def _page_loaded(self) -> None:
        if self._wanted is not None and self.select_address(self._wanted):
            self._wanted = None
        self._show_summary()
        self._selection()

    def _show_summary(self) -> None:
        self.summary.setText(
            f"{self.model.header_text()}  ·  "
            + self.tr("%n waiting for approval", "", self._pending_count)
        )

    def _failed(self, error: BounceDeskError) -> None:
        self.sig_status.emit(error_text(error))

    def set_actor(self, actor: str) -> None:
        self._actor = actor
        self.targets.set_actor(actor)
        self.queue_panel.set_actor(actor)

    # --- selection ------------------------------------------------------------------------

    def selected_entry(self) -> QuarantineEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def selected(self) -> Quarantine | None:
        entry = self.selected_entry()
        return entry.quarantine if entry is not None else None

    def select_address(self, address: str) -> bool:
        row = self.model.row_of(address)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def show_address(self, address: str) -> None:
        """Select `address`; when its page is not loaded, filter the list down to it."""
        if not self.select_address(address):
            self._wanted = address
            self.filter.setText(address)
            self._filter_timer.stop()
            self.model.set_needle(address)

    def _fit_note(self) -> None:
        model = self.model
        noted = any(model.data(model.index(row, _NOTE)) for row in range(model.rowCount()))
        self._column_fit.set_share(_NOTE, _SHARES[_NOTE] if noted else 0)

    def _selection(self) -> None:
        entry = self.selected_entry()
        self.release_button.setEnabled(entry is not None and not self.toast.is_pending())
        self.history_button.setEnabled(entry is not None)
        if entry is None:
            self.risk.setText(self.tr("Select an address to see the release risk."))
            set_role(self.risk, "risk-none")
            return
        quarantine, level = entry.quarantine, entry.risk.value
        self.risk.setText(
            self.tr("{0}: {1}. Release risk {2} — {3}").format(
                quarantine.address,
                reason_label(quarantine.reason),
                risk_label(level).upper(),
                risk_why_in(entry.risk_why, ui_language()),
            )
        )
        set_role(self.risk, f"risk-{level}")

    # --- release --------------------------------------------------------------------------

    def request_release_for(self, quarantine: Quarantine) -> None:
        """One click: the release preview (risk, what happens) is read and shown on a toast;
        the request is sent once its Undo time has passed."""
        self.toast.flush()  # an earlier release still counting down is sent now, as it was
        address = quarantine.address
        wanted = self._pending_release = (address, self.note.text().strip())
        self.preview = None
        self.release_button.setEnabled(False)
        self.toast.hold(self.tr("Checking the release risk of {0}…").format(address))

        def show(preview: release.ReleasePreview) -> None:
            if self._pending_release is not wanted:  # undone or replaced meanwhile
                return
            self.preview = preview
            if preview.pending is not None:  # a duplicate is refused now, not after the toast
                self._pending_release = None
                self.toast.dismiss()
                self.sig_status.emit(
                    self.tr("A release of {0} was already requested by {1}; nothing sent.").format(
                        address, preview.pending.requested_by
                    )
                )
                self._selection()
                return
            self.toast.start(describe_preview(preview), self.undo_seconds)

        def failed(error: BounceDeskError) -> None:
            if self._pending_release is wanted:
                self._pending_release = None
                self.toast.dismiss()
                self.sig_status.emit(self.tr("Nothing was sent: {0}").format(error_text(error)))
                self._selection()

        self._tasks.query(lambda uow: release.release_preview(uow, address)).success(show).failure(
            failed
        ).owned_by(self).run()

    def request_selected(self) -> None:
        quarantine = self.selected()
        if quarantine is not None:
            self.request_release_for(quarantine)

    def _undone(self) -> None:
        self._pending_release = None
        self.sig_status.emit(self.tr("Release request undone; nothing was sent."))
        self._selection()

    def _send_release(self) -> None:
        if self._pending_release is None:
            return
        sending = self._pending_release
        address, note = sending
        actor = self._actor

        def sent(outcome: release.RequestOutcome) -> None:
            if self._pending_release is sending:  # no newer release was asked for meanwhile
                self._pending_release = None
                self.note.clear()  # only now: a failed send keeps what was typed
            if not outcome.created:
                self.sig_status.emit(
                    self.tr("A release of {0} was already requested").format(address)
                )
            elif outcome.state is RequestState.APPLIED:
                self.sig_status.emit(self.tr("{0} released").format(address))
            else:
                self.sig_status.emit(
                    self.tr("Release of {0} requested; waiting for approval").format(address)
                )
            self.sig_changed.emit()
            self.refresh()

        def failed(error: BounceDeskError) -> None:
            self.sig_status.emit(
                self.tr("The release request was not sent: {0}").format(error_text(error))
            )
            self._selection()

        self._tasks.write(lambda uow: release.request_release(uow, address, actor, note)).success(
            sent
        ).failure(failed).owned_by(self).run()

    def retry_pending(self) -> None:
        """After the connection came back: send a request whose send failed."""
        if self._pending_release is not None and not self.toast.is_pending():
            self._send_release()

    def selected_request(self) -> ReleaseRequest | None:
        return self.queue_panel.selected_request()

    def decide_selected(self, approve: bool) -> None:
        self.queue_panel.decide_selected(approve)

    def _decided(self) -> None:
        self.sig_changed.emit()
        self.refresh()

    def confirm_decision(self, request: ReleaseRequest, approve: bool) -> bool:
        """Ask before deciding a high-risk request (a test replaces this to answer itself)."""
        question = (
            self.tr("Approve the release of {0}, requested by {1}? The release risk is HIGH.")
            if approve
            else self.tr("Reject the release of {0}, requested by {1}? The release risk is HIGH.")
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("High release risk"),
            question.format(request.address, request.requested_by),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    # --- history --------------------------------------------------------------------------

    def show_history(self) -> None:
        address = self._focused_address()
        if address is not None:
            dialog = AddressHistoryDialog(self._tasks, address, self)
            dialog.sig_message_opened.connect(self.sig_message_opened.emit)
            dialog.open()

    def _focused_address(self) -> str | None:
        if self.queue.hasFocus() and (request := self.selected_request()) is not None:
            return request.address
        quarantine = self.selected()
        return quarantine.address if quarantine is not None else None

    def _open_latest(self) -> None:
        """Double-click on a quarantine: its address's latest message opens in the details."""
        quarantine = self.selected()
        if quarantine is None:
            return
        address = quarantine.address

        def opened(history: AddressHistory) -> None:
            if history.messages:
                self.sig_message_opened.emit(history.messages[0])
            else:
                self.sig_status.emit(self.tr("No message to {0} is stored.").format(address))

        self._tasks.query(lambda uow: address_history(uow, address, limit=1)).success(
            opened
        ).failure(self._failed).owned_by(self).run()
