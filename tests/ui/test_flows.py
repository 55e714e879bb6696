"""User flows through the main window, driven like a user would (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.services.uow import Database
from desktop.ui.main_window import QUARANTINE_TAB, MainWindow
from desktop.ui.workers import TaskRunner
from tests.ui.fakes import FlakyFactory
from tests.ui.seed import DIAGNOSTIC, JAN, Seeded

# The offscreen platform says it cannot pass size hints to a window manager it does not have.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def flaky(database: Database) -> FlakyFactory:
    return FlakyFactory(database.unit_of_work)


@pytest.fixture
def window(
    qtbot: QtBot, runner: TaskRunner, flaky: FlakyFactory, seeded: Seeded
) -> Iterator[MainWindow]:
    main = MainWindow(runner, flaky, "Sanne", "en")
    qtbot.addWidget(main)
    main.show()
    main.start()
    qtbot.waitUntil(lambda: main.search.model.rowCount() > 0)
    yield main
    main.quarantine.toast.undo()  # nothing left to send after the test


def test_search_by_address_open_and_copy_the_client_explanation(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.query.hasFocus()
    qtbot.keyClicks(window.search.query, JAN)
    with qtbot.waitSignal(window.search.model.sig_first_page):
        qtbot.keyClick(window.search.query, Qt.Key.Key_Return)
    model = window.search.model
    assert model.rowCount() == 5
    assert {model.message_at(r).recipient for r in range(5)} == {JAN}  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "5 messages" in window.search.status_line.text())

    window.search.table.setFocus()
    window.search.table.selectRow(0)
    opened = model.message_at(0)
    qtbot.keyClick(window.search.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            window.details.details is not None
            and window.details.details.message == opened
            and not window.details.reason_panel.isHidden()
        )
    )
    details = window.details
    assert not details.quarantine_panel.isHidden()  # jan is quarantined: why, and until when
    assert "Ends by itself in" in details.quarantine_panel.countdown.text()
    bounce_rows = [r for r in details.timeline.rows if r.server_text is not None]
    assert bounce_rows[0].server_text.toPlainText() == DIAGNOSTIC  # type: ignore[union-attr]

    details.reason_panel.copy_en.click()
    data = QGuiApplication.clipboard().mimeData()
    english = data.text()
    assert JAN in english
    assert data.hasHtml() and JAN in data.html()
    details.reason_panel.copy_nl.click()
    dutch = QGuiApplication.clipboard().mimeData().text()
    assert JAN in dutch and dutch != english

    qtbot.keyClick(window.search.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == JAN


def test_database_stopped_banner_then_recovered_with_the_typed_note_intact(
    qtbot: QtBot, window: MainWindow, flaky: FlakyFactory
) -> None:
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    quarantine = window.quarantine
    qtbot.waitUntil(lambda: quarantine.model.rowCount() == 1)
    qtbot.keyClicks(quarantine.note, "Client phoned: mailbox emptied")

    flaky.down = True  # the database stops
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.banner.isVisible())
    assert "not answering" in window.banner.text.text()
    assert window.isEnabled() and quarantine.note.isEnabled()  # nothing blocks the user

    window.banner.retry_button.click()  # still down: the banner stays
    qtbot.waitUntil(lambda: window.banner.retry_button.isEnabled())
    assert window.banner.isVisible()

    flaky.down = False  # the database is back
    window.banner.retry_button.click()
    qtbot.waitUntil(lambda: not window.banner.isVisible())
    qtbot.waitUntil(lambda: quarantine.model.rowCount() == 1)
    assert quarantine.note.text() == "Client phoned: mailbox emptied"
    assert "restored" in window.status_label.text()
