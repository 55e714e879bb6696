"""The vertical event timeline: one row per event, the server's text plain and selectable."""

from __future__ import annotations

import time
from datetime import datetime
from functools import cache

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Event, EventType
from desktop.ui.common.style import (
    ago,
    local_time,
    reason_label,
    status_colour,
    status_icon,
    status_label,
)

_RAIL = 28  # width of the icon column the rail runs through
_DESK_EVENTS = frozenset({EventType.QUARANTINED, EventType.RELEASED, EventType.REJECTED})
SLICE_SECONDS = 0.006  # rows are filled for this long per turn of the event loop, at least one


@cache
def _fixed_font() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


@cache
def _bold_font() -> QFont:
    font = QFont()
    font.setWeight(QFont.Weight.DemiBold)
    return font


def _tinted(widget: QWidget, role: QPalette.ColorRole, colour: QColor) -> None:
    palette = widget.palette()
    palette.setColor(role, colour)
    widget.setPalette(palette)


class CauseTag(QLabel):
    """A small purple pill: "caused the quarantine". Painted, not style-sheeted (speed)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.font())
        font.setPixelSize(11)
        self.setFont(font)
        self.setContentsMargins(7, 0, 7, 0)
        _tinted(self, QPalette.ColorRole.WindowText, QColor("white"))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#8e4fc2"))
        radius = self.height() / 2
        painter.drawRoundedRect(self.rect(), radius, radius)
        painter.end()
        super().paintEvent(event)


class ServerText(QPlainTextEdit):
    """A remote server's words: untrusted, so plain text only; read-only but selectable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName(self.tr("Remote server text"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        # Palette and font, not a style sheet: style sheets made every event slow to build.
        self.setFont(_fixed_font())
        _tinted(
            self, QPalette.ColorRole.Base, self.palette().color(QPalette.ColorRole.AlternateBase)
        )
        self.highlighted = ""

    def show_text(self, text: str, highlight: tuple[int, int] | None) -> None:
        self.setPlainText(text)
        self.highlighted = ""
        selections: list[QTextEdit.ExtraSelection] = []
        if highlight is not None:
            start, end = highlight
            self.highlighted = text[start:end]
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(255, 214, 64, 150))
            fmt.setFontWeight(700)
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)
        self.setToolTip(
            self.tr("Highlighted: the words that decided the reason") if selections else ""
        )
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        # Grow to the wrapped text so the timeline, not each event, scrolls.
        lines = 0
        block = self.document().firstBlock()
        while block.isValid():
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        height = lines * self.fontMetrics().lineSpacing() + 12
        if self.height() != height:
            self.setFixedHeight(min(height, 400))


class EventRow(QWidget):
    """One event: icon on the rail, type and time, codes and host, the server's text.

    Built once and refilled for each message shown: creating the child widgets (a text
    edit above all) cost more than everything else in opening a message.
    """

    sig_show_original = Signal(object)  # Event

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = QColor()
        self._last = False
        self.shown_event: Event | None = None

        self._icon = QLabel()
        self._icon.setFixedWidth(_RAIL)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        # Colours by palette and fonts, never style sheets: polishing style-sheeted labels
        # made opening a message stall the GUI thread.
        self._title = QLabel()
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setFont(_bold_font())
        self._when = QLabel()
        _tinted(
            self._when,
            QPalette.ColorRole.WindowText,
            self._when.palette().color(QPalette.ColorRole.PlaceholderText),
        )
        self._when.setTextFormat(Qt.TextFormat.PlainText)
        self._tag = CauseTag(self.tr("caused the quarantine"))
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self._title)
        top.addWidget(self._tag)
        top.addStretch(1)
        self.original_button = QPushButton(self.tr("Show original"))
        self.original_button.setFlat(True)
        self.original_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.original_button.setToolTip(self.tr("The raw log line, DSN mail or webhook record"))
        self.original_button.clicked.connect(self._original_clicked)
        top.addWidget(self.original_button)

        self._codes = QLabel()
        self._codes.setTextFormat(Qt.TextFormat.PlainText)
        self._codes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._codes.setFont(_fixed_font())
        self._codes.setWordWrap(True)
        self._text = ServerText()

        body = QVBoxLayout()
        body.setSpacing(3)
        body.addLayout(top)
        body.addWidget(self._when)
        body.addWidget(self._codes)
        body.addWidget(self._text)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 10)
        row.setSpacing(8)
        row.addWidget(self._icon)
        row.addLayout(body, 1)

    def _original_clicked(self) -> None:
        if self.shown_event is not None:
            self.sig_show_original.emit(self.shown_event)

    @property
    def server_text(self) -> ServerText | None:
        """The server's text of the shown event, when it has one."""
        return self._text if self.shown_event is not None and self.shown_event.diagnostic else None

    def show_event(
        self,
        event: Event,
        now: datetime,
        last: bool,
        causing: bool,
        highlight: tuple[int, int] | None,
    ) -> None:
        self.shown_event = event
        self._last = last
        kind = event.type.value
        self._colour = status_colour(kind)
        self.setAccessibleName(self.tr("Event {0}").format(status_label(kind)))
        self._icon.setPixmap(status_icon(kind, 20).pixmap(20, 20))
        self._title.setText(status_label(kind))
        _tinted(self._title, QPalette.ColorRole.WindowText, self._colour.darker(110))
        self._when.setText(f"{local_time(event.at, seconds=True)}  ·  {ago(event.at, now)}")
        self._when.setToolTip(self.tr("{0} (UTC)").format(event.at.isoformat()))
        self._tag.setVisible(causing)
        # the desk's own events (quarantined, released, rejected) have no original record
        self.original_button.setVisible(event.type not in _DESK_EVENTS)
        facts = [
            part
            for part in (
                str(event.reply_code) if event.reply_code else "",
                event.status or "",
                event.remote_host or "",
                reason_label(event.reason),
            )
            if part
        ]
        self._codes.setText("  ·  ".join(facts))
        self._codes.setVisible(bool(facts))
        if event.diagnostic:
            self._text.show_text(event.diagnostic, highlight)
            self._text.show()
        else:
            self._text.hide()
            self._text.clear()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        # The rail joins this event's icon to the next one.
        if not self._last:
            painter = QPainter(self)
            pen = QPen(QColor(150, 150, 160, 110))
            pen.setWidth(2)
            painter.setPen(pen)
            x = _RAIL // 2
            painter.drawLine(QPoint(x, 24), QPoint(x, self.height()))
            painter.end()
        super().paintEvent(event)


class Timeline(QWidget):
    """All events of one message, oldest first. GUI thread; filled a few rows per turn.

    Rows are kept and refilled from one message to the next (a pool); the extra ones hide.
    """

    sig_grown = Signal()
    sig_show_original = Signal(object)  # Event: the agent asked for its raw record

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Event timeline"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._pool: list[EventRow] = []
        self.rows: list[EventRow] = []  # the rows showing the current message, in order
        self._queue: list[tuple[Event, bool]] = []
        self._spans: dict[int, tuple[int, int]] = {}
        self._now = datetime.now().astimezone()
        self._total = 0
        # A timer object, not QTimer.singleShot(0): that one posts an event, and posted
        # events run back to back, so the slices would still be one long stall.
        self._next_slice = QTimer(self)
        self._next_slice.setSingleShot(True)
        self._next_slice.setInterval(0)
        self._next_slice.timeout.connect(self._fill_slice)

    def is_complete(self) -> bool:
        return not self._queue

    def show_events(
        self,
        events: list[Event],
        now: datetime,
        causing: set[int],
        spans: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        """Replace the rows, filled over the next turns of the event loop.

        Not at once: the rows' layout and painting follow as posted events, which Qt runs
        back to back; filling them too in the same turn made one long stall.
        """
        for row in self._pool[: len(self.rows)]:
            row.hide()
        self.rows = []
        self._now = now
        self._spans = spans or {}
        self._total = len(events)
        self._queue = [(event, event.id in causing) for event in reversed(events)]
        self._next_slice.start()

    def _fill_slice(self) -> None:
        deadline = time.perf_counter() + SLICE_SECONDS
        filled = 0
        while self._queue and (filled == 0 or time.perf_counter() < deadline):
            filled += 1
            event, causing = self._queue.pop()
            index = len(self.rows)
            if index == len(self._pool):
                fresh = EventRow()
                fresh.sig_show_original.connect(self.sig_show_original)
                self._pool.append(fresh)
                self._layout.addWidget(fresh)
            row = self._pool[index]
            row.show_event(
                event, self._now, index == self._total - 1, causing, self._spans.get(event.id)
            )
            row.show()
            self.rows.append(row)
        if self._queue:
            self._next_slice.start()
        self.sig_grown.emit()
