"""Any window size (issue #17, 6): both panes stay usable, and narrow windows stack them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from pytestqt.qtbot import QtBot

from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import (
    DETAILS_MIN_WIDTH,
    MESSAGES_TAB,
    OVERVIEW_TAB,
    RESULTS_MIN_WIDTH,
    MainWindow,
)
from tests.ui.seed import Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def window(
    qtbot: QtBot, runner: TaskRunner, database: Database, seeded: Seeded
) -> Iterator[MainWindow]:
    main = MainWindow(DatabaseTasks(runner, database.unit_of_work), "Sanne", "en")
    qtbot.addWidget(main)
    main.show()
    main.start()
    main.tabs.setCurrentIndex(MESSAGES_TAB)  # the window opens on the overview
    qtbot.waitUntil(lambda: main.search.model.rowCount() > 0)
    yield main
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())


def test_at_1024_by_700_the_details_pane_keeps_a_usable_width(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    results, details = window.splitter.sizes()
    assert window.splitter.orientation() is Qt.Orientation.Horizontal
    assert results >= RESULTS_MIN_WIDTH and details >= DETAILS_MIN_WIDTH
    # Dragging the handle (or an old saved layout) cannot squeeze it to a sliver.
    window.splitter.setSizes([1000, 10])
    assert window.splitter.sizes()[1] >= DETAILS_MIN_WIDTH
    assert window.splitter.handleWidth() >= 6  # a handle one can see and grab
    assert not window.search.filters.is_one_line()  # the filters wrap instead of pushing


def test_a_narrow_window_puts_the_details_below_and_a_wide_one_beside_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(760, 700)
    qtbot.waitUntil(lambda: window.splitter.orientation() is Qt.Orientation.Vertical)
    assert min(window.splitter.sizes()) > 150
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.splitter.orientation() is Qt.Orientation.Horizontal)
    results, details = window.splitter.sizes()
    assert results >= RESULTS_MIN_WIDTH and details >= DETAILS_MIN_WIDTH
    window.resize(2560, 1440)
    qtbot.waitUntil(lambda: window.width() == 2560)
    assert window.search.filters.is_one_line()


def test_a_saved_sliver_is_widened_on_restore(
    qtbot: QtBot, window: MainWindow, tmp_path: object
) -> None:
    state = QSettings(f"{tmp_path}/state.ini", QSettings.Format.IniFormat)
    window.resize(1024, 700)
    window.splitter.setSizes([974, 50])
    state.setValue("window/splitter", window.splitter.saveState())
    window._state = state  # the layout a window of the old version saved
    window.restore_layout()
    assert isinstance(state.value("window/splitter"), QByteArray)
    assert window.splitter.sizes()[1] >= DETAILS_MIN_WIDTH


def test_the_overview_fits_1024_by_putting_its_tiles_in_two_rows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.tabs.setCurrentIndex(OVERVIEW_TAB)
    assert window.minimumSizeHint().width() <= 1024  # every tab fits a 1024 px screen
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024 and window.overview.tile_grid.per_row == 4)
    assert window.overview.width() <= 1024
    window.grab().save(str(tmp_path / "overview-1024.png"))
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.overview.tile_grid.per_row == len(window.overview.tiles))
