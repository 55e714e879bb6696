"""The search screen's date filters: typed ISO dates, a calendar at today, Tab that leaves."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget


class DateFilterEdit(QDateEdit):
    """A date filter that takes typed ISO dates, opens its calendar at today while empty, and
    lets Tab leave (a date edit otherwise moves Tab between its year, month and day)."""

    def __init__(self, empty: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty = empty  # the minimum date, shown as "any"

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.date() == self._empty:  # "any": the calendar opens at this month, not at 2000
            calendar = self.calendarWidget()
            today = QDate.currentDate()
            super().mousePressEvent(event)
            calendar.setCurrentPage(today.year(), today.month())
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # "any" has no sections to type into: the first digit starts a whole typed date.
        if self.date() == self._empty and event.text().isdigit():
            self.lineEdit().setText(event.text())
            self.lineEdit().setCursorPosition(1)
            return
        super().keyPressEvent(event)
