"""The window says which database is in use, a new one chosen in Settings opens at once, and
the first start asks the agent's name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop import app, paths
from desktop import settings as user_settings
from desktop.services.database_label import database_label
from desktop.ui.common.agent_name import AgentNameDialog
from desktop.ui.startup.language import install_language
from desktop.ui.startup.opener import Startup

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_the_label_names_the_engine_and_never_the_password() -> None:
    url = "postgresql+psycopg://bouncedesk:s3cret@db.example.internal/desk"
    assert database_label(url) == "PostgreSQL bouncedesk@db.example.internal/desk"
    assert "s3cret" not in database_label("postgresql://u:s3cret@h:6543/d")
    assert database_label("postgresql://u:s3cret@h:6543/d") == "PostgreSQL u@h:6543/d"
    assert database_label("sqlite:////tmp/desk.sqlite3") == "Local file /tmp/desk.sqlite3"
    assert database_label("sqlite:////tmp/desk.sqlite3", "nl") == "Lokaal bestand /tmp/desk.sqlite3"
    assert database_label("sqlite://", "nl") == "Lokaal bestand in het geheugen"


def test_switching_the_database_in_settings_needs_no_restart(qtbot: QtBot, tmp_path: Path) -> None:
    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    settings = user_settings.Settings(offered_demo=True)
    startup = Startup(settings, f"sqlite:///{first}", app.log_file(), app.database_url)
    try:
        startup.begin()
        qtbot.waitUntil(lambda: startup.window is not None, timeout=15_000)
        window = startup.window
        assert window is not None
        assert window.windowTitle() == f"Local file {first} — Bounce Desk"
        assert window.database_label.text() == f"Local file {first}"

        chosen = replace(settings, database_url=f"sqlite:///{second}")
        startup._settings_saved(chosen, True)  # what the Settings dialog's OK does
        assert not QApplication.quitOnLastWindowClosed()  # closing the old one ends nothing
        qtbot.waitUntil(
            lambda: startup.window is not None and startup.window is not window, timeout=15_000
        )
        assert startup.window is not None
        assert startup.window.windowTitle() == f"Local file {second} — Bounce Desk"
        assert startup.database is not None and str(second) in startup.database.url
        assert second.exists()
    finally:
        startup.shutdown()


def test_the_first_start_asks_the_agents_name_before_anything_is_written(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(suggested: str, parent: object = None) -> str:
        asked.append(suggested)
        return "Sanne de Vries"

    monkeypatch.setattr(AgentNameDialog, "ask", answer)
    startup = Startup(
        user_settings.Settings(offered_demo=True),
        f"sqlite:///{tmp_path}/x.sqlite3",
        app.log_file(),
        app.database_url,
    )
    try:
        startup.begin()
        qtbot.waitUntil(lambda: startup.window is not None, timeout=15_000)
        assert len(asked) == 1  # asked once, before the window (and anything it writes)
        assert startup.settings.actor() == "Sanne de Vries"
        assert user_settings.load().user_name == "Sanne de Vries"  # kept for the next start
        assert startup.window is not None and startup.window._actor == "Sanne de Vries"
        # The window's layout is remembered in the settings folder, not Qt's default place.
        startup.window.close()
        assert (paths.config_dir() / "window.ini").exists()
    finally:
        startup.shutdown()


def test_the_name_dialog_wants_a_name(qtbot: QtBot) -> None:
    dialog = AgentNameDialog("sanne")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.name.text() == "sanne" and ok.isEnabled()
    dialog.name.clear()
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name, "  Sanne ")
    assert ok.isEnabled() and dialog.chosen() == "Sanne"


def test_a_new_interface_language_rebuilds_the_window_in_it_at_once(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    database = tmp_path / "desk.sqlite3"
    installed = [install_language(qapp, "en", tmp_path)]

    def change_language(setting: str) -> None:  # what app.run_gui hands the start-up
        installed.pop().remove(qapp)
        installed.append(install_language(qapp, setting, tmp_path))

    settings = user_settings.Settings(offered_demo=True, ui_language="en")
    startup = Startup(
        settings,
        f"sqlite:///{database}",
        app.log_file(),
        app.database_url,
        change_language=change_language,
    )
    try:
        startup.begin()
        qtbot.waitUntil(lambda: startup.window is not None, timeout=15_000)
        window = startup.window
        assert window is not None
        assert window.tabs.tabText(1) == "Messages"
        startup._settings_saved(replace(settings, ui_language="nl"), False)
        # the old window is closed before the new one exists: that must not end the app
        assert not QApplication.quitOnLastWindowClosed()
        qtbot.waitUntil(
            lambda: startup.window is not None and startup.window is not window, timeout=15_000
        )
        assert startup.window is not None
        assert startup.window.tabs.tabText(1) == "Berichten"
        assert QApplication.quitOnLastWindowClosed()  # closing this one quits again
        # the database given at start stays open
        assert startup.database is not None and str(database) in startup.database.url
    finally:
        startup.shutdown()
        installed.pop().remove(qapp)
