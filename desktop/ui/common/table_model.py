"""What the tables share: a flat model of rows under fixed headers, and a plain table view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTableView

from desktop.ui.common.i18n import translate

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """A flat table of `_rows` under the headers `COLUMNS`. GUI thread only.

    Subclasses name their columns, keep their rows in `_rows` and answer `data()`.
    """

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
            # Column names are marked with QT_TRANSLATE_NOOP("columns", ...) where declared.
            return translate("columns", self.COLUMNS[section])
        return None


def make_table(name: str) -> QTableView:
    """A read-only table of whole-row single selection, the look of every list here."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table


def size_columns(
    table: QTableView, widths: Sequence[int], samples: Mapping[int, Sequence[str]] | None = None
) -> None:
    """Each column at its width, or wider where the UI language needs it: the header's text
    (Dutch runs about a third longer than English) and the widest of `samples`, texts its
    cells typically hold ('05-12-2026 13:22  (23 u geleden)'), are never cut off."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    padding = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
    for column, width in enumerate(widths):
        texts = (samples or {}).get(column, ())
        needed = max((metrics.horizontalAdvance(text) + padding for text in texts), default=0)
        header.resizeSection(column, max(width, header.sectionSizeHint(column), needed))
