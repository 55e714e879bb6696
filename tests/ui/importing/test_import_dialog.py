"""The import dialog: a feed imported on the write worker with progress; the result counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.search import SearchCriteria
from desktop.services.ports import Database
from desktop.services.search import count_messages
from desktop.ui.common.i18n import number
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.importing.dialog import ImportDialog
from tests.ui.fakes import HeldPool, InlinePool

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

MAILLOG = Path(__file__).parents[2] / "data" / "postfix" / "maillog"


def test_import_a_postfix_log_and_say_what_happened(
    qtbot: QtBot, runner: TaskRunner, database: Database
) -> None:
    dialog = ImportDialog(DatabaseTasks(runner, database.unit_of_work), "Sanne")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format.setCurrentIndex(dialog.format.findData("postfix"))
    assert not dialog.start_button.isEnabled()  # nothing to import yet
    dialog.add_paths([str(MAILLOG)])
    with qtbot.waitSignal(dialog.sig_imported, timeout=20_000):
        dialog.start_button.click()
        assert dialog.cancel_button.isEnabled()
    summary = dialog.summary
    assert summary is not None and not summary.cancelled
    assert summary.imported > 0
    assert f"{number(summary.imported)} events imported" in dialog.status.text()
    with database.unit_of_work() as uow:
        assert count_messages(uow, SearchCriteria()) > 0
    assert dialog.start_button.isEnabled() and dialog.close_button.isEnabled()


def test_cancel_keeps_what_was_committed_and_says_so(qtbot: QtBot, database: Database) -> None:
    writes = HeldPool()  # the import starts only when the test lets it
    runner = TaskRunner(reads=InlinePool(), writes=writes)
    dialog = ImportDialog(DatabaseTasks(runner, database.unit_of_work), "Sanne", batch_size=2)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("postfix"))
    dialog.add_paths([str(MAILLOG)])
    dialog.start_button.click()
    dialog.cancel_button.click()  # honoured after the first committed batch
    assert "Cancelling" in dialog.status.text()
    with qtbot.waitSignal(dialog.sig_imported):
        writes.run()
    summary = dialog.summary
    assert summary is not None and summary.cancelled
    assert summary.batches == 1 and summary.imported == 2
    assert "Cancelled" in dialog.status.text() and "are kept" in dialog.status.text()
    with database.unit_of_work() as uow:
        stored = count_messages(uow, SearchCriteria())
    assert stored == summary.messages > 0  # exactly what was committed before the cancel
