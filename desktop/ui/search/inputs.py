"""The search screen's date filters: typed ISO dates, a calendar at today, Tab that leaves."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget


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
            # The year section of today's date, selected: the typed digits replace it, and
            # "-" steps on to the month and the day as in any date field.
            self.setDate(QDate.currentDate())
            self.setSelectedSection(QDateTimeEdit.Section.YearSection)
        elif event.text() in ("-", "/") and self.date() != self._empty:
            self._next_section()
            return
        super().keyPressEvent(event)

    def _next_section(self) -> None:
        """A typed separator: on to the month or day after the section being typed in (a
        section already left by typing it full stays where it is)."""
        edit = self.lineEdit()
        at = edit.selectionStart() if edit.hasSelectedText() else edit.cursorPosition()
        text = edit.text()
        done = text[:at].count("-")
        if at and text[at - 1] != "-":
            done += 1  # the cursor is still inside the section just typed
        order = (
            QDateTimeEdit.Section.YearSection,
            QDateTimeEdit.Section.MonthSection,
            QDateTimeEdit.Section.DaySection,
        )
        self.setSelectedSection(order[min(done, len(order) - 1)])
