"""Every screen in the Dutch build, driven like a user: no English text left on any of them.

The main window is opened on seeded data; the search runs, a quarantined message is opened
(details, timeline, reason panel), then the quarantine list, the overview, the settings and
the report dialog. Every text a user reads or hears (labels, buttons, tabs, menus, column
headers, placeholders, tooltips, accessible names, list items) is collected and compared
with the catalogue: none may still be an English source text that has a Dutch translation.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.resources import build
from desktop.services.ports import Database
from desktop.settings import Settings
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import MESSAGES_TAB, OVERVIEW_TAB, QUARANTINE_TAB, MainWindow
from desktop.ui.settings.view import SettingsDialog
from desktop.ui.startup.language import InstalledLanguage
from tests.ui.fakes import FlakyFactory, driver_error
from tests.ui.seed import JAN, Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

CATALOGUE = Path(__file__).resolve().parents[3] / "resources" / "translations"


def _english_sources() -> set[str]:
    """The catalogue's English texts whose Dutch differs (URL, Account, Status read alike)."""
    root = ET.parse(CATALOGUE / build.ts_name("nl")).getroot()
    found = set()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        forms = [] if translation is None else translation.findall("numerusform")
        dutch = [f.text or "" for f in forms] if forms else [translation.text or ""]
        if source not in dutch and "{" not in source and "%" not in source:
            found.add(source.replace("&", "").strip())
    return found


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for each text of `widget` and its children a user reads or hears."""
    for child in [widget, *widget.findChildren(QWidget)]:
        where = f"{type(child).__name__} {child.objectName()}".strip()
        yield where, child.toolTip()
        yield where, child.accessibleName()
        if isinstance(child, (QLabel, QAbstractButton)):
            yield where, child.text()
        elif isinstance(child, QLineEdit):
            yield where, child.placeholderText()
        elif isinstance(child, QComboBox):
            yield from ((where, child.itemText(i)) for i in range(child.count()))
        elif isinstance(child, QTabBar):
            yield from ((where, child.tabText(i)) for i in range(child.count()))
        elif isinstance(child, QMenu):
            yield from ((where, action.text()) for action in child.actions())
        elif isinstance(child, QTableView) and child.model() is not None:
            model = child.model()
            for column in range(model.columnCount()):
                yield where, str(model.headerData(column, Qt.Orientation.Horizontal) or "")


def _english_left(widgets: list[QWidget]) -> list[str]:
    english = _english_sources()
    return sorted(
        {
            f"{where}: {text!r}"
            for widget in widgets
            for where, text in _texts(widget)
            if text.replace("&", "").strip() in english
        }
    )


@pytest.fixture
def window(
    qtbot: QtBot,
    dutch: InstalledLanguage,
    runner: TaskRunner,
    database: Database,
    seeded: Seeded,
) -> Iterator[MainWindow]:
    main = MainWindow(DatabaseTasks(runner, database.unit_of_work), "Sanne", "nl")
    qtbot.addWidget(main)
    main.resize(1440, 900)
    main.show()
    main.start()
    yield main
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())


def test_every_screen_speaks_dutch(qtbot: QtBot, window: MainWindow, runner: TaskRunner) -> None:
    window.tabs.setCurrentIndex(MESSAGES_TAB)
    window.search.query.setText(JAN)
    window.search.run_search()
    qtbot.waitUntil(lambda: window.search.status_line.text().startswith("5 berichten"))
    window.search.table.selectRow(0)
    qtbot.waitUntil(
        lambda: (
            window.details.details is not None
            and not window.details.reason_panel.isHidden()
            and not window.details.quarantine_panel.isHidden()
            and window.details.timeline.is_complete()
        )
    )
    details = window.details
    assert details.reason_panel.title.text() == "Mailbox is vol"  # the staff help, in Dutch
    assert details.quarantine_panel.rule.text().startswith(
        "Regel: 5 soft bounces op rij zonder aflevering ertussen tellen als een hard bounce."
    )
    assert details.reason_panel.risk.text().startswith("Vrijgaverisico: ")
    assert details.next_step.text().startswith("Wat er nu gebeurt:")
    left = _english_left([window])

    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    quarantine = window.quarantine
    qtbot.waitUntil(lambda: quarantine.model.rowCount() > 0 and not runner.is_busy())
    quarantine.table.selectRow(0)
    assert quarantine.summary.text() == "1 open · 1 getoond  ·  0 wachten op goedkeuring"
    assert quarantine.model.headerData(4, Qt.Orientation.Horizontal) == "Loopt af over"
    assert "Vrijgaverisico" in quarantine.risk.text()
    left += _english_left([window])

    window.tabs.setCurrentIndex(OVERVIEW_TAB)
    overview = window.overview
    qtbot.waitUntil(lambda: overview.figures is not None and not runner.is_busy())
    assert overview.title.text() == "Vandaag"
    left += _english_left([window])

    report = window.open_report("Gala Events", None, None)
    settings = SettingsDialog(Settings(), runner, "sqlite:///local.sqlite3", None, window)
    qtbot.addWidget(settings)
    assert report.windowTitle() == "Afleverrapport"
    assert settings.windowTitle() == "Instellingen van Bounce Desk"
    left += _english_left([report, settings, window.menuBar()])
    assert sorted(set(left)) == []
    report.close()


def test_counts_read_in_the_right_plural(qtbot: QtBot, window: MainWindow) -> None:
    """'1 bericht', '5 berichten': Qt's plural forms from the catalogue, in Dutch numbers."""
    window.tabs.setCurrentIndex(MESSAGES_TAB)
    window.search.query.setText("guest0@ziggo.nl")  # one delivered message to this guest
    window.search.run_search()
    qtbot.waitUntil(lambda: window.search.status_line.text().startswith("1 bericht "))
    window.search.query.setText(JAN)
    window.search.run_search()
    qtbot.waitUntil(lambda: window.search.status_line.text().startswith("5 berichten "))


@pytest.fixture
def flaky(database: Database) -> FlakyFactory:
    return FlakyFactory(database.unit_of_work)


@pytest.fixture
def flaky_window(
    qtbot: QtBot, dutch: InstalledLanguage, runner: TaskRunner, flaky: FlakyFactory, seeded: Seeded
) -> Iterator[MainWindow]:
    main = MainWindow(DatabaseTasks(runner, flaky), "Sanne", "nl")
    qtbot.addWidget(main)
    main.resize(1440, 900)
    main.show()
    main.start()
    qtbot.waitUntil(lambda: main.search.model.rowCount() > 0 and not runner.is_busy())
    yield main
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())


def test_what_the_services_say_reads_in_dutch(
    qtbot: QtBot, flaky_window: MainWindow, flaky: FlakyFactory, runner: TaskRunner
) -> None:
    """The search line, a search that cannot run, and database failures: the services' own
    sentences (domain/phrases.py), shown in Dutch with none of their English left."""
    flaky_window.tabs.setCurrentIndex(MESSAGES_TAB)
    search = flaky_window.search
    search.query.setText(JAN)
    search.run_search()
    qtbot.waitUntil(lambda: search.status_line.text().startswith("5 berichten"))
    line = search.status_line.text()
    assert f"ontvanger is '{JAN}'" in line  # how the search was understood
    assert "recipient" not in line

    search.query.setText("x" * 1200)  # unusable input: stopped before any query
    search.run_search()
    assert search.status_line.text() == (
        "Het veld ‘Zoektekst’ is te lang (1.200 tekens); hoogstens 998."
    )

    search.query.setText(JAN)  # a period that ends before it starts: refused by the service
    search.since.setDate(QDate(2026, 12, 5))
    search.until.setDate(QDate(2026, 12, 1))
    search.run_search()
    qtbot.waitUntil(lambda: "periode" in search.status_line.text())
    assert search.status_line.text() == "Het begin van de periode moet voor het einde liggen."
    search.since.setDate(search.since.minimumDate())
    search.until.setDate(search.until.minimumDate())

    flaky.failing = driver_error("database is locked")  # the file is locked: the search says so
    search.run_search()
    qtbot.waitUntil(lambda: "vergrendeld" in search.status_line.text())
    assert search.status_line.text() == (
        "Het databasebestand is vergrendeld door een andere schrijver; probeer het opnieuw"
        " (database is locked)"  # the driver's own words, as it gave them
    )
    flaky.failing = None

    flaky.down = True  # the server stops: the banner, in Dutch through and through
    qtbot.keyClick(flaky_window, Qt.Key.Key_F5)
    banner = flaky_window.banner
    qtbot.waitUntil(lambda: banner.isVisible() and not runner.is_busy())
    assert banner.text.text() == (
        "De database reageert niet. Uw werk blijft bewaard; Bounce Desk probeert het om de"
        " paar seconden zelf opnieuw.  (De database antwoordt niet meer: connection refused)"
    )
    shown = [search.status_line.text(), banner.text.text(), flaky_window.status_label.text()]
    assert not [text for text in shown if "database stopped" in text or "try again" in text]
    assert _english_left([flaky_window]) == []
    flaky.down = False
    banner.retry_button.click()
    qtbot.waitUntil(lambda: not banner.isVisible())
