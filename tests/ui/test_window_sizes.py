"""Any window size (issue #17, 6): both panes stay usable, and narrow windows stack them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QLocale, QPoint, QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from desktop.demo import generate_demo
from desktop.services.overview import Period
from desktop.services.ports import Database
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.ui.common.column_fit import LEAST_WIDTH
from desktop.ui.common.message_table import (
    ACCOUNT,
    REASON,
    RECIPIENT,
    SENDER,
    STATUS,
    SUBJECT,
    TIME,
)
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import (
    DETAILS_MIN_WIDTH,
    MESSAGES_TAB,
    OVERVIEW_TAB,
    QUARANTINE_TAB,
    RESULTS_MIN_WIDTH,
    MainWindow,
)
from desktop.ui.overview import model as clients_columns
from desktop.ui.startup.language import install_language
from desktop.ui.window_layout import FIRST_SIZE, first_size
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


def _fits_sideways(table: QTableView) -> bool:
    header = table.horizontalHeader()
    shown = sum(
        header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)
    )
    return table.horizontalScrollBar().maximum() == 0 and shown <= table.viewport().width()


def test_at_1024_the_results_fit_without_scrolling_sideways(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Finding 6: every column in view at 1024 × 700, cut text elided with a tooltip."""
    table = window.search.table
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024 and _fits_sideways(table))
    window.grab().save(str(tmp_path / "search-1024.png"))
    header = table.horizontalHeader()
    for column in (TIME, ACCOUNT, RECIPIENT, SUBJECT, STATUS, REASON):
        assert not header.isSectionHidden(column)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= (
            table.viewport().width()
        )
    assert table.textElideMode() is Qt.TextElideMode.ElideRight
    model, metrics = table.model(), table.fontMetrics()
    for column in (ACCOUNT, RECIPIENT, SUBJECT, REASON):  # whatever is cut shows whole on hover
        for row in range(model.rowCount()):
            index = model.index(row, column)
            text = model.data(index)
            if text and metrics.horizontalAdvance(text) > header.sectionSize(column):
                assert model.data(index, Qt.ItemDataRole.ToolTipRole) == text
    # Showing the sender column as well still fits; so does a wide window, with room to spare.
    table.show_column(SENDER, True)
    qtbot.waitUntil(lambda: _fits_sideways(table))
    narrow_subject = header.sectionSize(SUBJECT)
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.width() == 1440 and _fits_sideways(table))
    assert header.sectionSize(SUBJECT) > narrow_subject


def test_at_1024_the_quarantine_list_fits_and_an_empty_note_column_takes_no_room(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    """Finding 6: the quarantine tab at 1024 × 700 needs no sideways scrolling; the Note
    column stays narrow until a quarantine has a note, then takes its share."""
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    quarantine = window.quarantine
    table, model = quarantine.table, quarantine.model
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: model.rowCount() > 0 and table.horizontalScrollBar().maximum() == 0)
    note = model.columnCount() - 1
    assert model.headerData(note, Qt.Orientation.Horizontal) == "Note"
    assert not any(model.data(model.index(row, note)) for row in range(model.rowCount()))
    header = table.horizontalHeader()
    assert header.sectionSize(note) <= LEAST_WIDTH + 8  # the least, plus what rounding left
    address_width = header.sectionSize(0)

    with database.unit_of_work() as uow:  # a colleague files a request with a note
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead")  # so it waits, and stays listed
        request_release(uow, "jan@example.nl", "Daan", "client says the mailbox has room now")
        uow.commit()
    quarantine.refresh()
    qtbot.waitUntil(lambda: any(model.data(model.index(r, note)) for r in range(model.rowCount())))
    qtbot.waitUntil(lambda: header.sectionSize(note) > LEAST_WIDTH)
    assert table.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(0) < address_width  # the others made room for it


def test_a_new_window_is_never_larger_than_the_screen(qtbot: QtBot, window: MainWindow) -> None:
    """Under Xvfb at 1024 × 700 the first window was 1,360 × 820: cut off at the right and
    the bottom, status bar and all."""
    assert first_size(QSize(1024, 700)) == QSize(1024, 700)
    assert first_size(QSize(2560, 1400)) == FIRST_SIZE
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()


def test_clicking_the_messages_tab_puts_the_cursor_in_the_search_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Under Xvfb a new user clicked the Messages tab and typed: the text went nowhere."""
    window.tabs.setCurrentIndex(OVERVIEW_TAB)
    window.overview.setFocus()
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(MESSAGES_TAB).center())
    qtbot.waitUntil(lambda: window.search.query.hasFocus())
    qtbot.keyClicks(window.search.query, "invitation")
    assert window.search.query.text() == "invitation"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_at_1024_the_overview_clients_fit_without_scrolling_sideways(
    qtbot: QtBot,
    qapp: QApplication,
    runner: TaskRunner,
    database: Database,
    tmp_path: Path,
    language: str,
) -> None:
    """At 1024 × 700 the clients table scrolled sideways beside the chart. Now every column
    shows: the figures whole (headers and values, in English and the longer Dutch), the
    account and the hint elided with their whole text in the tooltip."""
    generate_demo(database, messages=900, seed=5)  # 36 accounts with long names
    locale = QLocale()
    installed = install_language(qapp, language, tmp_path)
    try:
        window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "Sanne", language)
        qtbot.addWidget(window)
        window.show()
        window.tabs.setCurrentIndex(OVERVIEW_TAB)
        overview = window.overview
        overview.set_period(Period.MONTH)  # every account has sent something
        table, model = overview.clients, overview.clients_model
        window.resize(1024, 700)
        qtbot.waitUntil(
            lambda: window.width() == 1024 and model.rowCount() > 20 and _fits_sideways(table)
        )
        window.grab().save(str(tmp_path / f"overview-clients-1024-{language}.png"))
        # The table itself lies inside the window (not pushed off its right edge).
        right = table.mapTo(window, QPoint(table.width(), 0)).x()
        assert right <= window.width()
        header, metrics = table.horizontalHeader(), table.fontMetrics()
        for column in range(model.columnCount()):
            assert not header.isSectionHidden(column)
            end = header.sectionViewportPosition(column) + header.sectionSize(column)
            assert end <= table.viewport().width()
        for column in range(
            clients_columns.SENT, clients_columns.COMPLAINTS + 1
        ):  # figures are never cut
            assert header.sectionSizeHint(column) <= header.sectionSize(column)
            for row in range(model.rowCount()):
                shown = model.data(model.index(row, column))
                assert metrics.horizontalAdvance(shown) + 8 <= header.sectionSize(column)
        assert table.textElideMode() is Qt.TextElideMode.ElideRight
        cut = 0
        for column in (
            clients_columns.ACCOUNT,
            clients_columns.HINT,
        ):  # whatever is cut shows whole on hover
            assert header.sectionSize(column) >= 2 * LEAST_WIDTH
            for row in range(model.rowCount()):
                index = model.index(row, column)
                text = model.data(index)
                if metrics.horizontalAdvance(text) > header.sectionSize(column):
                    cut += 1
                    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == text
        assert cut  # the hints are sentences: at 1024 px some are elided, not scrolled to
        window.resize(1920, 1080)
        qtbot.waitUntil(lambda: window.width() == 1920 and _fits_sideways(table))
        assert header.sectionSize(clients_columns.HINT) > 2 * LEAST_WIDTH * 2
        window.close()
        runner.wait()
        qtbot.waitUntil(lambda: not runner.is_busy())
    finally:
        installed.remove(qapp)
        QLocale.setDefault(locale)
