"""Test doubles for the ui: thread pools that run tasks inline or on demand, a flaky database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRunnable
from sqlalchemy import exc

from desktop.services.ports import UnitOfWork
from desktop.store.uow import translate_error


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


def driver_error(message: str) -> Exception:
    """What the store makes of a driver's OperationalError saying `message` (a domain error)."""
    return translate_error(exc.OperationalError("SELECT 1", None, Exception(message)))


class FlakyFactory:
    """A unit-of-work factory whose database can be 'stopped' and 'restarted' by the test.

    Stopped, it fails as the store does when the server is gone; `failing` makes it fail
    with another of the store's errors (a locked file, a full disk) instead.
    """

    def __init__(self, factory: Callable[[], UnitOfWork]) -> None:
        self._factory = factory
        self.down = False
        self.failing: Exception | None = None

    def __call__(self) -> Any:
        if self.failing is not None:
            raise self.failing
        if self.down:
            raise driver_error("connection refused")
        return self._factory()
