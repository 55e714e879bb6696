"""Typed ops: the function gets a unit of work, replies come back typed, progress is closed."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desktop.domain.errors import DatabaseUnavailable, ValidationError
from desktop.domain.search import SearchCriteria
from desktop.services.ports import Database, UnitOfWork
from desktop.services.search import count_messages
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.progress import Progress
from desktop.ui.common.workers import TaskRunner
from tests.ui.fakes import HeldPool, InlinePool
from tests.ui.seed import Seeded

pytestmark = pytest.mark.gui


def test_a_query_gets_its_own_unit_of_work_on_a_worker(
    qtbot: QtBot, tasks: DatabaseTasks, seeded: Seeded
) -> None:
    seen: list[tuple[int, bool]] = []
    gui = threading.get_ident()

    def count(uow: UnitOfWork) -> tuple[int, bool]:
        return count_messages(uow, SearchCriteria()), threading.get_ident() != gui

    tasks.query(count).success(seen.append).run()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(35, True)]


def test_writes_go_to_the_pool_of_one_and_channels_drop_stale_replies(database: Database) -> None:
    reads, writes = HeldPool(), HeldPool()
    tasks = DatabaseTasks(TaskRunner(reads, writes), database.unit_of_work)
    seen: list[str] = []
    tasks.write(lambda _uow: "written").success(seen.append).run()
    assert len(writes.held) == 1 and not reads.held
    tasks.query(lambda _uow: "old").success(seen.append).on_channel("c").run()
    tasks.query(lambda _uow: "new").success(seen.append).on_channel("c").run()
    reads.run(1)
    reads.run(0)  # superseded: dropped
    writes.run()
    assert seen == ["new", "written"]


def test_failures_go_to_the_failure_callback_or_the_status_bar(
    qtbot: QtBot, database: Database
) -> None:
    runner = TaskRunner(InlinePool(), InlinePool())
    tasks = DatabaseTasks(runner, database.unit_of_work)
    failures: list[str] = []

    def invalid(_uow: UnitOfWork) -> None:
        raise ValidationError("bad filter")

    tasks.query(invalid).failure(lambda e: failures.append(str(e))).run()
    assert failures == ["bad filter"]
    with qtbot.waitSignal(runner.sig_environment_failed) as shown:
        tasks.query(invalid).run()
    assert shown.args == ["bad filter"]

    def down(_uow: UnitOfWork) -> None:
        raise DatabaseUnavailable("gone")

    with qtbot.waitSignal(runner.sig_connection_lost):
        tasks.query(down).run()


def test_a_reply_to_a_deleted_owner_is_dropped(database: Database) -> None:
    reads = HeldPool()
    tasks = DatabaseTasks(TaskRunner(reads, InlinePool()), database.unit_of_work)
    owner = QObject()
    seen: list[int] = []
    tasks.query(lambda _uow: 1).success(seen.append).owned_by(owner).run()
    owner.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    reads.run()
    assert seen == []


def test_progress_is_shown_on_the_gui_thread_cancelled_and_finished(
    qtbot: QtBot, tasks: DatabaseTasks
) -> None:
    steps: list[int] = []
    progress: Progress[int] = Progress(steps.append)
    gate = threading.Event()

    def job(_factory: object) -> int:
        for n in range(1, 4):
            progress.report(n)
        gate.wait(5)
        return 3 if progress.cancelled() else 0

    results: list[int] = []
    tasks.job(job).with_progress(progress).success(results.append).run()
    qtbot.waitUntil(lambda: steps == [1, 2, 3])
    progress.cancel()
    gate.set()
    qtbot.waitUntil(lambda: results == [3])
    progress.report(9)  # after the op ended: not shown
    qtbot.wait(20)
    assert steps == [1, 2, 3]
