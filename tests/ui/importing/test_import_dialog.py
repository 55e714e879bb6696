"""The import dialog: a feed imported on the write worker with progress; the result counted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.search import SearchCriteria
from desktop.services.importing import READING, SAVING, ImportProgress
from desktop.services.ports import Database
from desktop.services.search import count_messages
from desktop.ui.common.i18n import number
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.importing.dialog import ImportDialog
from tests.ui.fakes import HeldPool, InlinePool

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

MAILLOG = Path(__file__).parents[2] / "data" / "postfix" / "maillog"
MAILLOG_BAD = MAILLOG.with_name("maillog.bad")  # a log with unusable lines among good ones


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


@dataclass(frozen=True)
class _Shown:
    """What the dialog showed after one progress step arrived."""

    phase: str
    stage: str
    status: str
    maximum: int
    value: int
    can_cancel: bool


def test_the_dialog_counts_as_it_goes_and_fills_the_bar_only_when_done(
    qtbot: QtBot, runner: TaskRunner, database: Database
) -> None:
    """Finding 11: a real postfix log with unusable lines, imported through the dialog on the
    write worker. The counts grow while it runs, the bar follows the reading and then shows
    the saving as busy, and it is full exactly when the summary arrives."""
    dialog = ImportDialog(
        DatabaseTasks(runner, database.unit_of_work), "Sanne", batch_size=2, commit_every=4
    )
    qtbot.addWidget(dialog)
    dialog.show()
    shown: list[_Shown] = []
    show_step = dialog._show_progress

    def watch(step: ImportProgress) -> None:  # what the user sees after each step
        show_step(step)
        bar = dialog.progress
        shown.append(
            _Shown(
                step.phase,
                dialog.stage.text(),
                dialog.status.text(),
                bar.maximum(),
                bar.value(),
                dialog.cancel_button.isEnabled(),
            )
        )

    dialog._show_progress = watch  # type: ignore[method-assign]
    dialog.format.setCurrentIndex(dialog.format.findData("postfix"))
    dialog.add_paths([str(MAILLOG), str(MAILLOG_BAD)])
    with qtbot.waitSignal(dialog.sig_imported, timeout=20_000):
        dialog.start_button.click()
    summary = dialog.summary
    assert summary is not None and summary.imported > 0 and summary.bad > 0

    counts = [_counts(s.status) for s in shown]
    for name in ("read", "imported", "bad"):
        assert [c[name] for c in counts] == sorted(c[name] for c in counts)  # never backwards
    assert any(0 < c["imported"] < summary.imported for c in counts)  # grew while running
    assert counts[-1] == {"read": summary.read, "imported": summary.imported, "bad": summary.bad}

    reading = [s for s in shown if s.phase == READING]
    assert reading and all(s.maximum == 1000 and 0 < s.value < 1000 for s in reading)
    saving = [s for s in shown if s.phase == SAVING]
    assert saving and all(s.maximum == 0 for s in saving)  # busy, not full
    assert all(s.stage == "Saving the last events…" and not s.can_cancel for s in saving)

    assert (dialog.progress.maximum(), dialog.progress.value()) == (1000, 1000)
    assert dialog.stage.text() == ""  # the summary says it is done
    assert f"{number(summary.imported)} events imported" in dialog.status.text()


def _counts(status: str) -> dict[str, int]:
    found = re.search(r"([\d,]+) records read .* ([\d,]+) imported .* ([\d,]+) unusable", status)
    assert found is not None, status
    read, imported, bad = (int(group.replace(",", "")) for group in found.groups())
    return {"read": read, "imported": imported, "bad": bad}


def test_after_choosing_files_enter_starts_the_import(
    qtbot: QtBot, runner: TaskRunner, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found under Xvfb: Enter after the file chooser pressed "Add files…" again."""
    monkeypatch.setattr(
        "desktop.ui.importing.dialog.QFileDialog.getOpenFileNames",
        lambda *_args: ([str(MAILLOG)], ""),
    )
    dialog = ImportDialog(DatabaseTasks(runner, database.unit_of_work), "Sanne")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.format.setCurrentIndex(dialog.format.findData("postfix"))
    dialog.add_button.setFocus()
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Space)  # "Add files…" by keyboard
    assert dialog.paths() == [str(MAILLOG)]
    qtbot.waitUntil(dialog.start_button.hasFocus)
    assert not dialog.stage.isVisible()  # no empty line between the files and the bar
    with qtbot.waitSignal(dialog.sig_imported, timeout=20_000):
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Return)
    assert dialog.summary is not None and dialog.summary.imported > 0
