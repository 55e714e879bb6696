"""Test doubles for the ui: thread pools that run tasks inline or on demand, a flaky database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRunnable

from desktop.domain.errors import DatabaseUnavailable
from desktop.services.ports import UnitOfWork


class InlinePool:
    """Runs each task at once on the calling (GUI) thread: results arrive synchronously."""

    def start(self, runnable: QRunnable, priority: int = 0) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:
        return True


class HeldPool:
    """Keeps tasks until the test releases them, in any order (to make replies go stale)."""

    def __init__(self) -> None:
        self.held: list[QRunnable] = []

    def start(self, runnable: QRunnable, priority: int = 0) -> None:
        self.held.append(runnable)

    def run(self, index: int = 0) -> None:
        self.held.pop(index).run()

    def run_all(self) -> None:
        """Everything held so far (a screen's refresh may queue several reads)."""
        while self.held:
            self.run()

    def waitForDone(self, msecs: int = -1) -> bool:
        return not self.held


class FlakyFactory:
    """A unit-of-work factory whose database can be 'stopped' and 'restarted' by the test."""

    def __init__(self, factory: Callable[[], UnitOfWork]) -> None:
        self._factory = factory
        self.down = False

    def __call__(self) -> Any:
        if self.down:
            raise DatabaseUnavailable("The database stopped answering: connection refused")
        return self._factory()
