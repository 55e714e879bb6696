"""The quarantine screen's models, filled from the services and checked by the model tester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.errors import DatabaseUnavailable
from desktop.domain.model import Reason
from desktop.domain.search import QuarantineSort
from desktop.services import release
from desktop.services.ports import Database
from desktop.services.quarantine_overview import quarantine_overview
from desktop.ui.common.i18n import number
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.quarantine.model import SORT_ROLE, QuarantineTableModel, RequestTableModel
from desktop.ui.quarantine.view import QuarantineView
from tests.services.many_rows import OLD_ADDRESS, many_quarantines
from tests.services.quarantine_data import add_quarantine
from tests.ui.seed import JAN, Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def test_quarantine_and_request_models(
    qapp: QApplication, qtmodeltester: ModelTester, database: Database, seeded: Seeded
) -> None:
    with database.unit_of_work() as uow:
        release.set_approval_mode(uow, release.ApprovalMode.APPROVER, by="lead")
    with database.unit_of_work() as uow:
        release.request_release(uow, JAN, "Sanne", "phoned")
    with database.unit_of_work() as uow:
        snapshot = quarantine_overview(uow)

    quarantines = QuarantineTableModel()
    quarantines.set_entries(snapshot.entries, snapshot.at)
    qtmodeltester.check(quarantines)
    assert quarantines.rowCount() == 1
    row = [quarantines.index(0, c).data() for c in range(quarantines.columnCount())]
    assert row[:3] == [JAN, "Soft bounce", "Mailbox full"]
    assert row[6] == "pending"
    assert row[7] == "Sanne: “phoned”"  # the request's note is in the list
    assert isinstance(quarantines.index(0, 4).data(SORT_ROLE), float)  # ends in sorts by time

    requests = RequestTableModel()
    requests.set_requests(snapshot.pending)
    qtmodeltester.check(requests)
    assert [requests.index(0, c).data() for c in (0, 1, 4)] == [JAN, "Sanne", "phoned"]
    assert snapshot.approval is release.ApprovalMode.APPROVER


def test_the_list_pages_in_the_database_over_every_open_quarantine(
    qtbot: QtBot, tasks: DatabaseTasks, database: Database
) -> None:
    many_quarantines(database, 1_200, datetime.now(UTC))  # more than the old cap of 1,000
    view = QuarantineView(tasks, "Sanne")
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 200 and "open" in view.summary.text())
    # counts in the UI locale: 1,200 in en_US, 1.200 in Dutch (the test run may be in C: 1200)
    assert view.summary.text().startswith(f"{number(1_200)} open · 200 shown")
    assert view.model.index(0, 0).data() == "person01199@example2.nl"  # newest first

    # Scrolling to the end reads the next page: the list does not end silently.
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model.rowCount() >= 400)
    qtbot.waitUntil(lambda: f"{view.model.rowCount():,} shown" in view.summary.text())

    # The filter runs in the database: the oldest quarantine is found, wildcards are literal.
    view.filter.setFocus()
    qtbot.keyClicks(view.filter, "needle_%1")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.index(0, 0).data() == OLD_ADDRESS
    shown = f"{number(1_200)} open · 1 match · 1 shown"
    qtbot.waitUntil(lambda: view.summary.text().startswith(shown))

    # Sorting runs in the database too: A to Z by address, over every open quarantine.
    view.filter.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 200)
    view.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: view.model.index(0, 0).data() == OLD_ADDRESS)
    assert view.model.criteria.sort is QuarantineSort.ADDRESS


def test_the_first_page_comes_before_the_burst_flags_which_then_mark_its_rows(
    qtbot: QtBot, tasks: DatabaseTasks, database: Database
) -> None:
    """Burst detection reads every open quarantine; the list must not wait for it."""
    now = datetime.now(UTC)
    with database.unit_of_work() as uow:
        for i in range(32):
            add_quarantine(uow, f"user{i}@provider.nl", now - timedelta(minutes=40 - i),
                           Reason.BLOCKED if i % 4 else Reason.SERVER_ERROR)  # fmt: skip
        add_quarantine(uow, "jan@example.nl", now - timedelta(minutes=5))
        uow.commit()
    model = QuarantineTableModel(tasks)
    pages: list[list[str]] = []
    model.sig_loaded.connect(lambda: pages.append([_note_of(model, r) for r in range(33)]))
    with qtbot.waitSignal(model.sig_flagged, timeout=10_000):
        model.load()
    assert pages and not any(pages[0]), "the first page is shown before the burst is known"
    notes = {model.index(r, 0).data(): _note_of(model, r) for r in range(model.rowCount())}
    assert "probably not about this address" in notes["user3@provider.nl"]
    assert notes["jan@example.nl"] == ""

    # Flags read for an earlier load arrive late: they are dropped, the reload's own follow.
    with qtbot.waitSignal(model.sig_flagged, timeout=10_000):
        model.load()
        model._on_flags((model._generation - 1, {}))
        assert model._flagged is None
    assert "probably" in _note_of(model, _row_of(model, "user3@provider.nl"))


def _note_of(model: QuarantineTableModel, row: int) -> str:
    return str(model.index(row, 7).data() or "")


def _row_of(model: QuarantineTableModel, address: str) -> int:
    found = model.row_of(address)
    return found if found is not None else -1


def test_a_failed_burst_check_leaves_the_list_and_its_paging_alone(
    qtbot: QtBot, tasks: DatabaseTasks, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_quarantines(database, 450, datetime.now(UTC))  # more than one page

    def broken(*_args: object) -> object:
        raise DatabaseUnavailable("The database stopped answering.")

    monkeypatch.setattr("desktop.ui.quarantine.model.clusters_by_address", broken)
    model = QuarantineTableModel(tasks)
    with qtbot.waitSignal(model.sig_failed, timeout=10_000) as failed:
        model.load()
    assert failed.args == ["The database stopped answering."]
    qtbot.waitUntil(lambda: model.rowCount() == 200)
    assert model.has_more()  # the next page can still be read
