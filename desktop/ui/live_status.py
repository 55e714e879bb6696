"""The status bar's live-feed indicator: 'Live · 4 s ago' in green, or the quiet source in amber."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from desktop.domain.errors import BounceDeskError
from desktop.services.live_status import Freshness, Level, freshness, source_states
from desktop.services.uow import UnitOfWorkFactory
from desktop.ui.workers import TaskRunner

POLL_MS = 10_000
_COLOURS = {Level.LIVE: "#2e9d57", Level.QUIET: "#b07d0f"}  # green; amber readable on light


class LiveStatusLabel(QLabel):
    """Polls the sources' freshness on a worker every few seconds; hidden without live feeds.

    Lives on the GUI thread; the query runs on the runner's pool.
    """

    def __init__(
        self, runner: TaskRunner, uow_factory: UnitOfWorkFactory, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._uow_factory = uow_factory
        self.setTextFormat(Qt.TextFormat.PlainText)  # source names come from the config
        self.setObjectName("liveStatus")
        self.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._runner.cancel("live-status")

    def refresh(self) -> None:
        factory = self._uow_factory
        self._runner.submit(
            lambda: freshness(source_states(factory)),
            self.show_freshness,
            self._failed,
            channel="live-status",
        )

    def show_freshness(self, shown: Freshness) -> None:
        if shown.level is Level.NONE:
            self.hide()
            return
        self.setText(shown.text)
        self.setToolTip(shown.tooltip)
        self.setStyleSheet(f"QLabel#liveStatus {{ color: {_COLOURS[shown.level]}; }}")
        self.show()

    def _failed(self, _error: BounceDeskError) -> None:
        self.hide()  # the banner speaks for a lost database; nothing to claim about the feeds
