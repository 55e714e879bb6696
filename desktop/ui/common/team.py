"""The team view: reload when another agent changes the shared database, without a restart."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from desktop.domain.errors import BounceDeskError
from desktop.services.ports import Database
from desktop.services.team_watch import ChangeWatcher

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 5.0


class TeamWatch(QObject):
    """Owns one watcher thread (a blocking wait, so not a pool task); GUI side emits signals.

    `sig_changed` arrives on the GUI thread with the names of what changed. A lost
    connection is retried every few seconds with a new watcher; nothing is shown for it
    here (the banner belongs to the database work itself).
    """

    sig_changed = Signal(object)  # frozenset[str]

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="team-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with ChangeWatcher(self._database) as watcher:
                    while not self._stop.is_set():
                        changed = watcher.wait(1.0)
                        if changed:
                            self.sig_changed.emit(frozenset(changed))
            except BounceDeskError as error:
                log.info("Team watch paused: %s", error)
                self._stop.wait(RECONNECT_SECONDS)
