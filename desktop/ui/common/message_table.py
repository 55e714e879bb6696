"""The results table: keyset pages fetched on demand by a worker, rows appended as they come."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QModelRoleData,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import Message
from desktop.domain.search import SearchCriteria
from desktop.services.ports import UnitOfWork
from desktop.services.search import Page, count_messages, search_messages
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, error_text
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import local_time, reason_label, status_icon, status_label
from desktop.ui.common.table_model import RowsTableModel

COLUMNS = (
    QT_TRANSLATE_NOOP("columns", "Time"),
    QT_TRANSLATE_NOOP("columns", "Account"),
    QT_TRANSLATE_NOOP("columns", "Sender"),
    QT_TRANSLATE_NOOP("columns", "Recipient"),
    QT_TRANSLATE_NOOP("columns", "Subject"),
    QT_TRANSLATE_NOOP("columns", "Status"),
    QT_TRANSLATE_NOOP("columns", "Reason"),
)
TIME, ACCOUNT, SENDER, RECIPIENT, SUBJECT, STATUS, REASON = range(len(COLUMNS))
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_CAP = 10_000

# Plain ints: a paint asks data() for about seven roles per cell, so the common answer is
# found by one integer comparison.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_MESSAGE = int(MESSAGE_ROLE)

Index = QModelIndex | QPersistentModelIndex
Cells = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _LoadedPage:
    """A page of messages with their cell texts, made on the worker."""

    page: Page
    cells: list[Cells]


def display_cells(message: Message) -> Cells:
    """A row's texts, one per column; made on the worker with the page, not while painting."""
    return (
        local_time(message.created_at),
        message.account,
        message.sender,
        message.recipient,
        message.subject,
        status_label(message.status.value),
        reason_label(message.reason),
    )


class MessageTableModel(RowsTableModel):
    """Holds the loaded rows of the current search; asks the runner for the next page.

    GUI thread only. Never holds the whole result: `canFetchMore`/`fetchMore` load one
    keyset page at a time; a new search drops replies to the old one (runner channels).
    """

    sig_first_page = Signal(float)  # milliseconds from the search to its first page
    sig_counted = Signal(int, bool)  # matching messages, and whether the count hit the cap
    sig_failed = Signal(str)
    COLUMNS = COLUMNS

    def __init__(
        self, tasks: DatabaseTasks, page_size: int = 200, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._page_size = page_size
        self._rows: list[Message] = []
        self._cells: list[Cells] = []
        self._criteria = SearchCriteria()
        self._cursor: str | None = None
        self._more = False
        self._loading = False
        self._started = 0.0
        self._first_seen = False

    # --- Qt model interface ---------------------------------------------------------------

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = index.row()
        if role == _DISPLAY:
            return self._cells[row][index.column()] if 0 <= row < len(self._cells) else None
        if not 0 <= row < len(self._rows):
            return None
        if role == _MESSAGE:
            return self._rows[row]
        column = index.column()
        if role == _TOOLTIP:
            if column == TIME:
                return local_time(self._rows[row].created_at, seconds=True)
            return self._cells[row][column] or None  # the whole text of a cut-off cell
        if role == _DECORATION and column == STATUS:
            return status_icon(self._rows[row].status.value)
        return None

    def multiData(self, index: Index, roleDataSpan: Any) -> None:
        # A view asks every role of a cell in one call when painting. Answering them here,
        # not by one data() call each, takes the GIL once per cell instead of seven times:
        # each take can wait a switch interval while a worker runs Python.
        row = index.row()
        if not 0 <= row < len(self._cells):
            return
        text = self._cells[row][index.column()]
        slots = [roleDataSpan] if isinstance(roleDataSpan, QModelRoleData) else roleDataSpan
        for slot in slots:
            role = slot.role()
            if role == _DISPLAY:
                slot.setData(text)
            else:
                value = self.data(index, role)
                if value is not None:
                    slot.setData(value)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._request_page()

    # --- searching ------------------------------------------------------------------------

    @property
    def criteria(self) -> SearchCriteria:
        return self._criteria

    def message_at(self, row: int) -> Message | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def has_more(self) -> bool:
        return self._more

    def is_loading(self) -> bool:
        return self._loading

    def search(self, criteria: SearchCriteria) -> None:
        """Start a new search: rows cleared now, first page then count fetched on workers."""
        self.beginResetModel()
        self._rows = []
        self._cells = []
        self._criteria = criteria
        self._cursor = None
        self._more = True
        self._loading = False
        self.endResetModel()
        self._started = time.perf_counter()
        self._first_seen = False
        self._tasks.cancel(f"count:{id(self)}")  # an older search's count must not show
        self._request_page()

    def _request_count(self) -> None:
        # Asked only once the first page is in: on a busy machine the two queries would
        # otherwise share the CPU and delay the rows the agent is waiting for.
        criteria = self._criteria
        self._tasks.query(lambda uow: count_messages(uow, criteria, cap=COUNT_CAP)).success(
            self._on_counted
        ).failure(self._on_failed).on_channel(f"count:{id(self)}").run()

    def refresh(self) -> None:
        self.search(self._criteria)

    def _request_page(self) -> None:
        self._loading = True
        criteria, cursor, limit = self._criteria, self._cursor, self._page_size

        def load(uow: UnitOfWork) -> _LoadedPage:
            page = search_messages(uow, criteria, cursor, limit)
            return _LoadedPage(page, [display_cells(message) for message in page.messages])

        self._tasks.query(load).success(self._on_page).failure(self._on_failed).on_channel(
            f"page:{id(self)}"
        ).run()

    def _on_page(self, loaded: _LoadedPage) -> None:
        page, cells = loaded.page, loaded.cells
        self._loading = False
        self._cursor = page.next_cursor
        self._more = page.next_cursor is not None
        if page.messages:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.messages) - 1)
            self._rows.extend(page.messages)
            self._cells.extend(cells)
            self.endInsertRows()
        if not self._first_seen:
            self._first_seen = True
            self.sig_first_page.emit((time.perf_counter() - self._started) * 1000)
            self._request_count()

    def _on_counted(self, total: int) -> None:
        self.sig_counted.emit(total, total >= COUNT_CAP)

    def _on_failed(self, error: BounceDeskError) -> None:
        self._loading = False
        self._more = False
        self.sig_failed.emit(error_text(error))
