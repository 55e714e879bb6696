"""The quarantine screen: open quarantines with one-click release, the request queue, history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import Quarantine, RequestState
from desktop.domain.search import SearchCriteria
from desktop.services import release
from desktop.services.quarantine import AddressHistory, QuarantineEntry
from desktop.services.uow import UnitOfWorkFactory
from desktop.ui.banner import UndoToast
from desktop.ui.look import RISK_COLOURS, local_time, reason_label
from desktop.ui.quarantine import actions
from desktop.ui.quarantine.model import (
    QuarantineProxy,
    QuarantineRow,
    QuarantineTableModel,
    RequestTableModel,
    prepare_rows,
)
from desktop.ui.quarantine.targets import ReleaseTargetsPanel
from desktop.ui.search.delegate import StatusDelegate
from desktop.ui.search.model import STATUS, MessageTableModel
from desktop.ui.workers import TaskRunner

UNDO_SECONDS = 5.0


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table


class QuarantineView(QWidget):
    """Open quarantines, release requests and approvals. GUI thread; work goes to the runner."""

    sig_status = Signal(str)
    sig_changed = Signal()  # a release was requested or decided: other screens refresh

    def __init__(
        self,
        runner: TaskRunner,
        uow_factory: UnitOfWorkFactory,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._uow_factory = uow_factory
        self._actor = actor
        self._pending_release: tuple[str, str] | None = None  # address, note waiting on the toast
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

        self.table = _table("Open quarantines")
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

        self.queue = _table("Release requests waiting for approval")
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
        self.queue_title.setStyleSheet("font-weight: 600;")
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
        self.targets = ReleaseTargetsPanel(self._runner, self._uow_factory, self._actor)
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
        factory, actor = self._uow_factory, self._actor
        self._runner.submit(
            lambda: actions.expire(factory, actor),
            lambda _n: self._load(),
            self._failed,
            write=True,
            owner=self,
        )

    def _load(self) -> None:
        factory = self._uow_factory

        def load() -> tuple[actions.QuarantineSnapshot, list[QuarantineRow]]:
            snapshot = actions.load_snapshot(factory)
            return snapshot, prepare_rows(snapshot.entries, snapshot.at)  # texts off the GUI

        self._runner.submit(load, self._loaded, self._failed, channel="quarantine")
        self.targets.refresh()

    def _loaded(self, loaded: tuple[actions.QuarantineSnapshot, list[QuarantineRow]]) -> None:
        snapshot, rows = loaded
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
        self.targets.set_actor(actor)

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
            self.risk.setStyleSheet("color: palette(placeholder-text);")
            return
        quarantine, level = entry.quarantine, entry.risk.value
        self.risk.setText(
            f"{quarantine.address}: {reason_label(quarantine.reason)}. "
            f"Release risk {level.upper()} — {entry.risk_why}"
        )
        self.risk.setStyleSheet(f"color: {RISK_COLOURS[level]}; font-weight: 600;")

    # --- release --------------------------------------------------------------------------

    def request_release_for(self, quarantine: Quarantine) -> None:
        """One click: the request waits a few seconds behind an Undo toast, then is sent."""
        self._pending_release = (quarantine.address, self.note.text().strip())
        self.release_button.setEnabled(False)
        self.toast.start(f"Release of {quarantine.address} requested", self.undo_seconds)

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
        address, note = self._pending_release
        factory, actor = self._uow_factory, self._actor

        def sent(outcome: release.RequestOutcome) -> None:
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

        self._runner.submit(
            lambda: actions.request_release(factory, address, actor, note),
            sent,
            failed,
            write=True,
            owner=self,
        )

    def retry_pending(self) -> None:
        """After the connection came back: send a request whose send failed."""
        if self._pending_release is not None and not self.toast.is_pending():
            self._send_release()

    def decide_selected(self, approve: bool) -> None:
        request = self.requests.request(self.queue.currentIndex().row())
        if request is None:
            return
        factory, actor = self._uow_factory, self._actor
        verb = "approved" if approve else "rejected"

        def done(decision: release.Decision) -> None:
            shown = f"Release of {request.address} {verb}"
            self.sig_status.emit(shown if decision.changed else decision.message)
            self.sig_changed.emit()
            self.refresh()

        self._runner.submit(
            lambda: actions.decide(factory, request.id, approve, actor, ""),
            done,
            self._failed,
            write=True,
            owner=self,
        )

    # --- history --------------------------------------------------------------------------

    def show_history(self) -> None:
        quarantine = self.selected()
        if quarantine is not None:
            dialog = AddressHistoryDialog(self._runner, self._uow_factory, quarantine.address, self)
            dialog.open()


class AddressHistoryDialog(QDialog):
    """Every message to one address (all accounts) and its past quarantines."""

    def __init__(
        self,
        runner: TaskRunner,
        uow_factory: UnitOfWorkFactory,
        address: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of {address}")
        self.resize(900, 520)
        self.messages = MessageTableModel(runner, uow_factory, parent=self)
        table = _table(f"Messages to {address}")
        table.setModel(self.messages)
        table.setItemDelegateForColumn(STATUS, StatusDelegate(table))
        table.horizontalHeader().setStretchLastSection(True)
        self.quarantines = QLabel("Loading quarantine history…")
        self.quarantines.setTextFormat(Qt.TextFormat.PlainText)
        self.quarantines.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quarantines)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.messages.search(SearchCriteria(recipient=address))
        runner.submit(
            lambda: actions.load_history(uow_factory, address),
            self._history,
            lambda error: self.quarantines.setText(str(error)),
        )

    def _history(self, history: AddressHistory) -> None:
        if not history.quarantines:
            self.quarantines.setText("Never quarantined.")
            return
        lines = []
        for entry in history.quarantines:
            q = entry.quarantine
            line = (
                f"{local_time(q.started_at)} → {local_time(q.released_at or q.ends_at)}  "
                f"{q.cause.value}, {reason_label(q.reason)}"
            )
            if q.released_at is not None:
                line += "  (released"
                line += f"; {entry.after_release.describe()})" if entry.after_release else ")"
            lines.append(line)
        self.quarantines.setText("Quarantines:\n" + "\n".join(lines))
