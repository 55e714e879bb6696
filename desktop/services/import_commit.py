"""Commits an import's batches on a thread of its own, so parsing overlaps the database work.

SQLite and psycopg release the GIL while they insert, index and sync, so the reader can parse
the next batch meanwhile. At most one batch waits in the queue: memory stays bounded.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable

from desktop.domain.model import ParsedEvent
from desktop.services.import_batch import BatchCounts, BatchImporter
from desktop.services.uow import UnitOfWorkFactory

_STOP = None


class CommitThread:
    """Writes and commits submitted batches in order, one transaction each.

    Owned by one caller thread: `submit`, then `close` (or `abandon` when the caller fails).
    A failure on the thread stops it and is raised again by the next `submit` or by `close`.
    `on_commit` runs on the commit thread after each commit.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        importer: BatchImporter,
        on_commit: Callable[[BatchCounts], None],
    ) -> None:
        self._uow_factory = uow_factory
        self._importer = importer
        self._on_commit = on_commit
        self._queue: queue.Queue[list[ParsedEvent] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-commit", daemon=True)
        self._thread.start()

    def submit(self, batch: list[ParsedEvent]) -> None:
        self._raise_failure()
        while True:
            try:
                self._queue.put(batch, timeout=0.2)
                return
            except queue.Full:
                self._raise_failure()  # the thread died: waiting would be forever

    def close(self) -> None:
        """Wait until every submitted batch is committed; raise the thread's failure, if any."""
        if self._thread.is_alive():
            self._put_stop()
            self._thread.join()
        self._raise_failure()

    def abandon(self) -> None:
        """Stop after the batch being written; drop the waiting one (the caller has failed)."""
        with contextlib.suppress(queue.Empty):
            self._queue.get_nowait()
        if self._thread.is_alive():
            self._put_stop()
            self._thread.join()

    def _put_stop(self) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(_STOP, timeout=0.2)
                return
            except queue.Full:
                continue

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is _STOP:
                return
            try:
                with self._uow_factory() as uow:
                    counts = self._importer.write(uow, batch)
                    uow.commit()
                self._on_commit(counts)
            except BaseException as error:  # handed to the caller's thread, not lost
                self._error = error
                return
