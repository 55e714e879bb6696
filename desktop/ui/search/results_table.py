"""The search results table: its columns and widths, the column menu, Enter and Ctrl+C."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QTableView,
    QWidget,
)

from desktop.ui.common.delegate import StatusDelegate
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
        widths = {
            TIME: 118, ACCOUNT: 150, SENDER: 200, RECIPIENT: 210, SUBJECT: 230, STATUS: 122,
            REASON: 160,
        }  # fmt: skip
        for column, width in widths.items():
            header.resizeSection(column, width)
        # The subject keeps a readable width (a narrow window scrolls sideways instead of
        # squeezing it to nothing); the last column takes what room is left.
        header.setStretchLastSection(True)
        header.setSectionHidden(SENDER, True)  # the account names the sender; one click shows it
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)

    def _column_menu(self, position: QPoint) -> None:
        header = self.horizontalHeader()
        menu = QMenu(self)
        for column, name in enumerate(COLUMNS):
            action = menu.addAction(translate("columns", name))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
        menu.exec(header.mapToGlobal(position))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self.currentIndex().isValid():
            self.sig_copy.emit(self.currentIndex())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_open.emit(self.currentIndex())
            return
        super().keyPressEvent(event)
