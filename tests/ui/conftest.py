"""Fixtures for the GUI tests: a seeded SQLite file, and runners on real or fake pools."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.connection import open_database
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import apply_style, remove_style
from desktop.ui.common.workers import TaskRunner
from tests.ui.fakes import InlinePool
from tests.ui.seed import Seeded, seed_quarantined_jan


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path}/x.sqlite3")
    yield db
    db.dispose()


@pytest.fixture
def seeded(database: Database) -> Seeded:
    return seed_quarantined_jan(database)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """Real worker threads, as in the app."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait()
    qtbot.waitUntil(lambda: not task_runner.is_busy(), timeout=5000)


@pytest.fixture
def inline_runner() -> TaskRunner:
    """Tasks run synchronously on the GUI thread: for model tests."""
    return TaskRunner(reads=InlinePool(), writes=InlinePool())


@pytest.fixture
def tasks(runner: TaskRunner, database: Database) -> DatabaseTasks:
    """The screens' ops on the test database, on real worker threads."""
    return DatabaseTasks(runner, database.unit_of_work)


@pytest.fixture
def inline_tasks(inline_runner: TaskRunner, database: Database) -> DatabaseTasks:
    """The screens' ops run synchronously: for model tests."""
    return DatabaseTasks(inline_runner, database.unit_of_work)


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """The app's style sheet applied, as at start-up; taken off again after the test."""
    apply_style(qapp)
    yield qapp
    remove_style(qapp)


@pytest.fixture(autouse=True)
def _agent_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first start asks the agent's name in a modal dialog: tests answer it with the
    login name (tests/ui/test_database_switch.py drives the question itself)."""
    from desktop.ui.common.agent_name import AgentNameDialog

    monkeypatch.setattr(AgentNameDialog, "ask", lambda suggested, parent=None: suggested)
