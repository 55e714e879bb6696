"""The quarantine screen's models, filled from the services and checked by the model tester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from desktop.domain.model import Quarantine, QuarantineCause, Reason, RiskLevel
from desktop.services import release
from desktop.services.ports import Database
from desktop.services.quarantine import QuarantineEntry
from desktop.services.quarantine_overview import quarantine_overview
from desktop.ui.quarantine.model import (
    SORT_ROLE,
    QuarantineProxy,
    QuarantineTableModel,
    RequestTableModel,
    prepare_rows,
)
from tests.ui.seed import JAN, Seeded

pytestmark = pytest.mark.gui
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
    assert isinstance(quarantines.index(0, 4).data(SORT_ROLE), float)  # ends in sorts by time

    requests = RequestTableModel()
    requests.set_requests(snapshot.pending)
    qtmodeltester.check(requests)
    assert [requests.index(0, c).data() for c in (0, 1, 4)] == [JAN, "Sanne", "phoned"]
    assert snapshot.approval is release.ApprovalMode.APPROVER


def _entry(address: str, hours_ago: int, risk: RiskLevel) -> QuarantineEntry:
    started = NOW - timedelta(hours=hours_ago)
    quarantine = Quarantine(
        id=hours_ago,
        address=address,
        cause=QuarantineCause.HARD_BOUNCE,
        reason=Reason.ADDRESS_UNKNOWN,
        started_at=started,
        ends_at=started + timedelta(days=7),
    )
    return QuarantineEntry(quarantine, None, risk, "why", timedelta(days=6), None, None)


def test_the_quarantine_table_sorts_itself_and_filters_by_plain_text(
    qapp: QApplication, qtmodeltester: ModelTester
) -> None:
    entries = [
        _entry("b@ziggo.nl", 3, RiskLevel.HIGH),
        _entry("a@kpn.nl", 1, RiskLevel.LOW),
        _entry("c@ziggo.nl", 2, RiskLevel.MEDIUM),
    ]
    model = QuarantineTableModel()
    proxy = QuarantineProxy()
    proxy.setSourceModel(model)
    model.set_entries(entries, NOW, prepare_rows(entries, NOW))
    qtmodeltester.check(model)

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    assert shown() == ["a@kpn.nl", "c@ziggo.nl", "b@ziggo.nl"]  # newest first by default
    kept = QPersistentModelIndex(model.index(0, 0))  # a selection survives re-sorting
    proxy.sort(5, Qt.SortOrder.DescendingOrder)  # risk, the header's click
    assert shown() == ["b@ziggo.nl", "c@ziggo.nl", "a@kpn.nl"]
    assert kept.data() == "a@kpn.nl" and kept.row() == 2
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert shown() == ["a@kpn.nl", "b@ziggo.nl", "c@ziggo.nl"]

    proxy.set_needle("  ZIGGO ")
    assert shown() == ["b@ziggo.nl", "c@ziggo.nl"]
    proxy.set_needle("address does not")  # the reason's words match too
    assert proxy.rowCount() == 3
    proxy.set_needle("%")  # plain text: nothing is a pattern
    assert proxy.rowCount() == 0
    proxy.set_needle("")
    # A reload keeps the order the agent chose.
    model.set_entries(entries[:2], NOW)
    assert shown() == ["a@kpn.nl", "b@ziggo.nl"]
