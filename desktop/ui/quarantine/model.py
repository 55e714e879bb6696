"""Table models of the quarantine screen: open quarantines, and the release-request queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.model import ReleaseRequest
from desktop.services.quarantine import QuarantineEntry
from desktop.ui.look import RISK_COLOURS, ago, local_time, reason_label, status_icon, until

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_REQUEST_COLOURS = {"pending": "#d39a1c", "rejected": "#d0413a", "approved": "#2e9d57"}


def _note(entry: QuarantineEntry) -> str:
    """A suspected provider-side problem, or what happened after an earlier release."""
    if entry.systemic is not None:
        return entry.systemic.note()
    if entry.after_release is not None:
        return entry.after_release.describe()
    return ""


class _RowsModel(QAbstractTableModel):
    """A flat table of `_rows` under the headers `COLUMNS` (the shape both models share)."""

    COLUMNS: tuple[str, ...] = ()
    _rows: list[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None


class QuarantineTableModel(_RowsModel):
    """Open quarantines (bounded list, newest first). GUI thread; filled by the view's loads."""

    COLUMNS = ("Address", "Cause", "Reason", "Since", "Ends in", "Risk", "Request", "Note")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QuarantineEntry] = []
        self._now = datetime.now(UTC)

    def set_entries(self, entries: list[QuarantineEntry], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self._now = now or datetime.now(UTC)
        self.endResetModel()

    def entry(self, row: int) -> QuarantineEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def entries(self) -> list[QuarantineEntry]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        q, column = entry.quarantine, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            request = entry.request
            return (
                q.address,
                q.cause.value.replace("-", " ").capitalize(),
                reason_label(q.reason),
                f"{local_time(q.started_at)}  ({ago(q.started_at, self._now)})",
                until(q.ends_at, self._now),
                entry.risk.value.capitalize(),
                request.state.value if request is not None else "—",
                _note(entry),
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return status_icon("quarantined")
        if role == SORT_ROLE:
            request_state = entry.request.state.value if entry.request is not None else ""
            return (
                q.address,
                q.cause.value,
                q.reason.value,
                q.started_at.timestamp(),
                q.ends_at.timestamp(),
                ("low", "medium", "high").index(entry.risk.value),
                request_state,
                _note(entry),
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 5:
                return QColor(RISK_COLOURS[entry.risk.value])
            if column == 6 and entry.request is not None:
                colour = _REQUEST_COLOURS.get(entry.request.state.value)
                return QColor(colour) if colour else None
            if column == 7 and entry.systemic is not None:
                return QColor("#e07020")
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return entry.risk_why
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return _note(entry) or None
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return local_time(q.ends_at)
        if role == ROW_ROLE:
            return entry
        return None


class RequestTableModel(_RowsModel):
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
        if role == ROW_ROLE:
            return r
        return None
