"""Table models of the Overview: the clients of a period, and the chart's figures as a table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.services.overview import Bar, ClientRow, PeriodFigures
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, number
from desktop.ui.common.style import reason_label
from desktop.ui.common.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_BAD = "#d0413a"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{number(value, 1)}%"


class ClientTableModel(RowsTableModel):
    """Accounts of a period, worst first, with a plain hint. GUI thread only."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("columns", "Account"),
        QT_TRANSLATE_NOOP("columns", "Sent"),
        QT_TRANSLATE_NOOP("columns", "Delivered"),
        QT_TRANSLATE_NOOP("columns", "Hard bounces"),
        QT_TRANSLATE_NOOP("columns", "Complaints"),
        QT_TRANSLATE_NOOP("columns", "What it means"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ClientRow] = []

    def set_clients(self, rows: tuple[ClientRow, ...]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def client_at(self, row: int) -> ClientRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        client, column = self._rows[index.row()], index.column()
        f = client.figures
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                client.account,
                number(f.sent),
                percent(f.delivered_rate),
                percent(f.hard_bounce_rate),
                percent(f.complaint_rate),
                client.hint,
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= column <= 4:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            bad = (
                (column == 2 and (f.delivered_rate or 100) < 90)
                or (column == 3 and (f.hard_bounce_rate or 0) >= 2)
                or (column == 4 and (f.complaint_rate or 0) >= 0.3)
            )
            return QColor(_BAD) if bad else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return client.hint
        return None


class ChartTableModel(RowsTableModel):
    """The chart's figures as a table: its accessible text equivalent. GUI thread only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Bar] = []
        self._labels: list[str] = []
        self.COLUMNS = (
            QT_TRANSLATE_NOOP("columns", "Time"),
            QT_TRANSLATE_NOOP("columns", "Sent"),
            QT_TRANSLATE_NOOP("columns", "Bounces and delays per 100 sent"),
        )

    def set_figures(self, figures: PeriodFigures, labels: list[str]) -> None:
        self.beginResetModel()
        self._rows = list(figures.bars)
        self._labels = labels
        self.COLUMNS = (
            QT_TRANSLATE_NOOP("columns", "Time"),
            QT_TRANSLATE_NOOP("columns", "Sent"),
            QT_TRANSLATE_NOOP("columns", "Total per 100 sent"),
            *(reason_label(reason) for reason in figures.reasons),
        )
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        bar, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._labels[index.row()]
            if column == 1:
                return number(bar.sent)
            if column == 2:
                return number(bar.total, 1)
            if column - 3 < len(bar.segments):
                return number(bar.segments[column - 3][1], 1)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 1:
            return _RIGHT
        return None
