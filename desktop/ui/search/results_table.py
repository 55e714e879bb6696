"""The search results table: its columns and widths, the column menu, Enter and Ctrl+C."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QTableView,
    QWidget,
)

from desktop.domain.model import MessageStatus
from desktop.ui.common.column_fit import ColumnFit
from desktop.ui.common.delegate import StatusDelegate, pill_extra
from desktop.ui.common.i18n import translate
from desktop.ui.common.message_table import (
    ACCOUNT,
    COLUMNS,
    REASON,
    RECIPIENT,
    SENDER,
    STATUS,
    SUBJECT,
    TIME,
    MessageTableModel,
)
from desktop.ui.common.style import local_time, status_label

# The flexible columns' starting widths: how they share the room time and status leave.
# The recipient is what an agent looks for, so it gets the largest share.
_SHARES = {ACCOUNT: 130, SENDER: 180, RECIPIENT: 240, SUBJECT: 210, REASON: 140}
_WIDEST_TIME = datetime(2026, 12, 28, 22, 58, tzinfo=UTC)  # two-digit day, month and hour


class ResultsTable(QTableView):
    """The table; Enter opens the current row, Ctrl+C copies its address (not the cell)."""

    sig_open = Signal(QModelIndex)
    sig_copy = Signal(QModelIndex)

    def __init__(self, model: MessageTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsTable")
        self.setAccessibleName(self.tr("Search results"))
        self.setModel(model)
        self.setItemDelegateForColumn(STATUS, StatusDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the details pane
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Time and status are as wide as their longest text; the others share the rest.
        metrics = self.fontMetrics()
        header.resizeSection(TIME, metrics.horizontalAdvance(local_time(_WIDEST_TIME)) + 16)
        widest_status = max(metrics.horizontalAdvance(status_label(s)) for s in MessageStatus)
        header.resizeSection(STATUS, widest_status + pill_extra(self.verticalHeader(), metrics))
        self._fit = ColumnFit(self, _SHARES)
        header.setSectionHidden(SENDER, True)  # the account names the sender; one click shows it
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)

    def fit_columns(self) -> None:
        """Fit the shown columns to the table's width (also done on every resize)."""
        self._fit.fit()

    def widths_restored(self) -> None:
        """The header's saved state was put back: its widths are the shares from now on."""
        self._fit.adopt_widths()

    def _column_menu(self, position: QPoint) -> None:
        header = self.horizontalHeader()
        menu = QMenu(self)
        for column, name in enumerate(COLUMNS):
            action = menu.addAction(translate("columns", name))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: self.show_column(c, shown))
        menu.exec(header.mapToGlobal(position))

    def show_column(self, column: int, shown: bool) -> None:
        self.horizontalHeader().setSectionHidden(column, not shown)
        self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self.currentIndex().isValid():
            self.sig_copy.emit(self.currentIndex())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_open.emit(self.currentIndex())
            return
        super().keyPressEvent(event)
