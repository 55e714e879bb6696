"""The quarantine tab's release-target panel: states, the one-hour warning, retry and give up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desktop.domain.release_targets import DeliveryState
from desktop.services.ports import Database
from desktop.services.release_sync import OutboxWorker, build_clients
from desktop.services.release_targets import release_targets_of
from desktop.store.tables import ReleaseOutboxRow
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.details.release_targets import ReleaseTargetsLine
from desktop.ui.quarantine.targets import ReleaseTargetsPanel
from tests.helpers.provider_servers import ProviderServer
from tests.services.release_sync_data import release, targets_for

pytestmark = pytest.mark.gui


def _released(database: Database, tmp_path: Path) -> tuple[int, int]:
    """Two releases: the first's Mailgun call refused (401) two hours ago, the second done."""
    with ProviderServer("sendgrid") as sendgrid, ProviderServer("mailgun") as mailgun:
        targets = targets_for(database, [sendgrid, mailgun], tmp_path)
        mailgun.script.append((401, {}, b"Forbidden"))
        first = release(database, "jan@example.nl")[0]
        OutboxWorker(database, build_clients(targets)).run_until_idle()
        mailgun.script.clear()
        mailgun_only = build_clients([t for t in targets if t.name == "sendgrid"])
        second = release(database, "piet@example.nl")[0]
        OutboxWorker(database, mailgun_only).run_until_idle()
    with database.session() as session:
        session.execute(
            update(ReleaseOutboxRow)
            .where(ReleaseOutboxRow.request_id == first)
            .values(created_at=datetime.now(UTC) - timedelta(hours=2))
        )
        session.commit()
    return first, second


def test_panel_shows_states_warns_and_lets_an_approver_retry_and_give_up(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    runner: TaskRunner,
    database: Database,
    tmp_path: Path,
) -> None:
    first, second = _released(database, tmp_path)
    screen = QWidget()  # as in the quarantine tab: the panel shows itself only with rows
    qtbot.addWidget(screen)
    panel = ReleaseTargetsPanel(DatabaseTasks(runner, database.unit_of_work), "lead", screen)
    panel.resize(900, 320)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    qtmodeltester.check(panel.model)
    assert not panel.isHidden()

    # Both have an unfinished target: newest first. The warning names the old failure.
    assert [panel.model.index(n, 0).data() for n in (0, 1)] == ["piet@example.nl", "jan@example.nl"]
    summary = panel.model.index(1, 2).data()
    assert summary.startswith("SendGrid ✓ ") and "Mailgun stopped (401)" in summary
    assert panel.model.index(0, 2).data().startswith("SendGrid ✓")
    assert "Mailgun waiting" in panel.model.index(0, 2).data()
    assert not panel.warning.isHidden()
    assert "1 provider call failing for more than an hour: Mailgun for jan@example.nl" in (
        panel.warning.text()
    )
    panel.grab().save(str(tmp_path / "release-targets.png"))

    panel.table.selectRow(1)
    assert panel.target.count() == 1 and panel.target.currentText() == "Mailgun (stopped)"
    panel.note.setText("key rotated")
    with qtbot.waitSignal(panel.sig_status, timeout=5000) as said:
        panel.retry_button.click()
    assert said.args == ["Target sent back to be called"]
    with database.unit_of_work() as uow:
        (_, mailgun) = release_targets_of(uow, first)
    assert (mailgun.state, mailgun.note) == (DeliveryState.PENDING, "key rotated")

    qtbot.waitUntil(lambda: panel.target.count() == 1, timeout=5000)
    panel.note.setText("account closed")
    with qtbot.waitSignal(panel.sig_status, timeout=5000):
        panel.give_up_button.click()
    with database.unit_of_work() as uow:
        (_, mailgun) = release_targets_of(uow, first)
    assert (mailgun.state, mailgun.note) == (DeliveryState.GIVEN_UP, "account closed")
    qtbot.waitUntil(panel.warning.isHidden, timeout=5000)
    assert second


def test_details_line_shows_the_latest_release_at_the_providers(
    qtbot: QtBot, runner: TaskRunner, database: Database, tmp_path: Path
) -> None:
    first, _ = _released(database, tmp_path)
    screen = QWidget()
    qtbot.addWidget(screen)
    line = ReleaseTargetsLine(DatabaseTasks(runner, database.unit_of_work), screen)
    line.show_for("jan@example.nl")
    qtbot.waitUntil(lambda: not line.isHidden(), timeout=5000)
    assert line.text().startswith(f"Release {first} at the providers: SendGrid ✓ ")
    assert line.text().endswith(" · Mailgun stopped (401): needs an approver")
    line.show_for("never@example.nl")
    qtbot.waitUntil(line.isHidden, timeout=5000)


def test_panel_stays_hidden_without_provider_targets(
    qtbot: QtBot, runner: TaskRunner, database: Database
) -> None:
    screen = QWidget()
    qtbot.addWidget(screen)
    panel = ReleaseTargetsPanel(DatabaseTasks(runner, database.unit_of_work), "lead", screen)
    panel.refresh()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert panel.isHidden() and panel.model.rowCount() == 0
