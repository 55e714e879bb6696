"""The team view: another agent's release request reaches this window within two seconds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.services import release
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.team import TeamWatch
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import QUARANTINE_TAB, MainWindow
from tests.ui.seed import JAN, Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def watch(database: Database) -> Iterator[TeamWatch]:
    team = TeamWatch(database)
    team.start()
    yield team
    team.stop()


def test_another_agents_request_shows_without_a_restart(
    qtbot: QtBot, runner: TaskRunner, database: Database, seeded: Seeded, watch: TeamWatch
) -> None:
    window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "Sanne")
    qtbot.addWidget(window)
    watch.sig_changed.connect(window.team_changed)
    window.show()
    window.start()
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    view = window.quarantine
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    other = open_other(database)
    try:
        with other.unit_of_work() as uow:  # Daan, on his own connection
            release.set_approval_mode(uow, release.ApprovalMode.APPROVER, by="lead")
        with other.unit_of_work() as uow:
            release.request_release(uow, JAN, by="Daan", note="seen on the phone")
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: view.requests.rowCount() == 1, timeout=2000)
    request = view.requests.request(0)
    assert request is not None and request.requested_by == "Daan"
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())


def open_other(database: Database) -> Database:
    from desktop.services.connection import open_database

    return open_database(database.engine.url.render_as_string(hide_password=False))
