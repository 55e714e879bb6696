"""Checkpoints of a SQLite write-ahead log run on a thread of their own during a long import.

A checkpoint copies the log's pages into the database file and syncs it. Left to the importing
connection, it runs inside a commit, on the import's critical path (about 7% of a 1,000,000-event
import). Here a second connection copies what each commit made durable while the import writes
on; the importer's own automatic checkpoint stays as the bound on the log's size, and finds
little left to copy. Best effort: a failure here only ends the help.
"""

from __future__ import annotations

import contextlib
import threading

from sqlalchemy import Engine


class BackgroundCheckpoints:
    """`nudge` after each commit; `close` when the import is done. SQLite only."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._wake = threading.Event()
        self._pending = False  # a commit since the last checkpoint began
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="import-checkpoint", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        self._pending = True
        self._wake.set()

    def close(self) -> None:
        """Stop once the checkpoint asked for, if any, is done."""
        self._stopping = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        with contextlib.suppress(Exception), self._engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._pending:
                    self._pending = False
                    # PASSIVE: copies what no reader still needs; never waits, never blocks.
                    raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                if self._stopping:
                    return
