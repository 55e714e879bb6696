"""A real PostgreSQL outage: connections killed and refused, banner shown, then recovered."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.connection import open_database
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import QUARANTINE_TAB, MainWindow
from tests.helpers.databases import PG_SERVER, pg_database, pg_url, require_postgres
from tests.ui.seed import seed_quarantined_jan

pytestmark = [
    pytest.mark.gui,
    pytest.mark.postgres,
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


@pytest.fixture
def pg() -> Iterator[tuple[str, Database]]:
    require_postgres()
    with pg_database() as name:
        database = open_database(pg_url(name))
        try:
            seed_quarantined_jan(database)
            yield name, database
        finally:
            database.dispose()


def _admin(sql: str) -> None:
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def test_server_stops_and_comes_back_while_a_note_is_being_typed(
    qtbot: QtBot, runner: TaskRunner, pg: tuple[str, Database]
) -> None:
    name, database = pg
    window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "Sanne")
    qtbot.addWidget(window)
    window.show()
    window.start()
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    view = window.quarantine
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    qtbot.keyClicks(view.note, "Client phoned: mailbox emptied")

    # "Stop" this database: refuse new connections and end the app's open ones.
    _admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
    _admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15_000)
    assert view.note.isEnabled()

    _admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    window.banner.retry_button.click()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=15_000)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    assert view.note.text() == "Client phoned: mailbox emptied"
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())
