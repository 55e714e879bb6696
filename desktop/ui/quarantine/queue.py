"""The quarantine screen's request queue: release requests waiting for approval, and deciding."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import ReleaseRequest, RiskLevel
from desktop.services import release
from desktop.ui.common.i18n import error_text
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import request_state_label, set_role
from desktop.ui.common.table_model import make_table, size_columns
from desktop.ui.quarantine.model import RequestTableModel, since_sample


class RequestQueuePanel(QWidget):
    """The queue table with Approve and Reject; `confirm` asks before a high-risk decision."""

    sig_status = Signal(str)
    sig_decided = Signal()  # a request was approved or rejected: the screen reloads
    sig_history_requested = Signal()  # a double click: the address history of the request

    def __init__(
        self,
        tasks: DatabaseTasks,
        actor: str,
        confirm: Callable[[ReleaseRequest, bool], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._actor = actor
        self._confirm = confirm
        self.requests = RequestTableModel(self)
        self.queue = make_table(self.tr("Release requests waiting for approval"))
        self.queue.setModel(self.requests)
        self.queue.horizontalHeader().setStretchLastSection(True)
        size_columns(self.queue, (230, 150, 200, 70), {2: [since_sample()]})
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setAccessibleName(self.tr("Approve the selected release request"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setAccessibleName(self.tr("Reject the selected release request"))
        self.approve_button.clicked.connect(lambda: self.decide_selected(True))
        self.reject_button.clicked.connect(lambda: self.decide_selected(False))
        self.queue.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())
        self.queue.doubleClicked.connect(lambda _index: self.sig_history_requested.emit())
        self.queue_title = QLabel(self.tr("Release requests waiting for approval"))
        set_role(self.queue_title, "strong")
        queue_buttons = QHBoxLayout()
        queue_buttons.addWidget(self.queue_title, 1)
        queue_buttons.addWidget(self.approve_button)
        queue_buttons.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(queue_buttons)
        layout.addWidget(self.queue, 1)

    def set_queue(self, pending: list[ReleaseRequest], approval: release.ApprovalMode) -> None:
        self.requests.set_requests(pending)
        self.queue_title.setText(
            self.tr("Release requests waiting for approval")
            if approval is release.ApprovalMode.APPROVER
            else self.tr(
                "Release requests waiting for approval  ·  new requests here are applied at once"
            )
        )
        self.update_buttons()

    def set_actor(self, actor: str) -> None:
        self._actor = actor
        self.update_buttons()

    def selected_request(self) -> ReleaseRequest | None:
        index = self.queue.currentIndex()
        return self.requests.request(index.row()) if index.isValid() else None

    def update_buttons(self) -> None:
        request = self.selected_request()
        own = request is not None and release.same_agent(request.requested_by, self._actor)
        self.approve_button.setEnabled(request is not None and not own)
        self.reject_button.setEnabled(request is not None)
        self.approve_button.setToolTip(
            self.tr("You asked for this release: another approver must approve it.") if own else ""
        )

    def decide_selected(self, approve: bool) -> None:
        request = self.selected_request()
        if request is None:
            return
        if request.risk is RiskLevel.HIGH and not self._confirm(request, approve):
            return
        actor, decide = self._actor, release.approve if approve else release.reject
        shown = (
            self.tr("Release of {0} approved") if approve else self.tr("Release of {0} rejected")
        ).format(request.address)

        def done(decision: release.Decision) -> None:
            already = self.tr("Someone decided first: the release of {0} is {1} already").format(
                request.address, request_state_label(decision.state.value)
            )
            self.sig_status.emit(shown if decision.changed else already)
            self.sig_decided.emit()

        def failed(error: BounceDeskError) -> None:
            self.sig_status.emit(error_text(error))

        self._tasks.write(lambda uow: decide(uow, request.id, actor, "")).success(done).failure(
            failed
        ).owned_by(self).run()
