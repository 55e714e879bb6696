"""The vertical event timeline: one row per event, the server's text plain and selectable."""

from __future__ import annotations

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
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Event
from desktop.ui.look import ago, local_time, reason_label, status_colour, status_icon, status_label

_RAIL = 28  # width of the icon column the rail runs through
ROWS_PER_SLICE = 4  # events built per turn of the event loop, so long timelines never stall it


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


def deciding_span(event: Event) -> tuple[int, int] | None:
    """Where in the diagnostic the phrase that decided the reason is, when it is there."""
    if not event.diagnostic:
        return None
    # Imported on first use: compiling the classifier's phrase tables slows the cold start.
    from desktop.domain.reasons import classify

    verdict = classify(event.diagnostic, event.status, event.reply_code)
    evidence = verdict.evidence
    if evidence is None or evidence.start is None or evidence.end is None:
        return None
    if not 0 <= evidence.start < evidence.end <= len(event.diagnostic):
        return None
    return evidence.start, evidence.end


class ServerText(QPlainTextEdit):
    """A remote server's words: untrusted, so plain text only; read-only but selectable."""

    def __init__(self, text: str, highlight: tuple[int, int] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setPlainText(text)
        self.setAccessibleName("Remote server text")
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
            self.setExtraSelections([selection])
            self.setToolTip("Highlighted: the words that decided the reason")

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
    """One event: icon on the rail, type and time, codes and host, the server's text."""

    def __init__(
        self, event: Event, now: datetime, last: bool, causing: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._colour = status_colour(event.type.value)
        self._last = last
        self.shown_event = event
        self.setAccessibleName(f"Event {status_label(event.type.value)}")

        icon = QLabel()
        icon.setPixmap(status_icon(event.type.value, 20).pixmap(20, 20))
        icon.setFixedWidth(_RAIL)
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

        # Colours by palette and fonts, never style sheets: polishing style-sheeted labels
        # made opening a message stall the GUI thread.
        title = QLabel(status_label(event.type.value))
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setFont(_bold_font())
        _tinted(title, QPalette.ColorRole.WindowText, self._colour.darker(110))
        when = QLabel(f"{local_time(event.at, seconds=True)}  ·  {ago(event.at, now)}")
        _tinted(
            when,
            QPalette.ColorRole.WindowText,
            when.palette().color(QPalette.ColorRole.PlaceholderText),
        )
        when.setTextFormat(Qt.TextFormat.PlainText)
        when.setToolTip(f"{event.at.isoformat()} (UTC)")
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(title)
        if causing:
            tag = CauseTag("caused the quarantine")
            top.addWidget(tag)
        top.addStretch(1)

        body = QVBoxLayout()
        body.setSpacing(3)
        body.addLayout(top)
        body.addWidget(when)
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
        if facts:
            codes = QLabel("  ·  ".join(facts))
            codes.setTextFormat(Qt.TextFormat.PlainText)
            codes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            codes.setFont(_fixed_font())
            codes.setWordWrap(True)
            body.addWidget(codes)
        self.server_text: ServerText | None = None
        if event.diagnostic:
            self.server_text = ServerText(event.diagnostic, deciding_span(event))
            body.addWidget(self.server_text)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 10)
        row.setSpacing(8)
        row.addWidget(icon)
        row.addLayout(body, 1)

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
    """All events of one message, oldest first. GUI thread; built a few rows per turn."""

    sig_grown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Event timeline")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.rows: list[EventRow] = []
        self._queue: list[tuple[Event, bool]] = []
        self._now = datetime.now().astimezone()
        self._total = 0

    def is_complete(self) -> bool:
        return not self._queue

    def show_events(self, events: list[Event], now: datetime, causing: set[int]) -> None:
        """Replace the rows; the first few appear at once, the rest over the next turns."""
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()  # at once: deferred deletion waits for the event loop
                widget.setParent(None)
                widget.deleteLater()
        self.rows = []
        self._now = now
        self._total = len(events)
        self._queue = [(event, event.id in causing) for event in events]
        self._build_slice()

    def _build_slice(self) -> None:
        batch, self._queue = self._queue[:ROWS_PER_SLICE], self._queue[ROWS_PER_SLICE:]
        for event, causing in batch:
            last = len(self.rows) == self._total - 1
            row = EventRow(event, self._now, last, causing)
            self.rows.append(row)
            self._layout.addWidget(row)
        if self._queue:
            QTimer.singleShot(0, self, self._build_slice)
        self.sig_grown.emit()
