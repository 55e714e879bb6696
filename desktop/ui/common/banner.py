"""Non-blocking notices: the lost-connection banner with Retry, and the undo toast."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class ConnectionBanner(QFrame):
    """Shown across the window while the database is unreachable; never blocks typing."""

    sig_retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setAccessibleName(self.tr("Database connection lost"))
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry the database connection"))
        self.retry_button.clicked.connect(self.sig_retry.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry_button)
        self.hide()

    def show_problem(self, detail: str) -> None:
        self.text.setText(
            self.tr(
                "The database is not answering. Your work is kept; Bounce Desk retries on its "
                "own every few seconds.  ({detail})"
            ).format(detail=detail)
        )
        self.retry_button.setEnabled(True)
        self.show()

    def retrying(self) -> None:
        self.retry_button.setEnabled(False)

    def retry_failed(self) -> None:
        self.retry_button.setEnabled(True)


class UndoToast(QFrame):
    """'Release requested — Undo' for a few seconds; the action runs only if not undone."""

    sig_expired = Signal()
    sig_undone = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoToast")
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)  # the release preview can be a long line
        self._holding = False  # shown, waiting for what to say before the countdown starts
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo"))
        self.undo_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.undo_button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.undo_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self.hide()

    def hold(self, text: str) -> None:
        """Show `text` with Undo, without counting down yet (`start` does)."""
        if self._timer.isActive():  # a previous action still waiting: send it now
            self._expire()
        self._holding = True
        self.text.setText(text)
        self.show()

    def start(self, text: str, seconds: float = 5.0) -> None:
        if self._timer.isActive():  # a previous action still waiting: send it now
            self._expire()
        self._holding = False
        self.text.setText(text)
        self._timer.start(int(seconds * 1000))
        self.show()

    def is_pending(self) -> bool:
        return self._holding or self._timer.isActive()

    def undo(self) -> None:
        if self.is_pending():
            self.dismiss()
            self.sig_undone.emit()

    def dismiss(self) -> None:
        """Hide without running the action or saying it was undone."""
        self._holding = False
        self._timer.stop()
        self.hide()

    def flush(self) -> None:
        """Send a waiting action at once (the window is closing); a held one is dropped,
        since its user never saw what it would do."""
        if self._timer.isActive():
            self._expire()
        else:
            self.dismiss()

    def _expire(self) -> None:
        self._holding = False
        self._timer.stop()
        self.hide()
        self.sig_expired.emit()
