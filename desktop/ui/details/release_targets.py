"""One line in the details view: where the address's latest release stands at the providers."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.domain.errors import BounceDeskError
from desktop.services.release_targets import ReleaseTargets, latest_release_targets
from desktop.ui.common.i18n import error_text
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.release_words import targets_line


class ReleaseTargetsLine(QLabel):
    """'Release 12 at the providers: SendGrid ✓ 12:03 · Mailgun failed (503), retrying in 5 min'.

    Hidden when the address was never released to a provider. GUI thread; loads on a worker.
    """

    def __init__(self, tasks: DatabaseTasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Release at the providers"))
        self.hide()

    def show_for(self, address: str) -> None:
        self._tasks.query(
            lambda uow: (latest_release_targets(uow, address), datetime.now(UTC))
        ).success(self._loaded).failure(self._failed).on_channel("details-targets").run()

    def _loaded(self, loaded: tuple[ReleaseTargets | None, datetime]) -> None:
        found, now = loaded
        if found is None:
            self.hide()
            return
        states = targets_line(list(found.items), now, now.astimezone().tzinfo)
        self.setText(self.tr("Release {0} at the providers: {1}").format(found.request_id, states))
        self.show()

    def _failed(self, error: BounceDeskError) -> None:
        self.setText(self.tr("Release at the providers: not known ({0})").format(error_text(error)))
        self.show()
