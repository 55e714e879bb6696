"""The quarantine rules in the app (issue #17, 12): the stored policy, editable by approvers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.services.policy import DeskRole, get_policy
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.settings import policy as policy_screen
from desktop.ui.settings.policy import PolicyDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_an_approver_changes_the_rules_and_the_change_is_audited(
    qtbot: QtBot, tasks: DatabaseTasks, database: Database
) -> None:
    dialog = PolicyDialog(tasks, "Lead")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.soft_bounces.isEnabled)  # a local file's user is its approver
    assert (dialog.soft_bounces.value(), dialog.length_days.value()) == (5, 7.0)
    assert dialog.spam.isChecked()
    dialog.soft_bounces.setValue(3)
    dialog.length_days.setValue(2.5)
    dialog.spam.setChecked(False)
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert saved.args == ["Quarantine rules saved."]
    with database.unit_of_work() as uow:
        stored = get_policy(uow)
        audit = [(e.actor, e.action) for e in uow.audit.entries()]
    assert stored.soft_bounce_limit == 3 and not stored.quarantine_on_spam
    assert stored.quarantine_length == timedelta(days=2.5)
    assert ("Lead", "policy_changed") in audit


def test_an_agent_reads_the_rules_but_cannot_change_them(
    qtbot: QtBot, tasks: DatabaseTasks, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The role comes from the server's grants on PostgreSQL (tests/services/test_policy.py);
    # here the screen is told the caller is an agent.
    monkeypatch.setattr(policy_screen, "desk_role", lambda _uow: DeskRole.AGENT)
    dialog = PolicyDialog(tasks, "Sanne")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Only an approver" in dialog.who.text())
    assert dialog.soft_bounces.value() == 5  # the stored rules are shown
    assert not dialog.soft_bounces.isEnabled() and not dialog.spam.isEnabled()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
