"""Small dialogs with an `ask()` class method (tests answer them): crash, start-up problem, demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def show_crash(summary: str, log_file: Path) -> None:
    """Tell the user a bug happened and where its log is; the app keeps running when it can."""
    if QApplication.instance() is None:
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Bounce Desk ran into a bug")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        "Something went wrong inside Bounce Desk. Nothing you saved is lost.\n\n"
        f"{summary}\n\nThe details are in the log file:\n{log_file}\n"
        "Please send it to the team that maintains Bounce Desk."
    )
    box.exec()


class StartupProblemDialog(QMessageBox):
    """The database could not be opened: say why and offer a way forward."""

    RETRY, SETTINGS, LOCAL, QUIT = "retry", "settings", "local", "quit"

    def __init__(self, problem: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Bounce Desk cannot open its database")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"{problem}\n\nDatabase: {url}")
        self.setInformativeText(
            "Check that the database server is running and reachable, or change the database "
            "in Settings. You can also work on the local database on this computer."
        )
        self._choices = [
            (self.addButton("Retry", QMessageBox.ButtonRole.AcceptRole), self.RETRY),
            (self.addButton("Settings…", QMessageBox.ButtonRole.ActionRole), self.SETTINGS),
            (self.addButton("Use local database", QMessageBox.ButtonRole.ActionRole), self.LOCAL),
            (self.addButton("Quit", QMessageBox.ButtonRole.RejectRole), self.QUIT),
        ]

    def choice(self) -> str:
        clicked = self.clickedButton()
        return next((name for button, name in self._choices if button is clicked), self.QUIT)

    @classmethod
    def ask(cls, problem: str, url: str, parent: QWidget | None = None) -> str:
        dialog = cls(problem, url, parent)
        dialog.exec()
        return dialog.choice()


class DemoOfferDialog(QMessageBox):
    """A first start on an empty local database: offer demo data to look around."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Welcome to Bounce Desk")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText("The local database is empty.")
        self.setInformativeText(
            "Fill it with demo data (a few thousand realistic messages, bounces and "
            "quarantines) to try Bounce Desk? You can import real feeds later."
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.button(QMessageBox.StandardButton.Yes).setText("Add demo data")
        self.button(QMessageBox.StandardButton.No).setText("Start empty")

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> bool:
        return cls(parent).exec() == QMessageBox.StandardButton.Yes
