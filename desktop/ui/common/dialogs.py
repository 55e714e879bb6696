"""Small dialogs with an `ask()` class method (tests answer them): crash, start-up problem, demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.ui.common.i18n import translate


def show_crash(summary: str, log_file: Path) -> None:
    """Tell the user a bug happened and where its log is; the app keeps running when it can."""
    if QApplication.instance() is None:
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(translate("CrashDialog", "Bounce Desk ran into a bug"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        translate(
            "CrashDialog",
            "Something went wrong inside Bounce Desk. Nothing you saved is lost.\n\n"
            "{summary}\n\nThe details are in the log file:\n{log_file}\n"
            "Please send it to the team that maintains Bounce Desk.",
        ).format(summary=summary, log_file=log_file)
    )
    box.exec()


class StartupProblemDialog(QMessageBox):
    """The database could not be opened: say why and offer a way forward."""

    RETRY, SETTINGS, LOCAL, QUIT = "retry", "settings", "local", "quit"

    def __init__(self, problem: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Bounce Desk cannot open its database"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(self.tr("{problem}\n\nDatabase: {url}").format(problem=problem, url=url))
        self.setInformativeText(
            self.tr(
                "Check that the database server is running and reachable, or change the "
                "database in Settings. You can also work on the local database on this computer."
            )
        )
        role = QMessageBox.ButtonRole
        self._choices = [
            (self.addButton(self.tr("Retry"), role.AcceptRole), self.RETRY),
            (self.addButton(self.tr("Settings…"), role.ActionRole), self.SETTINGS),
            (self.addButton(self.tr("Use local database"), role.ActionRole), self.LOCAL),
            (self.addButton(self.tr("Quit"), role.RejectRole), self.QUIT),
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
        self.setWindowTitle(self.tr("Welcome to Bounce Desk"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(self.tr("The local database is empty."))
        self.setInformativeText(
            self.tr(
                "Fill it with demo data (a few thousand realistic messages, bounces and "
                "quarantines) to try Bounce Desk? You can import real feeds later."
            )
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("Add demo data"))
        self.button(QMessageBox.StandardButton.No).setText(self.tr("Start empty"))

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> bool:
        return cls(parent).exec() == QMessageBox.StandardButton.Yes
