"""User flows through the main window, driven like a user would (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.services import release
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import QUARANTINE_TAB, MainWindow
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
    main = MainWindow(DatabaseTasks(runner, flaky), "Sanne", "en")
    qtbot.addWidget(main)
    main.show()
    main.start()
    qtbot.waitUntil(lambda: main.search.model.rowCount() > 0)
    yield main
    main.quarantine.toast.undo()  # nothing left to send after the test
    runner.wait()  # let the last replies land while the widgets still exist
    qtbot.waitUntil(lambda: not runner.is_busy())


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
    qtbot.waitUntil(details.timeline.is_complete)  # rows are filled over a few turns
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


def test_request_release_then_approve_frees_the_address_and_audits_it(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    with database.unit_of_work() as uow:  # a team database: requests wait for an approver
        release.set_approval_mode(uow, release.ApprovalMode.APPROVER, by="lead")
        uow.commit()
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    view = window.quarantine
    view.undo_seconds = 0.2
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.select_address(JAN)
    assert "Release risk" in view.risk.text()
    qtbot.keyClicks(view.note, "Client emptied the mailbox")
    view.release_button.click()
    assert view.toast.isVisible() and not view.release_button.isEnabled()
    qtbot.waitUntil(lambda: view.requests.rowCount() == 1, timeout=5000)
    request = view.requests.request(0)
    assert request is not None and request.note == "Client emptied the mailbox"
    assert view.note.text() == ""  # sent: the note went with it

    assert not view.approve_button.isEnabled() and not view.reject_button.isEnabled()
    view.queue.selectRow(0)  # four eyes: Sanne asked, so Sanne cannot approve
    assert view.reject_button.isEnabled() and not view.approve_button.isEnabled()
    assert "another approver" in view.approve_button.toolTip()
    window.set_actor("Carla")  # the approver
    view.queue.clearSelection()
    view.queue.selectRow(0)
    assert view.approve_button.isEnabled()
    view.approve_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and view.requests.rowCount() == 0)
    with database.unit_of_work() as uow:
        assert uow.quarantines.active_for(JAN, datetime.now(UTC)) is None
        actions = [(e.actor, e.action) for e in uow.audit.entries()]
    assert ("Sanne", "release_requested") in actions
    assert ("Carla", "release_approved") in actions


def test_undo_sends_nothing(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    view = window.quarantine
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.select_address(JAN)
    view.release_button.click()
    with qtbot.waitSignal(view.sig_status) as status:
        view.toast.undo_button.click()
    assert "undone" in status.args[0]
    with database.unit_of_work() as uow:
        assert uow.quarantines.active_for(JAN, datetime.now(UTC)) is not None
        assert not [e for e in uow.audit.entries() if e.action.startswith("release")]


def test_request_release_from_the_details_of_a_quarantined_message(
    qtbot: QtBot, window: MainWindow, seeded: Seeded
) -> None:
    window.quarantine.undo_seconds = 30  # the toast stays up while the test looks at it
    model = window.search.model
    row = next(r for r in range(model.rowCount()) if model.message_at(r).recipient == JAN)  # type: ignore[union-attr]
    window.search.table.selectRow(row)
    details = window.details
    qtbot.waitUntil(lambda: details.details is not None and not details.quarantine_panel.isHidden())
    assert "5 soft bounces in a row" in details.quarantine_panel.rule.text()
    assert "(this message)" in details.quarantine_panel.causes.text()
    details.quarantine_panel.release_button.click()
    assert window.tabs.currentIndex() == QUARANTINE_TAB
    # The '…' promises a question: the note field is open for typing, nothing is sent yet.
    assert window.quarantine.note.hasFocus() and not window.quarantine.toast.is_pending()
    qtbot.waitUntil(lambda: window.quarantine.selected() is not None)
    qtbot.keyClicks(window.quarantine.note, "Client phoned")
    qtbot.keyClick(window.quarantine.note, Qt.Key.Key_Return)
    assert window.quarantine.toast.is_pending()
    assert JAN in window.quarantine.toast.text.text()
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # back to the messages
    assert window.tabs.currentIndex() != QUARANTINE_TAB
