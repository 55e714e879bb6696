"""The quarantine screen's models, filled from the services and checked by the model tester."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from desktop.services import release
from desktop.services.uow import Database
from desktop.ui.quarantine import actions
from desktop.ui.quarantine.model import SORT_ROLE, QuarantineTableModel, RequestTableModel
from tests.ui.seed import JAN, Seeded

pytestmark = pytest.mark.gui


def test_quarantine_and_request_models(
    qapp: QApplication, qtmodeltester: ModelTester, database: Database, seeded: Seeded
) -> None:
    with database.unit_of_work() as uow:
        release.set_approval_mode(uow, release.ApprovalMode.APPROVER, by="lead")
    actions.request_release(database.unit_of_work, JAN, "Sanne", "phoned")
    snapshot = actions.load_snapshot(database.unit_of_work)

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
