"""Smaller things of issue #17 (7, 11), driven as an agent would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain.model import MessageStatus
from desktop.services.ports import Database
from desktop.store.messages import NewMessage
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import MESSAGES_TAB, MainWindow
from tests.ui.seed import JAN, NOW, Seeded

PIET_ID = "20261127094500.4f2a9c81d2e3@mail.gala.example"

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def window(
    qtbot: QtBot, runner: TaskRunner, database: Database, seeded: Seeded
) -> Iterator[MainWindow]:
    main = MainWindow(DatabaseTasks(runner, database.unit_of_work), "Sanne", "nl")
    qtbot.addWidget(main)
    main.resize(1024, 700)
    main.show()
    main.start()
    main.tabs.setCurrentIndex(MESSAGES_TAB)  # the window opens on the overview
    qtbot.waitUntil(lambda: main.search.model.rowCount() > 0)
    yield main
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())


def test_a_word_found_in_no_address_offers_the_subject_search(
    qtbot: QtBot, window: MainWindow
) -> None:
    search = window.search
    qtbot.keyClicks(search.query, "invitation")
    qtbot.keyClick(search.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.suggestion.isVisible())
    assert "No message matches" in search.status_line.text()
    assert "invitation" in search.status_line.text()  # what was searched
    assert search.suggestion.text() == "Search subjects for invitation"
    search.suggestion.click()
    qtbot.waitUntil(lambda: search.model.rowCount() == 30 + 5)  # every invitation subject
    assert not search.suggestion.isVisible()


def test_pasting_a_named_address_finds_the_messages(qtbot: QtBot, window: MainWindow) -> None:
    window.search.query.setText(f"Jan Jansen <{JAN}>,")
    window.search.run_search()
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 5)


def test_an_empty_search_with_filters_suggests_fewer_filters(
    qtbot: QtBot, window: MainWindow
) -> None:
    search = window.search
    search.since.setDate(QDate.currentDate().addDays(1))  # nothing is sent tomorrow yet
    search.run_search()
    qtbot.waitUntil(lambda: "fewer filters" in search.status_line.text())


def test_the_date_filter_takes_a_typed_iso_date_and_opens_its_calendar_at_today(
    qtbot: QtBot, window: MainWindow
) -> None:
    since = window.search.since
    since.setFocus()
    qtbot.keyClicks(since, "2026-03-14")
    assert since.date() == QDate(2026, 3, 14)
    since.setDate(QDate(2000, 1, 1))  # "any" again
    qtbot.keyClicks(since, "2025-1-9")
    assert since.date() == QDate(2025, 1, 9)
    until = window.search.until
    qtbot.mouseClick(until, Qt.MouseButton.LeftButton, pos=until.rect().center())
    calendar = until.calendarWidget()
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    QApplication.activePopupWidget() and QApplication.activePopupWidget().close()  # type: ignore[union-attr]


def test_stale_status_messages_are_cleared(qtbot: QtBot, window: MainWindow) -> None:
    window._status_timer.setInterval(50)
    window.show_status("Copied jan@example.nl")
    assert window.status_label.text() == "Copied jan@example.nl"
    qtbot.waitUntil(lambda: window.status_label.text() == "")


def test_the_copy_buttons_say_which_language_ctrl_shift_c_copies(window: MainWindow) -> None:
    panel = window.details.reason_panel
    assert "Ctrl+Shift+C" in panel.copy_nl.text()  # Dutch was chosen in Settings
    assert "Ctrl+Shift+C" not in panel.copy_en.text()
    window.set_language("en")
    assert "Ctrl+Shift+C" in panel.copy_en.text() and panel.copy_nl.text() == "NL"


@pytest.mark.parametrize(
    ("pasted", "found"),
    [
        (PIET_ID, {PIET_ID}),  # a Message-ID without <>, as a mail client's headers show it
        (f"<{PIET_ID}>", {PIET_ID}),
        (f"mailto:{JAN}", {f"jan{n}@mail.gala.example" for n in range(5)}),
        (f"{JAN}.", {f"jan{n}@mail.gala.example" for n in range(5)}),  # end of a sentence
        (f" {JAN}, ", {f"jan{n}@mail.gala.example" for n in range(5)}),  # from a list
    ],
)
def test_what_support_staff_paste_finds_the_message(
    qtbot: QtBot, window: MainWindow, database: Database, pasted: str, found: set[str]
) -> None:
    """#17 finding 7: pasted into the search field from a mail client or a ticket."""
    with database.unit_of_work() as uow:  # a message whose id looks like a real one
        uow.messages.add(
            NewMessage(
                message_id=PIET_ID,
                account_id=uow.messages.account_id("Gala Events"),
                sender="tickets@mail.gala.example",
                recipient="piet@example.nl",
                subject="Invitation gala dinner",
                status=MessageStatus.DELIVERED,
                reason=None,
                created_at=NOW,
                last_event_at=NOW,
            )
        )
        uow.commit()
    search = window.search
    QApplication.clipboard().setText(pasted)
    search.query.setFocus()
    qtbot.keyClick(search.query, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert search.query.text() == pasted
    qtbot.keyClick(search.query, Qt.Key.Key_Return)

    def shown() -> set[str]:
        model = search.model
        return {m.message_id for r in range(model.rowCount()) if (m := model.message_at(r))}

    qtbot.waitUntil(lambda: shown() == found)
