"""The background-task helper: results by signal, stale replies dropped, failures sorted."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.errors import DatabaseUnavailable, ValidationError
from desktop.ui.common.workers import Debouncer, TaskRunner
from tests.ui.fakes import HeldPool

pytestmark = pytest.mark.gui


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[tuple[int, bool]] = []
    gui = threading.get_ident()

    def work() -> int:
        return threading.get_ident()

    runner.submit(work, lambda worker: seen.append((worker, threading.get_ident() == gui)))
    qtbot.waitUntil(lambda: bool(seen))
    worker, on_gui = seen[0]
    assert worker != gui
    assert on_gui


def test_a_newer_request_makes_the_older_reply_stale() -> None:
    pool = HeldPool()
    runner = TaskRunner(reads=pool, writes=pool)
    seen: list[str] = []
    runner.submit(lambda: "old", seen.append, channel="search")
    runner.submit(lambda: "new", seen.append, channel="search")
    runner.submit(lambda: "other", seen.append, channel="count")
    pool.run(1)  # the newer search answers first
    pool.run(0)  # then the superseded one: dropped
    pool.run(0)
    assert seen == ["new", "other"]
    assert not runner.is_busy()


def test_environment_failures_go_to_the_caller_and_a_lost_database_is_announced(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    failures: list[str] = []

    def down() -> None:
        raise DatabaseUnavailable("gone")

    with qtbot.waitSignal(runner.sig_connection_lost) as lost:
        runner.submit(down, lambda _r: None, lambda e: failures.append(str(e)))
    assert lost.args == ["gone"]
    qtbot.waitUntil(lambda: failures == ["gone"])

    def invalid() -> None:
        raise ValidationError("bad input")

    with qtbot.waitSignal(runner.sig_environment_failed) as shown:
        runner.submit(invalid, lambda _r: None)
    assert shown.args == ["bad input"]


def test_a_bug_reaches_the_crash_handler_with_its_traceback(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise KeyError("missing")

    with qtbot.waitSignal(runner.sig_bug) as bug:
        runner.submit(broken, lambda _r: None, lambda _e: None)
    assert "KeyError: 'missing'" in bug.args[0]
    assert "Background task failed" in caplog.text


def test_writes_run_one_at_a_time_in_order(qtbot: QtBot, runner: TaskRunner) -> None:
    order: list[int] = []
    active = []
    overlap = []

    def write(n: int) -> int:
        active.append(n)
        overlap.append(len(active) > 1)
        order.append(n)
        active.remove(n)
        return n

    done: list[int] = []
    for n in range(5):
        runner.submit(lambda n=n: write(n), done.append, write=True)
    qtbot.waitUntil(lambda: len(done) == 5)
    assert order == [0, 1, 2, 3, 4]
    assert not any(overlap)


def test_typing_is_debounced(qtbot: QtBot) -> None:
    calls: list[int] = []
    debouncer = Debouncer(lambda: calls.append(1), delay_ms=30)
    for _ in range(5):
        debouncer.poke()
    qtbot.waitUntil(lambda: calls == [1])
    assert not debouncer.is_pending()  # one call for the burst, nothing more scheduled
