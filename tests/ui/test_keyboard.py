"""The main flow key by key, without a mouse (issue #17, 5), and the names screen readers say."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.help import ShortcutsDialog
from desktop.ui.main_window import MESSAGES_TAB, OVERVIEW_TAB, QUARANTINE_TAB, MainWindow
from tests.ui.seed import JAN, Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def window(
    qtbot: QtBot, runner: TaskRunner, database: Database, seeded: Seeded
) -> Iterator[MainWindow]:
    main = MainWindow(DatabaseTasks(runner, database.unit_of_work), "Sanne", "en")
    qtbot.addWidget(main)
    main.resize(1024, 700)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    main.start()
    qtbot.waitUntil(lambda: main.search.model.rowCount() > 0)
    yield main
    main.quarantine.toast.undo()
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def key(qtbot: QtBot, keys: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    target = focused()
    assert target is not None, "nothing has the keyboard"
    if modifier is None:
        qtbot.keyClick(target, keys)
    else:
        qtbot.keyClick(target, keys, modifier)


CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_main_flow_key_by_key(qtbot: QtBot, window: MainWindow) -> None:
    search, details = window.search, window.details
    key(qtbot, Qt.Key.Key_F, CTRL)  # Ctrl+F: the search field
    assert focused() is search.query
    qtbot.keyClicks(search.query, JAN)
    key(qtbot, Qt.Key.Key_Return)  # Enter searches and moves into the results
    assert focused() is search.table
    qtbot.waitUntil(lambda: search.model.rowCount() == 5 and search.table.currentIndex().isValid())
    key(qtbot, Qt.Key.Key_Return)  # Enter opens the message
    qtbot.waitUntil(lambda: details.details is not None)
    assert details.details is not None and details.details.message.recipient == JAN

    window.search_in_tab()
    key(qtbot, Qt.Key.Key_Down)  # Down also goes from the field into the results
    assert focused() is search.table
    key(qtbot, Qt.Key.Key_Tab)  # Tab leaves the table for the details pane, not cell by cell
    assert details.isAncestorOf(focused())

    key(qtbot, Qt.Key.Key_Tab, CTRL)  # Ctrl+Tab from anywhere: the next tab
    assert window.tabs.currentIndex() == QUARANTINE_TAB
    key(qtbot, Qt.Key.Key_F, CTRL)  # Ctrl+F searches within this tab: the quarantine filter
    assert focused() is window.quarantine.filter
    qtbot.keyClicks(window.quarantine.filter, "nobody-here")
    key(qtbot, Qt.Key.Key_Escape)  # Escape clears the filter
    assert window.quarantine.filter.text() == ""
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # Ctrl+PgDown: round to the first tab, the overview
    assert window.tabs.currentIndex() == OVERVIEW_TAB
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # and on to the messages again
    assert window.tabs.currentIndex() == MESSAGES_TAB

    window.search_in_tab()
    key(qtbot, Qt.Key.Key_Escape)  # Escape in the search field clears the search
    assert search.query.text() == ""

    search.since.setFocus()  # the date fields do not trap Tab
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is search.until
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is search.export_button


def test_f1_shows_the_shortcuts_and_the_help_menu_has_about(
    qtbot: QtBot, window: MainWindow
) -> None:
    key(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(isinstance(w, ShortcutsDialog) for w in window.children()))
    dialog = next(w for w in window.children() if isinstance(w, ShortcutsDialog))
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Ctrl+Tab / Ctrl+PgDown" in keys and "F1" in keys
    dialog.close()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions()] == ["&Keyboard shortcuts", "&About Bounce Desk"]


def test_every_interactive_widget_has_an_accessible_name(window: MainWindow) -> None:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)
    unnamed = []
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        for widget in window.findChildren(QWidget):
            if not isinstance(widget, kinds) or not widget.isVisibleTo(window):
                continue
            if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue  # headers and scroll bars: the keyboard does not stop there
            if isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # a combo's or date field's own line edit: the field has the name
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()} {text}")
    assert unnamed == []
