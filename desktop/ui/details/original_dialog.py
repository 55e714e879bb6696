"""'Show original': one event's raw record as plain text, the deciding phrase highlighted."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.originals import OriginalView
from desktop.ui.common.style import local_time, set_role, status_label

_HIGHLIGHT = QColor("#ffe58a")


class OriginalDialog(QDialog):
    """Shows an `OriginalView`. GUI thread. The record came from outside: plain text only."""

    sig_copied = Signal(str)  # what was put on the clipboard, for the status bar

    def __init__(self, view: OriginalView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        record = view.record
        self.setWindowTitle(self.tr("Original record: {0}").format(status_label(record.type.value)))
        self.setAccessibleName(self.tr("Original record"))
        self.resize(760, 520)

        source = record.source or self.tr("no source recorded")  # lupdate skips f-strings
        title = QLabel(
            f"{status_label(record.type.value)}  ·  {local_time(record.at, seconds=True)}"
            f"  ·  {source}"
        )
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        set_role(title, "strong")

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Original record text"))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(
            view.text or self.tr("(no original record is stored for this event)")
        )
        self._mark(view.highlight)

        self.phrase = QLabel()
        self.phrase.setTextFormat(Qt.TextFormat.PlainText)
        self.phrase.setWordWrap(True)
        if view.highlight is not None:
            start, end = view.highlight
            phrase = " ".join(view.text[start:end].split())
            self.phrase.setText(self.tr("Deciding phrase: {0}").format(phrase))
        self.phrase.setVisible(view.highlight is not None)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self.tr("Copy for escalation"))
        self.copy_button.setToolTip(
            self.tr(
                "Time, remote host, reply, enhanced code and our Message-ID, for the receiving"
                " provider's postmaster form"
            )
        )
        self.copy_button.setEnabled(bool(view.escalation))
        self.copy_button.clicked.connect(self.copy_for_escalation)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.phrase)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def _mark(self, span: tuple[int, int] | None) -> None:
        if span is None:
            return
        start, end = span
        selection = QTextEdit.ExtraSelection()
        text_format = QTextCharFormat()
        text_format.setBackground(_HIGHLIGHT)
        text_format.setForeground(QColor("black"))
        selection.format = text_format
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        self.text.setExtraSelections([selection])
        shown = QTextCursor(self.text.document())
        shown.setPosition(start)
        self.text.setTextCursor(shown)
        self.text.ensureCursorVisible()

    def copy_for_escalation(self) -> bool:
        if not self.view.escalation:
            return False
        QGuiApplication.clipboard().setText(self.view.escalation)
        self.sig_copied.emit(self.tr("Copied the technical details for escalation"))
        return True
