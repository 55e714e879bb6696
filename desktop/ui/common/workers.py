"""The one background-task helper: plain functions on a QThreadPool, results back by signals."""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from shiboken6 import isValid

from desktop.domain.errors import BounceDeskError, DatabaseUnavailable
from desktop.ui.common.i18n import error_text

if TYPE_CHECKING:
    from desktop.ui.common.operations import Op

log = logging.getLogger(__name__)

T = TypeVar("T")
Failure = Callable[[BounceDeskError], object]


GUI_SWITCH_INTERVAL = (
    0.0002  # seconds: a full table repaint with a busy worker, 21 ms at 1 ms, 15 at 0.2
)


def favour_the_gui_thread() -> None:
    """Let the GUI thread take the GIL back sooner from busy workers (default 5 ms).

    Every call from Qt into Python needs the GIL; while a worker runs Python code, each such
    call may wait a whole switch interval, and a repaint makes dozens of them.
    """
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)


def settle_the_heap() -> None:
    """Put everything alive once the window is up out of the cyclic collector's sight.

    A full collection walks every tracked object while holding the GIL, whichever thread
    triggers it: with the modules, Qt wrappers and caches of a started app that took 60 ms,
    during which the GUI could not run. Frozen objects are still freed by reference
    counting; only cycles among them are never collected, and start-up objects live on.
    (No collection first: at that point it found nothing and took 30 ms.)
    """
    gc.freeze()


class Pool(Protocol):
    """What the runner needs of a thread pool (QThreadPool, or the inline fake in tests)."""

    def start(self, runnable: QRunnable, priority: int = ...) -> None: ...

    def waitForDone(self, msecs: int = ...) -> bool: ...


# A task's reply callbacks and its function, kept until the reply arrives on the GUI thread.
_InFlight = tuple[Callable[[object], None], Callable[[Any, str], None], Callable[[], Any]]


class _Relay(QObject):
    """Lives on the GUI thread as long as its runner; workers emit on it with a task id.

    One relay per runner, not one per task: a worker then never holds the last reference to
    a QObject wrapper. When it did, the wrapper was destroyed on the worker thread, where
    PySide disconnects its slots under Qt's connection lock and then waits for the GIL; a GUI
    thread holding the GIL and connecting a signal (showing a dialog) waited for that lock,
    and both froze.
    """

    sig_finished = Signal(object, object)  # task id, result
    sig_failed = Signal(object, object, str)  # task id, exception, traceback


class _Task(QRunnable):
    """Runs one plain function on a worker thread; never touches widgets."""

    def __init__(self, function: Callable[[], Any], relay: _Relay, task_id: int) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._function: Callable[[], Any] | None = function
        self._relay = relay
        self._id = task_id

    def run(self) -> None:
        # The runner holds the function too and lets go of it on the GUI thread: what its
        # closure keeps alive (a cancel Event wired to a dialog) must not die on this thread.
        function, self._function = self._function, None
        assert function is not None
        try:
            result = function()
        except Exception as error:  # everything goes back to the GUI thread to be judged there
            del function
            self._relay.sig_failed.emit(self._id, error, traceback.format_exc())
        else:
            del function
            self._relay.sig_finished.emit(self._id, result)


class TaskRunner(QObject):
    """Runs database work off the GUI thread; reads in parallel, writes one at a time.

    Each task may name a `channel`: a newer task on the same channel makes the replies of
    older ones stale, and stale replies are dropped unseen (a superseded search).
    Environment failures go to `on_failure` (or `sig_environment_failed`); a lost database
    also raises `sig_connection_lost`. Anything else is a bug: `sig_bug` with the traceback.
    """

    sig_connection_lost = Signal(str)
    sig_environment_failed = Signal(str)
    sig_bug = Signal(str)
    sig_busy_changed = Signal(bool)

    def __init__(
        self,
        reads: Pool | None = None,
        writes: Pool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if reads is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(3)
            reads = pool
        if writes is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)  # writes in order, never two at once
            writes = pool
        self._reads = reads
        self._writes = writes
        self._generations: dict[str, int] = {}
        self._in_flight: dict[int, _InFlight] = {}
        self._next_id = 0
        # Emitted from a worker, Qt queues the call to this (GUI) thread; emitted inline (the
        # fake pool in tests), the slot runs at once.
        self._relay = _Relay(self)
        self._relay.sig_finished.connect(self._on_finished)
        self._relay.sig_failed.connect(self._on_failed)

    def submit(
        self,
        function: Callable[[], T],
        on_success: Callable[[T], object],
        on_failure: Failure | None = None,
        *,
        channel: str | None = None,
        write: bool = False,
        owner: QObject | None = None,
    ) -> int:
        """Run `function` on a worker; returns the generation of this request on its channel.

        The plumbing under `Op`: screens build ops (`task`, or `DatabaseTasks.query/write`).

        A reply whose `owner` (by default the object `on_success` is bound to) was deleted in
        the meantime is dropped: a closed dialog must not be updated.
        """
        bound = getattr(on_success, "__self__", None)
        receiver = owner if owner is not None else bound if isinstance(bound, QObject) else None
        generation = 0
        if channel is not None:
            generation = self._generations.get(channel, 0) + 1
            self._generations[channel] = generation

        def current() -> bool:
            if receiver is not None and not isValid(receiver):
                return False
            return channel is None or self._generations.get(channel) == generation

        def finished(result: object) -> None:
            if current():
                on_success(cast(T, result))  # what `function` returned, relayed as an object

        def failed(error: Exception, trace: str) -> None:
            if current():
                self._judge(error, trace, on_failure)

        self._next_id += 1
        task_id = self._next_id
        self._in_flight[task_id] = (finished, failed, function)
        if len(self._in_flight) == 1:
            self.sig_busy_changed.emit(True)
        (self._writes if write else self._reads).start(_Task(function, self._relay, task_id))
        return generation

    @Slot(object, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        callbacks = self._settle(task_id)
        if callbacks is not None:
            callbacks[0](result)

    @Slot(object, object, str)
    def _on_failed(self, task_id: int, error: Exception, trace: str) -> None:
        callbacks = self._settle(task_id)
        if callbacks is not None:
            callbacks[1](error, trace)

    def task(self, function: Callable[[], T], *, write: bool = False) -> Op[T]:
        """An op running `function`, no unit of work given (opening a database, testing a URL,
        filling demo data); `write` puts it on the pool of one."""
        from desktop.ui.common.operations import Op  # it builds on this module

        return Op(self, function, write=write)

    def cancel(self, channel: str) -> None:
        """Make every outstanding reply on `channel` stale."""
        self._generations[channel] = self._generations.get(channel, 0) + 1

    def is_busy(self) -> bool:
        return bool(self._in_flight)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until both pools are idle (shutdown and tests only)."""
        return self._reads.waitForDone(msecs) and self._writes.waitForDone(msecs)

    def _settle(self, task_id: int) -> _InFlight | None:
        callbacks = self._in_flight.pop(task_id, None)
        if callbacks is not None and not self._in_flight:
            self.sig_busy_changed.emit(False)
        return callbacks

    def _judge(self, error: Exception, trace: str, on_failure: Failure | None) -> None:
        if isinstance(error, DatabaseUnavailable):
            self.sig_connection_lost.emit(error_text(error))
        if isinstance(error, BounceDeskError):
            if on_failure is not None:
                on_failure(error)
            elif not isinstance(error, DatabaseUnavailable):
                self.sig_environment_failed.emit(error_text(error))
            return
        log.error("Background task failed:\n%s", trace)
        self.sig_bug.emit(trace)


class Debouncer(QObject):
    """Calls `action` once typing has paused for `delay_ms` (restarted by every `poke`)."""

    def __init__(
        self, action: Callable[[], None], delay_ms: int = 250, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(action)

    def poke(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()

    def is_pending(self) -> bool:
        return self._timer.isActive()
