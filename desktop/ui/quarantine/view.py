"""The quarantine screen: open quarantines with one-click release, the request queue, history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import Quarantine, RequestState
from desktop.services import release
from desktop.services.ports import UnitOfWork
from desktop.services.quarantine import QuarantineEntry, expire_due
from desktop.services.quarantine_overview import QuarantineOverview, quarantine_overview
from desktop.ui.common.banner import UndoToast
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import reason_label, set_role
from desktop.ui.common.table_model import make_table
from desktop.ui.quarantine.history import AddressHistoryDialog
from desktop.ui.quarantine.model import (
    QuarantineProxy,
    QuarantineRow,
    QuarantineTableModel,
    RequestTableModel,
    prepare_rows,
)

UNDO_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class _Loaded:
    """The screen's overview with its rows' texts, made on the worker."""

    overview: QuarantineOverview
    rows: list[QuarantineRow]


def describe_preview(preview: release.ReleasePreview) -> str:
    """The release preview in one line: the risk, and what the click will do."""
    then = (
        "applied at once" if preview.mode is release.ApprovalMode.AUTO else "waits for an approver"
    )
    head = f"Release of {preview.address}: risk {preview.risk.value.upper()} — {preview.risk_why}"
    if preview.pending is not None:
        return f"{head}  ·  already requested by {preview.pending.requested_by}"
    return f"{head}  ·  {then}"


class QuarantineView(QWidget):
    """Open quarantines, release requests and approvals. GUI thread; work goes to the runner."""

    sig_status = Signal(str)
    sig_changed = Signal()  # a release was requested or decided: other screens refresh

    def __init__(self, tasks: DatabaseTasks, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._actor = actor
        self._pending_release: tuple[str, str] | None = None  # address, note waiting on the toast
        self.preview: release.ReleasePreview | None = None  # shown before the release is sent
        self.undo_seconds = UNDO_SECONDS
        self.model = QuarantineTableModel(self)
        self.proxy = QuarantineProxy(self)
        self.proxy.setSourceModel(self.model)
        self.requests = RequestTableModel(self)
        self._build()

    def _build(self) -> None:
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by address, cause or reason")
        self.filter.setAccessibleName("Filter quarantines")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_needle)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.summary)

        self.table = make_table("Open quarantines")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # newest first
        header = self.table.horizontalHeader()
        for column, width in enumerate((230, 100, 170, 210, 80, 64, 76, 200)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection())

        self.risk = QLabel()
        self.risk.setTextFormat(Qt.TextFormat.PlainText)
        self.risk.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note for the approver (optional)")
        self.note.setAccessibleName("Release note")
        self.release_button = QPushButton("Request release")
        self.release_button.setAccessibleName("Request release of the selected address")
        self.release_button.setDefault(True)
        self.release_button.clicked.connect(self.request_selected)
        self.history_button = QPushButton("Address history…")
        self.history_button.setAccessibleName("Show every message to this address")
        self.history_button.clicked.connect(self.show_history)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.note, 1)
        actions_row.addWidget(self.release_button)
        actions_row.addWidget(self.history_button)
        self.toast = UndoToast()
        self.toast.sig_expired.connect(self._send_release)
        self.toast.sig_undone.connect(self._undone)

        self.queue = make_table("Release requests waiting for approval")
        self.queue.setModel(self.requests)
        self.queue.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((230, 150, 200, 70)):
            self.queue.horizontalHeader().resizeSection(column, width)
        self.approve_button = QPushButton("Approve")
        self.approve_button.setAccessibleName("Approve the selected release request")
        self.reject_button = QPushButton("Reject")
        self.reject_button.setAccessibleName("Reject the selected release request")
        self.approve_button.clicked.connect(lambda: self.decide_selected(True))
        self.reject_button.clicked.connect(lambda: self.decide_selected(False))
        self.queue_title = QLabel("Release requests waiting for approval")
        set_role(self.queue_title, "strong")
        queue_buttons = QHBoxLayout()
        queue_buttons.addWidget(self.queue_title, 1)
        queue_buttons.addWidget(self.approve_button)
        queue_buttons.addWidget(self.reject_button)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.risk)
        upper_layout.addLayout(actions_row)
        upper_layout.addWidget(self.toast)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(queue_buttons)
        lower_layout.addWidget(self.queue, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
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
        def load(uow: UnitOfWork) -> _Loaded:
            overview = quarantine_overview(uow)
            return _Loaded(overview, prepare_rows(overview.entries, overview.at))  # texts too

        self._tasks.query(load).success(self._loaded).failure(self._failed).on_channel(
            "quarantine"
        ).run()

    def _loaded(self, loaded: _Loaded) -> None:
        snapshot, rows = loaded.overview, loaded.rows
        selected = self.selected()
        self.model.set_entries(snapshot.entries, snapshot.at, rows)
        self.requests.set_requests(snapshot.pending)
        count = len(snapshot.entries)
        self.queue_title.setText(
            "Release requests waiting for approval"
            if snapshot.approval == "approver"
            else "Release requests waiting for approval  ·  new requests here are applied at once"
        )
        self.summary.setText(
            f"{count:,} open quarantine{'s' if count != 1 else ''}  ·  "
            f"{len(snapshot.pending):,} waiting for approval"
        )
        if selected is not None:
            self.select_address(selected.address)
        self._selection()

    def _failed(self, error: BounceDeskError) -> None:
        self.sig_status.emit(str(error))

    def set_actor(self, actor: str) -> None:
        self._actor = actor

    # --- selection ------------------------------------------------------------------------

    def selected_entry(self) -> QuarantineEntry | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.entry(index.row()) if index.isValid() else None

    def selected(self) -> Quarantine | None:
        entry = self.selected_entry()
        return entry.quarantine if entry is not None else None

    def select_address(self, address: str) -> bool:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            entry = self.model.entry(source.row())
            if entry is not None and entry.quarantine.address == address:
                self.table.selectRow(row)
                return True
        return False

    def _selection(self) -> None:
        entry = self.selected_entry()
        self.release_button.setEnabled(entry is not None and not self.toast.is_pending())
        self.history_button.setEnabled(entry is not None)
        if entry is None:
            self.risk.setText("Select an address to see the release risk.")
            set_role(self.risk, "risk-none")
            return
        quarantine, level = entry.quarantine, entry.risk.value
        self.risk.setText(
            f"{quarantine.address}: {reason_label(quarantine.reason)}. "
            f"Release risk {level.upper()} — {entry.risk_why}"
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
        self.toast.hold(f"Checking the release risk of {address}…")

        def show(preview: release.ReleasePreview) -> None:
            if self._pending_release is wanted:  # not undone or replaced meanwhile
                self.preview = preview
                self.toast.start(describe_preview(preview), self.undo_seconds)

        def failed(error: BounceDeskError) -> None:
            if self._pending_release is wanted:
                self._pending_release = None
                self.toast.dismiss()
                self.sig_status.emit(f"Nothing was sent: {error}")
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
        self.sig_status.emit("Release request undone; nothing was sent.")
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
                self.sig_status.emit(f"A release of {address} was already requested")
            elif outcome.state is RequestState.APPLIED:
                self.sig_status.emit(f"{address} released")
            else:
                self.sig_status.emit(f"Release of {address} requested; waiting for approval")
            self.sig_changed.emit()
            self.refresh()

        def failed(error: BounceDeskError) -> None:
            self.sig_status.emit(f"The release request was not sent: {error}")
            self._selection()

        self._tasks.write(lambda uow: release.request_release(uow, address, actor, note)).success(
            sent
        ).failure(failed).owned_by(self).run()

    def retry_pending(self) -> None:
        """After the connection came back: send a request whose send failed."""
        if self._pending_release is not None and not self.toast.is_pending():
            self._send_release()

    def decide_selected(self, approve: bool) -> None:
        request = self.requests.request(self.queue.currentIndex().row())
        if request is None:
            return
        actor, decide = self._actor, release.approve if approve else release.reject
        verb = "approved" if approve else "rejected"

        def done(decision: release.Decision) -> None:
            shown = f"Release of {request.address} {verb}"
            self.sig_status.emit(shown if decision.changed else decision.message)
            self.sig_changed.emit()
            self.refresh()

        self._tasks.write(lambda uow: decide(uow, request.id, actor, "")).success(done).failure(
            self._failed
        ).owned_by(self).run()

    # --- history --------------------------------------------------------------------------

    def show_history(self) -> None:
        quarantine = self.selected()
        if quarantine is not None:
            dialog = AddressHistoryDialog(self._tasks, quarantine.address, self)
            dialog.open()
