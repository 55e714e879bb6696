"""Table models of the quarantine screen: open quarantines, and the release-request queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from desktop.domain.model import ReleaseRequest
from desktop.services.quarantine import QuarantineEntry
from desktop.ui.common.style import RISK_COLOURS, ago, local_time, reason_label, status_icon, until
from desktop.ui.common.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_REQUEST_COLOURS = {"pending": "#d39a1c", "rejected": "#d0413a", "approved": "#2e9d57"}


def _note(entry: QuarantineEntry) -> str:
    """A suspected provider-side problem, or what happened after an earlier release."""
    if entry.systemic is not None:
        return entry.systemic.note()
    if entry.after_release is not None:
        return entry.after_release.describe()
    return ""


@dataclass(frozen=True, slots=True)
class QuarantineRow:
    """One quarantine as the table shows it, worked out on the worker that loaded it."""

    entry: QuarantineEntry
    cells: tuple[str, ...]
    keys: tuple[Any, ...]  # per column, what it sorts by
    haystack: str  # the texts the filter looks in, lower case


_RISK_ORDER = {"low": 0, "medium": 1, "high": 2}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)


def prepare_rows(entries: list[QuarantineEntry], now: datetime) -> list[QuarantineRow]:
    """Texts and sort keys for `entries` (plain Python: run it on the loading worker)."""
    rows = []
    for entry in entries:
        q, request = entry.quarantine, entry.request
        note = _note(entry)
        cells = (
            q.address,
            q.cause.value.replace("-", " ").capitalize(),
            reason_label(q.reason),
            f"{local_time(q.started_at)}  ({ago(q.started_at, now)})",
            until(q.ends_at, now),
            entry.risk.value.capitalize(),
            request.state.value if request is not None else "—",
            note,
        )
        keys = (
            q.address,
            q.cause.value,
            q.reason.value,
            q.started_at.timestamp(),
            q.ends_at.timestamp(),
            _RISK_ORDER[entry.risk.value],
            request.state.value if request is not None else "",
            note,
        )
        rows.append(QuarantineRow(entry, cells, keys, " ".join(cells[:3] + cells[7:]).lower()))
    return rows


class QuarantineTableModel(RowsTableModel):
    """Open quarantines (bounded list). GUI thread; filled by the view's loads.

    It sorts itself: a proxy sorting a thousand rows asked data() twenty thousand times, a
    Python call each, and froze the screen on every reload.
    """

    COLUMNS = ("Address", "Cause", "Reason", "Since", "Ends in", "Risk", "Request", "Note")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QuarantineRow] = []
        self._order: tuple[int, Qt.SortOrder] = (3, Qt.SortOrder.DescendingOrder)

    def set_entries(
        self,
        entries: list[QuarantineEntry],
        now: datetime | None = None,
        prepared: list[QuarantineRow] | None = None,
    ) -> None:
        rows = prepared if prepared is not None else prepare_rows(entries, now or datetime.now(UTC))
        self.beginResetModel()
        self._rows = self._sorted(rows)
        self.endResetModel()

    def entry(self, row: int) -> QuarantineEntry | None:
        return self._rows[row].entry if 0 <= row < len(self._rows) else None

    def matches(self, row: int, needle: str) -> bool:
        """Whether row `row` shows `needle` (lower case) in its address, cause, reason or note."""
        return 0 <= row < len(self._rows) and needle in self._rows[row].haystack

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = [(index, self._rows[index.row()]) for index in before if index.isValid()]
        self._order = (column, order)
        self._rows = self._sorted(self._rows)
        where = {id(row): number for number, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            [index for index, _row in moved],
            [self.index(where[id(row)], index.column()) for index, row in moved],
        )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[QuarantineRow]) -> list[QuarantineRow]:
        column, order = self._order
        return sorted(
            rows,
            key=lambda row: row.keys[column],
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        shown, column = self._rows[row], index.column()
        if role == _DISPLAY:
            return shown.cells[column]
        entry = shown.entry
        if role == _FOREGROUND:
            if column == 5:
                return QColor(RISK_COLOURS[entry.risk.value])
            if column == 6 and entry.request is not None:
                colour = _REQUEST_COLOURS.get(entry.request.state.value)
                return QColor(colour) if colour else None
            if column == 7 and entry.systemic is not None:
                return QColor("#e07020")
            return None
        if role == _DECORATION and column == 0:
            return status_icon("quarantined")
        if role == _TOOLTIP:
            if column == 5:
                return entry.risk_why
            if column == 7:
                return shown.cells[7] or None
            if column == 4:
                return local_time(entry.quarantine.ends_at)
            return None
        if role == SORT_ROLE:
            return shown.keys[column]
        return None


class QuarantineProxy(QSortFilterProxyModel):
    """Filters the quarantine table by plain text; sorting is left to the table model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        begin = getattr(self, "beginFilterChange", None)  # Qt 6.10 and newer
        if begin is None:
            self._needle = text.strip().lower()
            self.invalidateFilter()
            return
        begin()
        self._needle = text.strip().lower()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        if not self._needle or not isinstance(source, QuarantineTableModel):
            return True
        return source.matches(source_row, self._needle)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


class RequestTableModel(RowsTableModel):
    """Pending release requests, oldest first (the approver's queue). GUI thread."""

    COLUMNS = ("Address", "Requested by", "When", "Risk", "Note")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReleaseRequest] = []

    def set_requests(self, requests: list[ReleaseRequest]) -> None:
        self.beginResetModel()
        self._rows = list(requests)
        self.endResetModel()

    def request(self, row: int) -> ReleaseRequest | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.address,
                r.requested_by,
                f"{local_time(r.created_at)}  ({ago(r.created_at)})",
                r.risk.value.capitalize() if r.risk is not None else "",
                r.note,
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and r.risk is not None:
            return QColor(RISK_COLOURS[r.risk.value])
        return None
