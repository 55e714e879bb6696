"""The search screen: filters, CSV export of every page, remembered filters, bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.errors import EnvironmentFailure
from desktop.domain.model import MessageStatus
from desktop.domain.search import SearchCriteria
from desktop.services.export import export_messages_csv
from desktop.services.ports import Database
from desktop.store.messages import NewMessage
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.search import export
from desktop.ui.search import view as search_view
from desktop.ui.search.view import MessageSearchView
from tests.ui.seed import JAN, NOW, Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def view(qtbot: QtBot, runner: TaskRunner, database: Database, seeded: Seeded) -> MessageSearchView:
    search = MessageSearchView(DatabaseTasks(runner, database.unit_of_work))
    qtbot.addWidget(search)
    search.show()
    return search


def test_status_filter_narrows_the_result(qtbot: QtBot, view: MessageSearchView) -> None:
    index = view.status_filter.findData(MessageStatus.SOFT_BOUNCE)
    view.status_filter.setCurrentIndex(index)
    with qtbot.waitSignal(view.model.sig_first_page):
        view.run_search()
    rows = [view.model.message_at(r) for r in range(view.model.rowCount())]
    assert len(rows) == 5 and all(m is not None and m.recipient == JAN for m in rows)
    qtbot.waitUntil(lambda: view.status_line.text().startswith("5 messages"))
    assert "status is 'Soft bounce'" in view.status_line.text()  # as the filter shows it


def test_unusable_input_is_explained_not_searched(view: MessageSearchView) -> None:
    view.query.setText("jan\x00@example.nl")
    view.run_search()
    assert "NUL" in view.status_line.text()


def test_filters_are_remembered(qtbot: QtBot, view: MessageSearchView, runner: TaskRunner) -> None:
    view.query.setText("@ziggo.nl")
    view.reason_filter.setCurrentIndex(3)
    state = view.filter_state()
    again = MessageSearchView(view._tasks)
    qtbot.addWidget(again)
    again.restore_filter_state(state)
    assert again.query.text() == "@ziggo.nl"
    assert again.reason_filter.currentIndex() == 3


def test_export_writes_every_page(database: Database, seeded: Seeded, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = export_messages_csv(database.unit_of_work, SearchCriteria(), target)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert result.rows == len(rows) == 35 and not result.cancelled
    assert {r["recipient"] for r in rows} >= {JAN}
    assert rows[0]["created_at"] >= rows[-1]["created_at"]  # newest first, like the table


def test_export_to_an_unwritable_place_is_an_environment_error(
    database: Database, tmp_path: Path
) -> None:
    with pytest.raises(EnvironmentFailure, match="Cannot write"):
        export_messages_csv(
            database.unit_of_work, SearchCriteria(), tmp_path / "missing" / "out.csv"
        )


def test_export_from_the_view_neutralises_formulas(
    qtbot: QtBot,
    view: MessageSearchView,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Subjects and senders come from outside: a spreadsheet must show them, never run them."""
    attacks = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "+1", "-1", "@A1"]
    with database.unit_of_work() as uow:
        account = uow.messages.account_id("Gala Events")
        for n, subject in enumerate(attacks):
            uow.messages.add(
                NewMessage(
                    message_id=f"attack{n}@evil.example",
                    account_id=account,
                    sender="=1+1@evil.example",
                    recipient=f"victim{n}@example.nl",
                    subject=subject,
                    status=MessageStatus.DELIVERED,
                    reason=None,
                    created_at=NOW,
                    last_event_at=NOW,
                )
            )
        uow.commit()
    target = tmp_path / "export.csv"
    told: list[str] = []
    monkeypatch.setattr(search_view, "ask_export_path", lambda _parent: target)
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    with qtbot.waitSignal(view.model.sig_first_page):
        view.run_search()
    view.export_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert "Exported 40 messages" in told[0]
    with target.open(encoding="utf-8", newline="") as handle:
        rows = {r["message_id"]: r for r in csv.DictReader(handle)}
    for n, subject in enumerate(attacks):
        row = rows[f"attack{n}@evil.example"]
        assert row["subject"] == "'" + subject
        assert row["sender"] == "'=1+1@evil.example"
    assert rows["jan0@mail.gala.example"]["subject"] == "Invitation gala dinner"  # untouched


def test_export_starts_in_the_documents_folder(
    qtbot: QtBot, view: MessageSearchView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#17 finding 11: the save dialog opens in the user's documents folder, not wherever
    the app was started; cancelling it writes nothing and says nothing."""
    asked: list[str] = []

    def save_dialog(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""  # the user cancels

    told: list[str] = []
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(str(args)))
    with qtbot.waitSignal(view.model.sig_first_page):
        view.run_search()
    view.export_button.click()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert len(asked) == 1 and Path(asked[0]).parent == Path(documents)
    assert asked[0].endswith(".csv") and told == []
