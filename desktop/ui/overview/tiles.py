"""Today's tiles: a figure, what is usual for these hours, and a flag when it is far outside."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.services.overview import TILE_LABELS, Tile, TileKind
from desktop.ui.common.style import set_role

_TILE_WIDTH, _SPACING, _NARROW_ROW = 132, 8, 4  # least tile width, gap, tiles per row when narrow


class TileButton(QPushButton):
    """One tile; clicking it asks for the messages behind it. GUI thread only."""

    sig_chosen = Signal(object)  # Tile

    def __init__(self, kind: TileKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.tile: Tile | None = None
        self.setObjectName("overviewTile")
        self.setMinimumSize(_TILE_WIDTH, 84)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.caption = QLabel()
        self.value = QLabel("–")
        self.usual = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.value.setFont(big)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        for label in (self.caption, self.value, self.usual):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        set_role(self, "tile")
        self.setAccessibleName(TILE_LABELS[kind])  # until its figure arrives
        self.clicked.connect(self._clicked)

    def set_tile(self, tile: Tile) -> None:
        self.tile = tile
        self.caption.setText(tile.label)
        self.value.setText(tile.text)
        note = tile.usual
        if tile.flagged:
            note = f"⚠ {note}" if note else "⚠ unusual"
        self.usual.setText(note)
        set_role(self, "tile-flagged" if tile.flagged else "tile")
        self.setEnabled(tile.criteria is not None or tile.kind in _ALWAYS)
        words = f"{tile.label}: {tile.text}"
        if tile.flagged:
            words += ", far outside what is usual for these hours"
        self.setAccessibleName(f"{words}. {tile.usual}" if tile.usual else words)
        tip = "Show these messages in the search" if tile.criteria is not None else tile.label
        if tile.flagged:
            tip = f"Far outside the same hours of the last four same weekdays. {tip}"
        self.setToolTip(tip)

    def _clicked(self) -> None:
        if self.tile is not None:
            self.sig_chosen.emit(self.tile)


# Tiles without a search behind them still open their list (the quarantine tab).
_ALWAYS = frozenset({TileKind.QUARANTINES, TileKind.PENDING})


class TileGrid(QWidget):
    """The tiles in one row where they fit at their least width, else in two rows of four, so
    the Overview (and with it the window) fits a 1024 px screen. GUI thread only."""

    def __init__(self, tiles: list[TileButton], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tiles = tiles
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(_SPACING)
        self.per_row = 0
        self._arrange(len(tiles))

    def minimumSizeHint(self) -> QSize:
        rows = -(-len(self._tiles) // _NARROW_ROW)
        return QSize(_TILE_WIDTH * _NARROW_ROW + _SPACING * (_NARROW_ROW - 1), 84 * rows)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        count = len(self._tiles)
        one_row = _TILE_WIDTH * count + _SPACING * (count - 1)
        self._arrange(count if event.size().width() >= one_row else _NARROW_ROW)

    def _arrange(self, per_row: int) -> None:
        if per_row == self.per_row:
            return
        self.per_row = per_row
        for index, tile in enumerate(self._tiles):
            self._grid.addWidget(tile, index // per_row, index % per_row)
