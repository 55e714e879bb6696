"""A first start on an empty local database: offer demo data, then fill it with progress."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from desktop.domain.errors import BounceDeskError
from desktop.services.health import DatabaseProbe, probe
from desktop.services.ports import Database
from desktop.ui.common.dialogs import DemoOfferDialog
from desktop.ui.common.i18n import error_text
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.progress import Progress
from desktop.ui.main_window import MainWindow

DEMO_MESSAGES = 5_000

# Fills `database` with `messages` demo messages on a worker: `report(done)` after each batch,
# stop early when `cancelled()`. The composition root supplies it, since demo tooling sits
# beside the ui and writes through the store directly.
DemoFiller = Callable[[Database, int, Callable[[int], None], Callable[[], bool]], None]


class FirstRun(QObject):
    """Asks once whether the database is empty; offers demo data when it is. GUI thread.

    `sig_offered` says the offer was made, so the caller records never to ask again.
    """

    sig_offered = Signal()

    def __init__(
        self,
        tasks: DatabaseTasks,
        database: Database,
        window: MainWindow,
        fill: DemoFiller,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fill = fill
        self._tasks = tasks
        self._database = database
        self._window = window

    def check(self) -> None:
        # A failed probe says nothing about emptiness; the banner reports a lost database.
        self._tasks.query(probe).success(self._probed).failure(lambda _e: None).run()

    def _probed(self, found: DatabaseProbe) -> None:
        if found.holds_messages:
            return
        self.sig_offered.emit()
        if DemoOfferDialog.ask(self._window):
            self.fill_demo()

    def fill_demo(self, messages: int = DEMO_MESSAGES) -> None:
        """Demo data on the write worker behind a cancellable progress dialog."""
        database, window, fill = self._database, self._window, self._fill
        adding = self.tr("Adding demo data…")
        progress: Progress[int] = Progress.in_dialog(
            window, self.tr("Demo data"), adding, messages, lambda done: (done, adding)
        )
        title, problem = self.tr("Demo data"), self.tr("Demo data could not be added: {error}")

        def finished(_result: None) -> None:
            window.refresh()
            window.search.load_accounts()

        def failed(error: BounceDeskError) -> None:
            QMessageBox.warning(window, title, problem.format(error=error_text(error)))

        self._tasks.runner.task(
            lambda: fill(database, messages, progress.report, progress.cancelled),
            write=True,
        ).with_progress(progress).success(finished).failure(failed).owned_by(window).run()
