"""The providers' side of releases: each target's state, retry / give up, and a warning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.release_targets import DeliveryState, OutboxItem, target_label
from desktop.services import release_targets
from desktop.services.ports import UnitOfWork
from desktop.services.release_targets import ReleaseTargets
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, counted, error_text
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.release_words import delivery_state_label, targets_line
from desktop.ui.common.style import set_role
from desktop.ui.common.table_model import Index, RowsTableModel, make_table

WARN_AFTER = timedelta(hours=1)
_WARN = "#d0413a"


class ReleaseTargetsModel(RowsTableModel):
    """Applied releases with their provider calls: address, request, each target's state."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("columns", "Address"),
        QT_TRANSLATE_NOOP("columns", "Request"),
        QT_TRANSLATE_NOOP("columns", "At the providers"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReleaseTargets] = []
        self._now = datetime.now(UTC)

    def set_rows(self, rows: list[ReleaseTargets], now: datetime) -> None:
        self.beginResetModel()
        self._rows, self._now = rows, now
        self.endResetModel()

    def release(self, row: int) -> ReleaseTargets | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return entry.address
            if index.column() == 1:
                return str(entry.request_id)
            # Done times in the agent's own zone.
            zone = self._now.astimezone().tzinfo
            return targets_line(list(entry.items), self._now, zone)
        failing = any(_long_failing(item, self._now) for item in entry.items)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and failing:
            return QColor(_WARN)
        return None


def _long_failing(item: OutboxItem, now: datetime) -> bool:
    unfinished = item.state in (DeliveryState.PENDING, DeliveryState.STOPPED)
    return unfinished and item.attempts > 0 and now - item.created_at > WARN_AFTER


def load(uow: UnitOfWork) -> tuple[list[ReleaseTargets], datetime]:
    """Runs on a worker."""
    return release_targets.recent_release_targets(uow), datetime.now(UTC)


def move(uow: UnitOfWork, item_id: int, retry: bool, by: str, note: str) -> bool:
    """Runs on a worker: an approver's retry or give-up of one target."""
    act = release_targets.retry_target if retry else release_targets.give_up_target
    return act(uow, item_id, by, note, datetime.now(UTC))


class ReleaseTargetsPanel(QWidget):
    """Shows releases at the providers; an approver retries or gives up a failed target."""

    sig_status = Signal(str)

    def __init__(
        self,
        tasks: DatabaseTasks,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks, self._actor = tasks, actor
        self.model = ReleaseTargetsModel(self)
        self.warning = QLabel()
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        set_role(self.warning, "warning")
        self.warning.hide()
        title = QLabel(self.tr("Releases at the providers' suppression lists"))
        set_role(title, "strong")
        self.table = make_table(self.tr("Releases at the providers"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(0, 230)
        self.table.horizontalHeader().resizeSection(1, 70)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection())
        self.target = QComboBox()
        self.target.setAccessibleName(self.tr("Release target to retry or give up"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note (why you retry or give up)"))
        self.note.setAccessibleName(self.tr("Release target note"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.give_up_button = QPushButton(self.tr("Give up"))
        self.retry_button.clicked.connect(lambda: self.act(retry=True))
        self.give_up_button.clicked.connect(lambda: self.act(retry=False))
        row = QHBoxLayout()
        row.addWidget(self.target)
        row.addWidget(self.note, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.give_up_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warning)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._selection()

    def set_actor(self, actor: str) -> None:
        self._actor = actor

    def refresh(self) -> None:
        self._tasks.query(load).success(self._loaded).failure(self._failed).owned_by(self).run()

    def _loaded(self, loaded: tuple[list[ReleaseTargets], datetime]) -> None:
        rows, now = loaded
        selected = self.selected()
        self.model.set_rows(rows, now)
        failing = [
            (entry, item) for entry in rows for item in entry.items if _long_failing(item, now)
        ]
        if failing:
            shown = ", ".join(
                self.tr("{0} for {1}").format(target_label(item), entry.address)
                for entry, item in failing[:3]
            )
            if len(failing) > 3:
                shown += " " + self.tr("and {0} more").format(len(failing) - 3)
            self.warning.setText(
                "⚠ "
                + counted(
                    self.tr(
                        "%Ln provider call(s) failing for more than an hour: {0}."
                        " Retry or give up below.",
                        "",
                        len(failing),
                    ),
                    len(failing),
                ).format(shown)
            )
        self.warning.setVisible(bool(failing))
        self.setVisible(bool(rows))  # a desk without provider targets sees nothing of this
        if selected is not None:
            for number in range(self.model.rowCount()):
                found = self.model.release(number)
                if found is not None and found.request_id == selected.request_id:
                    self.table.selectRow(number)
        self._selection()

    def _failed(self, error: BounceDeskError) -> None:
        self.sig_status.emit(error_text(error))

    def selected(self) -> ReleaseTargets | None:
        return self.model.release(self.table.currentIndex().row())

    def _selection(self) -> None:
        self.target.clear()
        entry = self.selected()
        for item in entry.items if entry is not None else ():
            if item.state is not DeliveryState.DONE:
                self.target.addItem(
                    f"{target_label(item)} ({delivery_state_label(item.state)})", item.id
                )
        enabled = self.target.count() > 0
        for widget in (self.target, self.note, self.retry_button, self.give_up_button):
            widget.setEnabled(enabled)

    def act(self, retry: bool) -> None:
        item_id = self.target.currentData()
        if item_id is None:
            return
        actor, note = self._actor, self.note.text().strip()

        def done(moved: bool) -> None:
            said = self.tr("Target sent back to be called") if retry else self.tr("Target given up")
            self.sig_status.emit(said if moved else self.tr("That target had changed already"))
            self.note.clear()
            self.refresh()

        self._tasks.write(lambda uow: move(uow, int(item_id), retry, actor, note)).success(
            done
        ).failure(self._failed).owned_by(self).run()
