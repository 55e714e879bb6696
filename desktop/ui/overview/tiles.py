"""Today's tiles: a figure, what is usual for these hours, and a flag when it is far outside."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.services.overview import Tile, TileKind

_FLAG_STYLE = "QPushButton#overviewTile { border: 2px solid #d0413a; border-radius: 6px; }"
_PLAIN_STYLE = "QPushButton#overviewTile { border: 1px solid palette(mid); border-radius: 6px; }"


class TileButton(QPushButton):
    """One tile; clicking it asks for the messages behind it. GUI thread only."""

    sig_chosen = Signal(object)  # Tile

    def __init__(self, kind: TileKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.tile: Tile | None = None
        self.setObjectName("overviewTile")
        self.setMinimumSize(132, 84)
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
        self.setStyleSheet(_PLAIN_STYLE)
        self.clicked.connect(self._clicked)

    def set_tile(self, tile: Tile) -> None:
        self.tile = tile
        self.caption.setText(tile.label)
        self.value.setText(tile.text)
        note = tile.usual
        if tile.flagged:
            note = f"⚠ {note}" if note else "⚠ unusual"
        self.usual.setText(note)
        self.setStyleSheet(_FLAG_STYLE if tile.flagged else _PLAIN_STYLE)
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
