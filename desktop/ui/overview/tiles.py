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

from desktop.services.overview import Tile, TileKind
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, number, translate
from desktop.ui.common.style import set_role

_TILE_WIDTH, _SPACING, _NARROW_ROW = 132, 8, 4  # least tile width, gap, tiles per row when narrow
_LABELS = {
    TileKind.SENT: QT_TRANSLATE_NOOP("TileButton", "Sent"),
    TileKind.DELIVERED: QT_TRANSLATE_NOOP("TileButton", "Delivered"),
    TileKind.HARD: QT_TRANSLATE_NOOP("TileButton", "Hard bounces"),
    TileKind.SOFT: QT_TRANSLATE_NOOP("TileButton", "Soft bounces"),
    TileKind.DELAYED: QT_TRANSLATE_NOOP("TileButton", "Delayed"),
    TileKind.COMPLAINTS: QT_TRANSLATE_NOOP("TileButton", "Complaints"),
    TileKind.QUARANTINES: QT_TRANSLATE_NOOP("TileButton", "New quarantines"),
    TileKind.PENDING: QT_TRANSLATE_NOOP("TileButton", "Pending requests"),
}


def tile_label(tile: Tile) -> str:
    return translate("TileButton", _LABELS[tile.kind])


def _figure(value: float, percent: bool) -> str:
    return f"{number(value, 1)}%" if percent else number(round(value))


def tile_text(tile: Tile) -> str:
    """The figure in the UI's locale: 12.345 or 97,3% in Dutch; a share of nothing is a dash."""
    if tile.value is None:
        return "–"
    return _figure(tile.value, tile.kind is TileKind.DELIVERED)


def tile_usual(tile: Tile) -> str:
    """What the same hours of earlier weeks held: 'usually 12–20'."""
    if not tile.history:
        return ""
    percent = tile.kind is TileKind.DELIVERED
    low, high = _figure(min(tile.history), percent), _figure(max(tile.history), percent)
    if low == high:
        return translate("TileButton", "usually {0}").format(low)
    return translate("TileButton", "usually {0}–{1}").format(low, high)


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
        # Named from the start: the figures arrive from a worker a moment later.
        self.caption.setText(translate("TileButton", _LABELS[kind]))
        self.setAccessibleName(self.caption.text())
        self.clicked.connect(self._clicked)

    def set_tile(self, tile: Tile) -> None:
        self.tile = tile
        label, usual = tile_label(tile), tile_usual(tile)
        self.caption.setText(label)
        self.value.setText(tile_text(tile))
        # A share of no mail is not 0%: say why there is no figure.
        note = self.tr("no mail sent") if tile.value is None else usual
        if tile.flagged:
            note = f"⚠ {note}" if note else "⚠ " + self.tr("unusual")
        self.usual.setText(note)
        set_role(self, "tile-flagged" if tile.flagged else "tile")
        self.setEnabled(tile.criteria is not None or tile.kind in _ALWAYS)
        shown = tile_text(tile) if tile.value is not None else self.tr("no mail sent")
        words = f"{label}: {shown}"
        if tile.flagged:
            words += self.tr(", far outside what is usual for these hours")
        self.setAccessibleName(f"{words}. {usual}" if usual else words)
        tip = self.tr("Show these messages in the search") if tile.criteria is not None else label
        if tile.flagged:
            tip = self.tr("Far outside the same hours of the last four same weekdays.") + " " + tip
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
