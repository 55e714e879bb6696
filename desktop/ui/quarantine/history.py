"""The history of one address: every message to it (all accounts) and its past quarantines."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.search import SearchCriteria
from desktop.services.quarantine import AddressHistory, address_history
from desktop.ui.common.delegate import StatusDelegate
from desktop.ui.common.i18n import error_text
from desktop.ui.common.message_table import STATUS, MessageTableModel
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import (
    cause_label,
    local_time,
    reason_label,
    request_state_label,
)
from desktop.ui.common.table_model import make_table
from desktop.ui.quarantine.model import after_release_text


class AddressHistoryDialog(QDialog):
    """Every message to one address (all accounts) and its past quarantines, with their
    release requests and notes. Double-click (or Enter) on a message opens it."""

    sig_message_opened = Signal(object)  # a Message

    def __init__(self, tasks: DatabaseTasks, address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of {0}").format(address))
        self.resize(900, 520)
        self.messages = MessageTableModel(tasks, parent=self)
        table = make_table(self.tr("Messages to {0}").format(address))
        table.setModel(self.messages)
        table.setItemDelegateForColumn(STATUS, StatusDelegate(table))
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().resizeSection(STATUS, 122)  # the whole pill, as in the search
        table.doubleClicked.connect(self._open)
        table.activated.connect(self._open)
        self.table = table
        self.quarantines = QLabel(self.tr("Loading quarantine history…"))
        self.quarantines.setTextFormat(Qt.TextFormat.PlainText)
        self.quarantines.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quarantines)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.messages.search(SearchCriteria(recipient=address))
        tasks.query(lambda uow: address_history(uow, address)).success(self._history).failure(
            lambda error: self.quarantines.setText(error_text(error))
        ).run()

    def _open(self, index: QModelIndex) -> None:
        message = self.messages.message_at(index.row())
        if message is not None:
            self.sig_message_opened.emit(message)
            self.accept()

    def _history(self, history: AddressHistory) -> None:
        if not history.quarantines:
            self.quarantines.setText(self.tr("Never quarantined."))
            return
        lines = []
        for entry in history.quarantines:
            q = entry.quarantine
            line = (
                f"{local_time(q.started_at)} → {local_time(q.released_at or q.ends_at)}  "
                f"{cause_label(q.cause.value)}, {reason_label(q.reason)}"
            )
            if q.released_at is not None:
                line += "  (" + self.tr("released")
                after = entry.after_release
                line += f"; {after_release_text(after)})" if after else ")"
            request = entry.request
            if request is not None:
                line += "\n    " + self.tr("release {0}, asked by {1}").format(
                    request_state_label(request.state.value), request.requested_by
                )
                line += f": “{request.note}”" if request.note else ""
                if request.decided_by:
                    line += "; " + self.tr("decided by {0}").format(request.decided_by)
                    line += f": “{request.decision_note}”" if request.decision_note else ""
            lines.append(line)
        self.quarantines.setText(self.tr("Quarantines:") + "\n" + "\n".join(lines))
