"""Editing the settings: the approval mode is read from and written to the database only."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from desktop import settings as user_settings
from desktop.services import release
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.settings import editing
from desktop.ui.settings.view import SettingsChoice, SettingsDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_the_mode_shown_is_the_databases_and_a_change_is_written_there(
    qtbot: QtBot, tasks: DatabaseTasks, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[release.ApprovalMode | None] = []

    def answer(
        settings: user_settings.Settings,
        runner: object,
        local_url: str,
        mode: release.ApprovalMode | None = None,
        parent: object = None,
    ) -> SettingsChoice:
        shown.append(mode)
        chosen = user_settings.Settings(user_name="Sanne")
        return SettingsChoice(chosen, None, release.ApprovalMode.APPROVER)

    monkeypatch.setattr(SettingsDialog, "ask", answer)
    saved: list[user_settings.Settings] = []
    editing.edit_settings(
        user_settings.Settings(user_name="Lead"),
        tasks.runner,
        tasks,
        "sqlite:///local",
        None,
        lambda settings, _moved: saved.append(settings),
    )
    qtbot.waitUntil(lambda: bool(saved))
    assert shown == [release.ApprovalMode.AUTO]  # a local SQLite file's default
    tasks.runner.wait()
    qtbot.waitUntil(lambda: not tasks.runner.is_busy())
    with database.unit_of_work() as uow:
        assert release.approval_mode(uow) is release.ApprovalMode.APPROVER
        changes = [e for e in uow.audit.entries() if e.action == "setting_changed"]
    assert [(e.actor, e.after) for e in changes] == [("Lead", "approver")]
    on_disk = json.loads(user_settings.settings_path().read_text())
    assert "approval_mode" not in on_disk and on_disk["user_name"] == "Sanne"


def test_without_a_database_the_mode_cannot_be_changed(qtbot: QtBot, tasks: DatabaseTasks) -> None:
    dialog = SettingsDialog(user_settings.Settings(), tasks.runner, "sqlite:///local")
    qtbot.addWidget(dialog)
    assert not dialog.approval.isEnabled()
    assert dialog.choice().approval_mode is None
    again = SettingsDialog(
        user_settings.Settings(), tasks.runner, "sqlite:///local", release.ApprovalMode.APPROVER
    )
    qtbot.addWidget(again)
    assert again.choice().approval_mode is release.ApprovalMode.APPROVER
