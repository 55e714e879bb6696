"""Typed background operations: what a screen asks of the database, and what to do with it.

Shaped after Anki's QueryOp/CollectionOp: an op is built, given its callbacks, then run.

    tasks.query(lambda uow: search_messages(uow, criteria, cursor, 200))
        .success(self._show_page).failure(self._failed).on_channel("page").run()

The function receives the unit of work; no screen opens one itself. `query` runs on the
read pool, `write` on the pool of one; `job` hands over the factory to a long use case that
opens one short unit of work per batch (an import, an export).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject

from desktop.domain.errors import BounceDeskError, DatabaseUnavailable
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory
from desktop.ui.common.i18n import error_text
from desktop.ui.common.progress import Progress
from desktop.ui.common.workers import TaskRunner

T = TypeVar("T")


class Op(Generic[T]):
    """One piece of work for a worker thread, with its replies on the GUI thread.

    Configure with `success`, `failure`, `on_channel`, `owned_by`, `with_progress`, then
    `run()`. Without `failure`, an environment error goes to the runner's
    `sig_environment_failed` (the status bar); a bug always goes to the crash handler.
    """

    def __init__(self, runner: TaskRunner, function: Callable[[], T], write: bool = False) -> None:
        self._runner = runner
        self._function = function
        self._write = write
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[BounceDeskError], object] | None = None
        self._channel: str | None = None
        self._owner: QObject | None = None
        self._progress: Progress[Any] | None = None

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        """Called with the result on the GUI thread (unless the reply went stale)."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BounceDeskError], object]) -> Op[T]:
        """Called with an environment or input error (database down, bad filter)."""
        self._on_failure = callback
        return self

    def on_channel(self, channel: str) -> Op[T]:
        """A newer op on `channel` makes this one's reply stale: it is dropped unseen."""
        self._channel = channel
        return self

    def owned_by(self, owner: QObject) -> Op[T]:
        """Drop the reply when `owner` was deleted meanwhile (a closed dialog)."""
        self._owner = owner
        return self

    def with_progress(self, progress: Progress[Any]) -> Op[T]:
        """`progress` is finished (its dialog closed) when the op ends, either way."""
        self._progress = progress
        return self

    def run(self) -> int:
        """Start the op; returns its generation on its channel."""
        on_success, on_failure, progress = self._on_success, self._on_failure, self._progress

        def succeeded(result: T) -> None:
            if progress is not None:
                progress.finish()
            if on_success is not None:
                on_success(result)

        def failed(error: BounceDeskError) -> None:
            if progress is not None:
                progress.finish()
            if on_failure is not None:
                on_failure(error)
            elif not isinstance(error, DatabaseUnavailable):  # the banner says that one
                self._runner.sig_environment_failed.emit(error_text(error))

        bound = getattr(on_success, "__self__", None)
        owner = self._owner or (bound if isinstance(bound, QObject) else None)
        return self._runner.submit(
            self._function,
            succeeded,
            failed if on_failure is not None or progress is not None else None,
            channel=self._channel,
            write=self._write,
            owner=owner,
        )


class DatabaseTasks:
    """The screens' way to the database: ops that receive a unit of work. GUI thread only.

    Holds the task runner and the unit-of-work factory of the open database; the factory is
    only ever called on a worker.
    """

    def __init__(self, runner: TaskRunner, uow_factory: UnitOfWorkFactory) -> None:
        self.runner = runner
        self._factory = uow_factory

    def query(self, function: Callable[[UnitOfWork], T]) -> Op[T]:
        """Read in one short unit of work, on the read pool (several run at once)."""
        factory = self._factory

        def work() -> T:
            with factory() as uow:
                return function(uow)

        return Op(self.runner, work)

    def write(self, function: Callable[[UnitOfWork], T]) -> Op[T]:
        """Change in one unit of work, on the write pool (one at a time, in order)."""
        factory = self._factory

        def work() -> T:
            with factory() as uow:
                return function(uow)

        return Op(self.runner, work, write=True)

    def job(self, function: Callable[[UnitOfWorkFactory], T], *, write: bool = False) -> Op[T]:
        """A long use case that opens one unit of work per batch (import, export)."""
        factory = self._factory
        return Op(self.runner, lambda: function(factory), write=write)

    def cancel(self, channel: str) -> None:
        """Make every outstanding reply on `channel` stale."""
        self.runner.cancel(channel)
