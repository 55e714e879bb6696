"""Writes an import's batches on a thread of its own, so parsing overlaps the database work.

SQLite and psycopg release the GIL while they insert, index and sync, so the reader can parse
the next batch meanwhile. At most one batch waits in the queue: memory stays bounded.

Batches are written as they come but committed in groups of about `COMMIT_EVENTS` events:
a commit writes every index page the transaction touched, and on a large database the random
keys touch nearly a page per event per index, so fewer, larger commits write far less.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from desktop.domain.model import ParsedEvent
from desktop.store.bulk_import.batch import BatchCounts, BatchImporter
from desktop.store.bulk_import.concurrency import (
    MAX_ATTEMPTS,
    pause,
    retryable,
    take_import_lock,
)
from desktop.store.bulk_import.lookups import ImportQueries
from desktop.store.uow import SqlUnitOfWork, sql_unit_of_work
from desktop.store.wal_checkpoints import BackgroundCheckpoints

COMMIT_EVENTS = 60_000


@dataclass(frozen=True, slots=True)
class _Stop:
    commit: bool  # False: the caller failed; what is not yet committed is rolled back


class CommitThread:
    """Writes submitted batches in order and commits them in groups.

    Owned by one caller thread: `submit`, then `close` (or `abandon` when the caller fails).
    A failure on the thread stops it and is raised again by the next `submit` or by `close`.
    `on_commit` runs on the commit thread after each commit, once per batch it made durable.
    """

    def __init__(
        self,
        uow_factory: Callable[[], object],
        importer: BatchImporter,
        on_commit: Callable[[BatchCounts], None],
        commit_events: int = COMMIT_EVENTS,
    ) -> None:
        self._uow_factory = uow_factory
        self._importer = importer
        self._on_commit = on_commit
        self._commit_events = commit_events
        self._queue: queue.Queue[list[ParsedEvent] | _Stop] = queue.Queue(maxsize=1)
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
        self._stop(_Stop(commit=True))
        self._raise_failure()

    def abandon(self) -> None:
        """Stop after the batch being written, rolling back what is not committed yet."""
        with contextlib.suppress(queue.Empty):
            self._queue.get_nowait()
        self._stop(_Stop(commit=False))

    def _stop(self, stop: _Stop) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(stop, timeout=0.2)
                break
            except queue.Full:
                continue
        self._thread.join()

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        uow: SqlUnitOfWork | None = None
        pending: list[list[ParsedEvent]] = []  # the batches of the open transaction
        written: list[BatchCounts] = []  # what the first len(written) of them did
        checkpoints: BackgroundCheckpoints | None = None
        try:
            while True:
                item = self._queue.get()
                if isinstance(item, _Stop):
                    if item.commit:
                        current, uow = uow, None  # _commit owns it now, failures included
                        uow = self._commit(current, pending, written, last=True)
                    elif uow is None:
                        uow = sql_unit_of_work(self._uow_factory()).__enter__()
                    ImportQueries(uow.session).relax()  # the pool keeps the connection
                    return
                pending.append(item)
                current, uow = uow, None  # _write owns it now, failures included
                uow = self._write(current, pending, written)
                if checkpoints is None and uow.dialect == "sqlite":
                    checkpoints = BackgroundCheckpoints(uow.session.get_bind().engine)
                if sum(counts.imported + counts.duplicates for counts in written) >= (
                    self._commit_events
                ):
                    current, uow = uow, None
                    self._commit(current, pending, written, last=False).__exit__(None, None, None)
                    if checkpoints is not None:
                        checkpoints.nudge()
        except BaseException as error:  # handed to the caller's thread, not lost
            failure = error
            if uow is not None:
                try:  # leaving the unit of work turns environment failures into domain errors
                    uow.__exit__(type(error), error, error.__traceback__)
                except BaseException as translated:
                    failure = translated
                uow = None
            self._error = failure
        finally:
            if uow is not None:
                uow.__exit__(None, None, None)  # rolls back anything not committed
            if checkpoints is not None:
                checkpoints.close()

    def _begin(self) -> SqlUnitOfWork:
        """A unit of work whose transaction holds the import write lock (see concurrency.py)."""
        uow = sql_unit_of_work(self._uow_factory()).__enter__()
        try:
            queries = ImportQueries(uow.session)  # its PRAGMAs must precede the transaction
            take_import_lock(uow.session)
            self._importer.begin(queries)
        except BaseException as error:  # left closed; environment failures as domain errors
            uow.__exit__(type(error), error, error.__traceback__)
            raise
        return uow

    def _write(
        self,
        uow: SqlUnitOfWork | None,
        pending: list[list[ParsedEvent]],
        written: list[BatchCounts],
        last: bool | None = None,
    ) -> SqlUnitOfWork:
        """Write the pending batches not written yet, and commit when `last` is not None.

        A transaction lost to another writer (see concurrency.retryable) is rolled back and
        every pending batch written again in a new one, after a pause. On failure the unit of
        work is left here (turning environment failures into domain errors), never open.
        """
        attempt = 0
        while True:
            try:
                if uow is None:
                    uow = self._begin()
                while len(written) < len(pending):
                    written.append(self._importer.write(uow, pending[len(written)]))
                if last is not None:
                    queries = ImportQueries(uow.session)
                    if last:
                        queries.merge_text_index_again()
                    self._importer.committing(queries)
                    uow.session.commit()  # not uow.commit: a lost race must stay recognisable
                return uow
            except Exception as error:
                attempt += 1
                failing, uow = uow, None
                if attempt >= MAX_ATTEMPTS or not retryable(error):
                    if failing is not None:
                        failing.__exit__(type(error), error, error.__traceback__)
                    raise
                if failing is not None:
                    failing.__exit__(None, None, None)  # rolls back
                written.clear()
                self._importer.forget()  # its caches may hold what was rolled back
                pause(attempt)
            except BaseException:  # interrupted: nothing to try again, nothing left open
                if uow is not None:
                    uow.__exit__(None, None, None)
                raise

    def _commit(
        self,
        uow: SqlUnitOfWork | None,
        pending: list[list[ParsedEvent]],
        written: list[BatchCounts],
        *,
        last: bool,
    ) -> SqlUnitOfWork:
        uow = self._write(uow, pending, written, last)
        for counts in written:
            self._on_commit(counts)
        written.clear()
        pending.clear()
        return uow
