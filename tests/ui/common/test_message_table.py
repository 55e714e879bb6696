"""The results model: keyset pages on demand, counted, checked by the model tester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelRoleData, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.search import SearchCriteria
from desktop.services.ports import Database
from desktop.ui.common.delegate import _PILLS, StatusDelegate
from desktop.ui.common.message_table import MESSAGE_ROLE, RECIPIENT, STATUS, TIME, MessageTableModel
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import local_time
from desktop.ui.common.workers import TaskRunner
from tests.ui.seed import JAN, seed_quarantined_jan

pytestmark = pytest.mark.gui


def test_pages_arrive_on_demand_and_pass_the_model_tester(
    qtmodeltester: ModelTester, database: Database, inline_runner: TaskRunner
) -> None:
    seed_quarantined_jan(database, others=45)
    model = MessageTableModel(DatabaseTasks(inline_runner, database.unit_of_work), page_size=20)
    counts: list[tuple[int, bool]] = []
    model.sig_counted.connect(lambda total, capped: counts.append((total, capped)))
    model.search(SearchCriteria())
    assert model.rowCount() == 20  # one page, not the whole result
    assert counts == [(50, False)]
    qtmodeltester.check(model)  # also fetches more while checking
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 50
    assert not model.has_more()
    ids = [model.message_at(r).id for r in range(50)]  # type: ignore[union-attr]
    assert len(set(ids)) == 50  # keyset paging neither repeats nor skips


def test_a_search_shows_its_rows_with_status_and_message(
    qtbot: QtBot, database: Database, runner: TaskRunner
) -> None:
    seed_quarantined_jan(database, others=3)
    model = MessageTableModel(DatabaseTasks(runner, database.unit_of_work))
    with qtbot.waitSignal(model.sig_first_page):
        model.search(SearchCriteria(recipient=JAN))
    assert model.rowCount() == 5
    first = model.index(0, RECIPIENT)
    assert model.data(first) == JAN
    assert model.data(model.index(0, STATUS)) == "Soft bounce"
    assert model.data(first, MESSAGE_ROLE).recipient == JAN
    message = model.message_at(0)
    assert message is not None
    # The texts were made with the page; the time shows in the agent's zone.
    assert model.data(model.index(0, TIME)) == local_time(message.created_at)
    assert model.data(model.index(0, TIME), Qt.ItemDataRole.ToolTipRole) == local_time(
        message.created_at, seconds=True
    )
    assert model.data(model.index(0, STATUS), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(99, RECIPIENT)) is None
    # Painting asks all roles of a cell at once; the answers are data()'s.
    for column in (TIME, RECIPIENT, STATUS):
        index = model.index(0, column)
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole, MESSAGE_ROLE):
            slot = QModelRoleData(int(role))
            model.multiData(index, slot)
            assert slot.data() == model.data(index, role)


def test_status_pills_are_drawn_once_per_look_and_then_copied(
    qtbot: QtBot, database: Database, runner: TaskRunner
) -> None:
    seed_quarantined_jan(database, others=3)
    view = QTableView()
    qtbot.addWidget(view)
    model = MessageTableModel(DatabaseTasks(runner, database.unit_of_work), parent=view)
    view.setModel(model)
    view.setItemDelegateForColumn(STATUS, StatusDelegate(view))
    view.resize(900, 300)
    with qtbot.waitSignal(model.sig_first_page):
        model.search(SearchCriteria())
    _PILLS.clear()
    view.grab()
    statuses = {m.status.value for r in range(model.rowCount()) if (m := model.message_at(r))}
    assert {key[0] for key in _PILLS} == statuses
    drawn = dict(_PILLS)
    view.grab()
    assert all(_PILLS[key] is pixmap for key, pixmap in drawn.items())  # reused, not redrawn


def test_a_superseded_search_never_shows_its_rows(
    qtbot: QtBot, database: Database, runner: TaskRunner
) -> None:
    seed_quarantined_jan(database, others=3)
    model = MessageTableModel(DatabaseTasks(runner, database.unit_of_work))
    model.search(SearchCriteria(domain="ziggo.nl"))
    with qtbot.waitSignal(model.sig_first_page):
        model.search(SearchCriteria(recipient=JAN))
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())
    recipients = {model.message_at(r).recipient for r in range(model.rowCount())}  # type: ignore[union-attr]
    assert recipients == {JAN}
