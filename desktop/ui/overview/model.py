"""Table models of the Overview: the clients of a period, and the chart's figures as a table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.services.overview import Bar, ClientRow, PeriodFigures
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, number, translate
from desktop.ui.common.style import reason_label
from desktop.ui.common.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_BAD = "#d0413a"
ACCOUNT, SENT, DELIVERED, HARD, COMPLAINTS, HINT = range(6)  # the clients table's columns


def percent(value: float | None) -> str:
    """A rate in the locale; a share of nothing (no mail sent) is a dash, never 0%."""
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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        shown = super().headerData(section, orientation, role)
        # A figure's name wraps at its last space ("Hard / bounces"), so the figure columns
        # stay as narrow as their numbers and the table fits beside the chart at 1024 px.
        if isinstance(shown, str) and SENT <= section <= COMPLAINTS and " " in shown:
            first, _, last = shown.rpartition(" ")
            return f"{first}\n{last}"
        return shown

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
                number(f.messages_sent),  # the messages the rates are shares of
                percent(f.delivered_rate),
                percent(f.hard_bounce_rate),
                percent(f.complaint_rate),
                client.hint,
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and SENT <= column <= COMPLAINTS:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            bad = (
                (column == DELIVERED and (f.delivered_rate or 100) < 90)
                or (column == HARD and (f.hard_bounce_rate or 0) >= 2)
                or (column == COMPLAINTS and (f.complaint_rate or 0) >= 0.3)
            )
            return QColor(_BAD) if bad else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(client, column)
        return None

    def _tip(self, client: ClientRow, column: int) -> str | None:
        # The account and the hint may be elided to fit the pane: their tooltips show them whole.
        if column == ACCOUNT:
            return client.account
        if column == HINT:
            return client.hint
        if DELIVERED <= column <= COMPLAINTS and not client.figures.messages_sent:
            return translate("ClientTableModel", "No mail sent in this period")
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
