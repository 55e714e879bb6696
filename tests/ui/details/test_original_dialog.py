"""'Show original' in the timeline: the raw record in its own window, phrase highlighted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.domain.model import EventType
from desktop.services.importing import import_feed
from desktop.services.ports import Database
from desktop.services.search import find_message
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.details.original_dialog import OriginalDialog
from desktop.ui.details.view import MessageDetailsView
from tests.services.test_originals import LOG

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_show_original_opens_the_raw_line_with_the_phrase_marked(
    qtbot: QtBot, database: Database, inline_runner: TaskRunner, tmp_path: Path
) -> None:
    log = tmp_path / "maillog"
    log.write_text(LOG, encoding="utf-8")
    import_feed(database, "postfix", [str(log)])
    with database.unit_of_work() as uow:
        message = find_message(uow, "invite-7@sender.example")
    view = MessageDetailsView(DatabaseTasks(inline_runner, database.unit_of_work))
    qtbot.addWidget(view)
    view.resize(900, 900)
    view.show()
    view.show_message(message)
    qtbot.waitUntil(view.timeline.is_complete)
    # what happens next is said under the timeline: the address is quarantined
    assert view.next_step.isVisible() and "quarantined until" in view.next_step.text()
    row = next(r for r in view.timeline.rows if r.shown_event.type is EventType.HARD_BOUNCE)
    row.original_button.click()
    dialog = view.original_dialog
    assert isinstance(dialog, OriginalDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert "status=bounced" in dialog.text.toPlainText()
    (selection,) = dialog.text.extraSelections()
    assert selection.cursor.selectedText() == "User unknown"
    assert dialog.phrase.text() == "Deciding phrase: User unknown"
    with qtbot.waitSignal(dialog.sig_copied):
        dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Remote host: mx.example.nl" in copied and "<invite-7@sender.example>" in copied
    dialog.grab().save(str(tmp_path / "original.png"))
    view.grab().save(str(tmp_path / "details.png"))
    assert (tmp_path / "original.png").stat().st_size > 0
