"""The settings dialog: the password goes to the caller (for the keyring), never into settings."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.ports import Database
from desktop.settings import Settings
from desktop.ui.common.workers import TaskRunner
from desktop.ui.settings.view import SettingsDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_choice_keeps_the_password_apart(qtbot: QtBot, runner: TaskRunner) -> None:
    dialog = SettingsDialog(Settings(), runner, "sqlite:////tmp/local.sqlite3")
    qtbot.addWidget(dialog)
    assert dialog.local.isChecked() and not dialog.url.isEnabled()
    dialog.shared.setChecked(True)
    dialog.url.setText("postgresql+psycopg://agent@db.example.net/desk")
    dialog.password.setText("s3cret")
    qtbot.keyClicks(dialog.user_name, "Sanne")
    dialog.language.setCurrentIndex(dialog.language.findData("nl"))
    choice = dialog.choice()
    assert choice.settings.database_url == "postgresql+psycopg://agent@db.example.net/desk"
    assert choice.password == "s3cret"
    assert choice.settings.user_name == "Sanne" and choice.settings.client_language == "nl"


def test_test_connection_reports_success_and_failure(
    qtbot: QtBot, runner: TaskRunner, database: Database
) -> None:
    local = database.engine.url.render_as_string(hide_password=False)
    dialog = SettingsDialog(Settings(), runner, local)
    qtbot.addWidget(dialog)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Connected"), timeout=10_000)
    dialog.shared.setChecked(True)
    dialog.url.setText("postgresql+psycopg://nobody@127.0.0.1:9/none")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Cannot use the database" in dialog.test_result.text(), timeout=15_000)
    assert dialog.test_button.isEnabled()


@pytest.mark.parametrize(
    ("typed", "password"),
    [
        ("postgresql+psycopg://agent:pa#ss/x?y@db.example.net:5432/desk", "pa#ss/x?y"),
        ("postgresql+psycopg://agent@db.example.net:5432/desk?password=pa%26ss", "pa&ss"),
        ("postgresql+psycopg://agent:p%40ss@[::1]:5432/desk", "p@ss"),
    ],
)
def test_a_password_typed_into_the_url_goes_to_the_keyring_side(
    qtbot: QtBot, runner: TaskRunner, typed: str, password: str
) -> None:
    dialog = SettingsDialog(Settings(), runner, "sqlite:////tmp/local.sqlite3")
    qtbot.addWidget(dialog)
    dialog.shared.setChecked(True)
    dialog.url.setText(typed)
    choice = dialog.choice()
    assert choice.password == password
    assert "pa" not in choice.settings.database_url.split("@")[0]
    assert "password" not in choice.settings.database_url
