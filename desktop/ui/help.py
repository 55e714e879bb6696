"""The Help menu's windows: the keyboard shortcuts overview (F1) and About."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import Qt
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

from desktop.ui.common.i18n import translate


def shortcuts() -> list[tuple[str, str]]:
    """(keys, what they do): the whole main flow without a mouse."""
    return [
        (
            "Ctrl+F",
            translate("Help", "Search within the current tab (the search field or the filter)"),
        ),
        ("Down / Enter", translate("Help", "From the search field into the results")),
        ("Enter", translate("Help", "Open the selected message in the details")),
        (
            "Tab / Shift+Tab",
            translate("Help", "Next / previous part: filters, results, details and buttons"),
        ),
        ("Ctrl+Tab / Ctrl+PgDown", translate("Help", "Next tab (Overview, Messages, Quarantine)")),
        ("Ctrl+Shift+Tab / Ctrl+PgUp", translate("Help", "Previous tab")),
        (
            "Escape",
            translate("Help", "Clear the filter you are typing in; else back to the results"),
        ),
        ("Ctrl+C", translate("Help", "Copy the address of the selected message")),
        (
            "Ctrl+Shift+C",
            translate("Help", "Copy the explanation for the client (language from Settings)"),
        ),
        ("F5", translate("Help", "Refresh")),
        ("F1", translate("Help", "This overview")),
        ("Ctrl+Q", translate("Help", "Quit")),
    ]


class ShortcutsDialog(QDialog):
    """A two-column table of the keyboard shortcuts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "Keyboard shortcuts"))
        rows = shortcuts()
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(translate("Help", "Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [translate("Help", "Keys"), translate("Help", "What they do")]
        )
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
    box.setWindowTitle(translate("Help", "About Bounce Desk"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        translate("Help", "Bounce Desk {0}").format(app_version())
        + "\n\n"
        + translate(
            "Help", "Look up failed messages, explain bounces, quarantine and release addresses."
        )
        + "\n\n"
        + translate("Help", "Database: {0}").format(database or translate("Help", "none"))
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
