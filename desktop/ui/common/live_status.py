"""The status bar's live-feed indicator: 'Live · 4 s ago' in green, or the quiet source in amber."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from desktop.domain.errors import BounceDeskError
from desktop.services.live_status import Freshness, Level, freshness, states_of
from desktop.ui.common.i18n import ui_language
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import set_role

POLL_MS = 10_000


class LiveStatusLabel(QLabel):
    """Polls the sources' freshness on a worker every few seconds; hidden without live feeds.

    Lives on the GUI thread; the query runs on the runner's pool.
    """

    def __init__(self, tasks: DatabaseTasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
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
        self._tasks.cancel("live-status")

    def refresh(self) -> None:
        language = ui_language()  # read here, on the GUI thread; the query runs on a worker
        self._tasks.query(lambda uow: freshness(states_of(uow), language)).success(
            self.show_freshness
        ).failure(self._failed).on_channel("live-status").run()

    def show_freshness(self, shown: Freshness) -> None:
        if shown.level is Level.NONE:
            self.hide()
            return
        self.setText(shown.text)
        self.setToolTip(shown.tooltip)
        set_role(self, f"live-{shown.level.value}")  # its colour: the style sheet's
        self.show()

    def _failed(self, _error: BounceDeskError) -> None:
        self.hide()  # the banner speaks for a lost database; nothing to claim about the feeds
