"""The team view's pulse: tells when another agent requested, approved or released something."""

from __future__ import annotations

from types import TracebackType

from desktop.domain.records import ANY_CHANGE
from desktop.services.ports import Database

__all__ = ["ANY_CHANGE", "ChangeWatcher"]


class ChangeWatcher:
    """Blocks until the shared database changes, so a view can reload without a restart.

    Runs on a worker thread (never the GUI thread) and belongs to that one thread. On
    PostgreSQL it wakes on the NOTIFY sent by the quarantine and request triggers and says which
    tables changed; on SQLite it polls `PRAGMA data_version` and reports {"database"}. Raises
    DatabaseUnavailable when the connection is lost: make a new watcher once the database is back.
    """

    def __init__(self, database: Database, poll_interval: float = 0.2) -> None:
        self._listener = database.change_listener(poll_interval)

    def wait(self, timeout: float) -> frozenset[str]:
        """What changed within `timeout` seconds (returns at the first change); empty if nothing."""
        return self._listener.wait(timeout)

    def poll(self) -> frozenset[str]:
        """What changed since the last call, without waiting."""
        return self._listener.wait(0.0)

    def close(self) -> None:
        self._listener.close()

    def __enter__(self) -> ChangeWatcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
