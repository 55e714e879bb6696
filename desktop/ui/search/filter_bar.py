"""The filter row under the search field: one line when it fits, two when the window is narrow."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget


class FilterBar(QWidget):
    """Captioned filter widgets in groups; the groups share a line while it is wide enough.

    Each group is a widget of its own, so moving it between lines never re-parents a filter.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[QWidget] = []
        self._first = QHBoxLayout()
        self._second = QHBoxLayout()
        for line in (self._first, self._second):
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(10)
        layout = QVBoxLayout(self)
        # The bar's width is not the one-line width: it may wrap (see minimumSizeHint).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self._first)
        layout.addLayout(self._second)
        self._split: int | None = None  # the group the second line starts at, None: one line

    def add_group(self, *items: tuple[str, QWidget] | QWidget) -> None:
        """A group of (caption, widget) pairs or bare widgets, kept together on one line."""
        group = QWidget(self)
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for item in items:
            if isinstance(item, tuple):
                caption, widget = item
                label = QLabel(caption)
                label.setBuddy(widget)
                row.addWidget(label)
                row.addWidget(widget)
            else:
                row.addWidget(item)
        self._groups.append(group)
        self._place(None)

    def one_line_width(self) -> int:
        spacing = self._first.spacing() * max(0, len(self._groups) - 1)
        return sum(g.sizeHint().width() for g in self._groups) + spacing

    def minimumSizeHint(self) -> QSize:
        widest = max((g.minimumSizeHint().width() for g in self._groups), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def is_one_line(self) -> bool:
        return self._split is None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = None if event.size().width() >= self.one_line_width() else len(self._groups) // 2
        if wanted != self._split:
            self._place(wanted)

    def _place(self, split: int | None) -> None:
        self._split = split
        for line in (self._first, self._second):
            while line.count():
                line.takeAt(0)  # the groups stay; only their places are taken away
        for number, group in enumerate(self._groups):
            line = self._second if split is not None and number >= split else self._first
            line.addWidget(group)
        self._first.addStretch(1)
        self._second.addStretch(1)
