"""The first start asks who the agent is, before anything is written in their name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class AgentNameDialog(QDialog):
    """One field, prefilled with the login name; OK is possible only with a name typed."""

    def __init__(self, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Bounce Desk"))
        intro = QLabel(
            self.tr(
                "What is your name? It is written into the audit log with every release, "
                "approval and import you do, so your team knows who did what. "
                "You can change it later in Settings."
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.name = QLineEdit(suggested)
        self.name.setAccessibleName(self.tr("Your name"))
        self.name.selectAll()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.name.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self.resize(460, 160)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def chosen(self) -> str:
        return self.name.text().strip()

    @classmethod
    def ask(cls, suggested: str, parent: QWidget | None = None) -> str:
        """The name typed; the suggestion when the dialog was closed without one."""
        dialog = cls(suggested, parent)
        dialog.exec()
        return dialog.chosen() or suggested
