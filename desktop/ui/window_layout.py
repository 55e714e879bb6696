"""The main window's remembered layout (QSettings) and its panes side by side or stacked."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

RESULTS_MIN_WIDTH, DETAILS_MIN_WIDTH = 480, 380  # below both (and a handle): details go below
FIRST_SIZE = QSize(1360, 820)  # a new window's size on a screen with room for it


def first_size(screen: QSize) -> QSize:
    """A new window's size: FIRST_SIZE, but never larger than the screen's free area (a
    1024 × 700 screen showed a window cut off at its right and bottom)."""
    return FIRST_SIZE.boundedTo(screen) if screen.isValid() else FIRST_SIZE


def restore_layout(window: MainWindow, state: QSettings) -> None:
    """Geometry, splitters, the results' columns and the search filters as last saved."""
    geometry = state.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    for key, splitter in (
        ("window/splitter", window.splitter),
        ("window/quarantineSplitter", window.quarantine.splitter),
    ):
        value = state.value(key)
        if isinstance(value, QByteArray):
            splitter.restoreState(value)
    header = state.value("window/resultsHeader")
    if isinstance(header, QByteArray):
        window.search.table.horizontalHeader().restoreState(header)
        window.search.table.widths_restored()
    filters = state.value("search/filters")
    if isinstance(filters, str):
        try:
            loaded = json.loads(filters)
        except ValueError:
            loaded = None
        if isinstance(loaded, dict):
            window.search.restore_filter_state(loaded)


def save_layout(window: MainWindow, state: QSettings) -> None:
    state.setValue("window/geometry", window.saveGeometry())
    state.setValue("window/splitter", window.splitter.saveState())
    state.setValue("window/quarantineSplitter", window.quarantine.splitter.saveState())
    state.setValue("window/resultsHeader", window.search.table.horizontalHeader().saveState())
    state.setValue("search/filters", json.dumps(window.search.filter_state()))
    state.sync()


def fit_panes(window: MainWindow) -> None:
    """Side by side when both panes fit at their minimum; else the details go below."""
    splitter, search, details = window.splitter, window.search, window.details
    room = window.width() - 20  # the page's margins
    wide = room >= RESULTS_MIN_WIDTH + DETAILS_MIN_WIDTH + splitter.handleWidth()
    wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
    if splitter.orientation() != wanted:
        splitter.setOrientation(wanted)
        search.setMinimumWidth(RESULTS_MIN_WIDTH if wide else 0)
        details.setMinimumWidth(DETAILS_MIN_WIDTH if wide else 0)
        details.setMinimumHeight(0 if wide else 220)
        total = room if wide else splitter.height()
        splitter.setSizes([total * 3 // 5, total * 2 // 5])
