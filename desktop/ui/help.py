"""The Help menu's windows: the keyboard shortcuts overview (F1) and About."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


def shortcuts() -> list[tuple[str, str]]:
    """(keys, what they do): the whole main flow without a mouse."""
    return [
        ("Ctrl+F", _tr("Search within the current tab (the search field or the filter)")),
        ("Down / Enter", _tr("From the search field into the results")),
        ("Enter", _tr("Open the selected message in the details")),
        ("Tab / Shift+Tab", _tr("Next / previous part: filters, results, details and buttons")),
        ("Ctrl+Tab / Ctrl+PgDown", _tr("Next tab (Messages, Quarantine)")),
        ("Ctrl+Shift+Tab / Ctrl+PgUp", _tr("Previous tab")),
        ("Escape", _tr("Clear the filter you are typing in; else back to the results")),
        ("Ctrl+C", _tr("Copy the address of the selected message")),
        ("Ctrl+Shift+C", _tr("Copy the explanation for the client (language from Settings)")),
        ("F5", _tr("Refresh")),
        ("F1", _tr("This overview")),
        ("Ctrl+Q", _tr("Quit")),
    ]


class ShortcutsDialog(QDialog):
    """A two-column table of the keyboard shortcuts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Keyboard shortcuts"))
        rows = shortcuts()
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(_tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_tr("Keys"), _tr("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        for row, (keys, meaning) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(meaning))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 440)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def app_version() -> str:
    try:
        return version("bouncedesk")
    except PackageNotFoundError:
        return "development"


def show_about(parent: QWidget, database: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(_tr("About Bounce Desk"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        _tr("Bounce Desk {0}").format(app_version())
        + "\n\n"
        + _tr("Look up failed messages, explain bounces, quarantine and release addresses.")
        + "\n\n"
        + _tr("Database: {0}").format(database or _tr("none"))
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
