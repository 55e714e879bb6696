"""The main window's keyboard: shortcuts that work from anywhere, Escape, tab switching."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

OVERVIEW_TAB, MESSAGES_TAB, QUARANTINE_TAB = 0, 1, 2


def bind_shortcuts(window: MainWindow) -> None:
    def bind(keys: str, slot: Callable[[], object]) -> None:
        QShortcut(QKeySequence(keys), window).activated.connect(slot)

    bind("Ctrl+F", window.search_in_tab)
    bind("Ctrl+Shift+C", window.copy_explanation)
    bind("Escape", window.go_back)
    # Tabs switch from anywhere, whatever has the focus (a table would keep Ctrl+Tab).
    for keys, step in (
        ("Ctrl+Tab", 1),
        ("Ctrl+PgDown", 1),
        ("Ctrl+Shift+Tab", -1),
        ("Ctrl+PgUp", -1),
    ):
        bind(keys, partial(window.next_tab, step))


def search_in_tab(window: MainWindow) -> None:
    """Ctrl+F: the search field of the tab in view (the quarantine tab's filter)."""
    if window.tabs.currentIndex() == QUARANTINE_TAB:
        window.quarantine.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        window.quarantine.filter.selectAll()
    else:
        window.focus_search()


def next_tab(window: MainWindow, step: int) -> None:
    tabs = window.tabs
    tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())
    # The focus goes to the tab's list, where the keyboard can carry on.
    if tabs.currentIndex() == QUARANTINE_TAB:
        window.quarantine.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
    else:
        window.search.table.setFocus(Qt.FocusReason.ShortcutFocusReason)


def go_back(window: MainWindow) -> None:
    """Escape: clear the filter being typed in; else back to the results (and the field)."""
    focused = QApplication.focusWidget()
    quarantine, search = window.quarantine, window.search
    if focused is quarantine.filter and quarantine.filter.text():
        quarantine.filter.clear()
        return
    if focused is search.query and search.query.text():
        search.query.clear()
        search.run_search()
        return
    if window.tabs.currentIndex() != MESSAGES_TAB:
        window.tabs.setCurrentIndex(MESSAGES_TAB)
    elif search.table.hasFocus():
        search.focus_search()
    else:
        search.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
