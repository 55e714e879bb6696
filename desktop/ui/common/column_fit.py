"""Keeps a table's columns within its width, so it never scrolls sideways at 1024 px."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QTableView
from shiboken6 import isValid

LEAST_WIDTH = 48  # a column is never squeezed below this; its text is elided instead


def shared(room: int, shares: dict[int, int], least: int = LEAST_WIDTH) -> dict[int, int]:
    """`room` split in proportion to `shares`, none below `least`: a column that would fall
    below it gets the least, and the others share what is left."""
    widths: dict[int, int] = {}
    open_shares = dict(shares)
    while open_shares:
        total = sum(open_shares.values()) or 1
        narrow = {c for c, share in open_shares.items() if room * share // total < least}
        if not narrow:
            widths |= {c: room * share // total for c, share in open_shares.items()}
            break
        for column in narrow:
            widths[column] = least
            room = max(room - least, 0)
            del open_shares[column]
    return widths


class ColumnFit(QObject):
    """Fits a table's columns to its viewport: the columns not in `shares` keep their width,
    the shown ones in it share the rest in proportion, down to the least width.

    Refits whenever the viewport changes size (window, splitter, a scroll bar coming or
    going). A column the user drags keeps its new width as its share. GUI thread only.
    """

    def __init__(self, table: QTableView, shares: dict[int, int]) -> None:
        super().__init__(table)
        self._table = table
        self._shares = dict(shares)
        self._fitting = False
        header = table.horizontalHeader()
        header.setMinimumSectionSize(LEAST_WIDTH)
        header.setStretchLastSection(True)  # the last column takes any rounding left over
        table.setTextElideMode(Qt.TextElideMode.ElideRight)  # the model gives the tooltips
        for column, width in self._shares.items():
            header.resizeSection(column, max(width, LEAST_WIDTH))
        header.sectionResized.connect(self._resized)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)

    def set_share(self, column: int, share: int) -> None:
        """Change one column's share (0: the least width, for a column with nothing in it)."""
        if self._shares.get(column) != share:
            self._shares[column] = share
            self.fit()

    def adopt_widths(self) -> None:
        """The header's saved state was put back: its widths are the shares from now on."""
        header = self._table.horizontalHeader()
        for column in self._shares:
            if header.sectionSize(column) > 0:
                self._shares[column] = header.sectionSize(column)
        self.fit()

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        room = self._table.viewport().width()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        flexible = {c: self._shares[c] for c in shown if c in self._shares}
        if room <= 0 or not flexible:
            return
        fixed = sum(header.sectionSize(c) for c in shown if c not in self._shares)
        self._fitting = True
        try:
            for column, width in shared(max(room - fixed, 0), flexible).items():
                header.resizeSection(column, width)
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Checked first: a table being destroyed still sends its viewport's last events.
        if (
            event.type() == QEvent.Type.Resize
            and watched is self._viewport
            and isValid(self._table)
        ):
            self.fit()
        return False

    def _resized(self, column: int, _old: int, new: int) -> None:
        # Only a drag counts: the header resizes its stretched last section by itself too.
        dragged = QApplication.mouseButtons() & Qt.MouseButton.LeftButton
        if dragged and not self._fitting and column in self._shares and new > 0:
            self._shares[column] = new  # kept as its share when the window resizes
