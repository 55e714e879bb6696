"""The window's remembered layout lives in BOUNCEDESK_CONFIG_DIR (#17 finding 11): a window
closed at one size opens at that size again, and nothing is written elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop import app, paths
from desktop import settings as user_settings
from desktop.ui.common.dialogs import DemoOfferDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.startup.opener import Startup

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _start(qtbot: QtBot) -> tuple[Startup, MainWindow]:
    started = Startup(
        user_settings.Settings(), None, app.log_file(), app.database_url, fill_demo=app.fill_demo
    )
    started.begin(paths.default_database_url())
    qtbot.waitUntil(lambda: started.window is not None, timeout=15_000)
    assert started.window is not None
    return started, started.window


def test_the_window_layout_is_kept_in_the_config_dir(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(DemoOfferDialog, "ask", lambda parent=None: False)
    home_config = tmp_path / "home-config"  # where QSettings would write by default
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home_config))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(home_config))
    started, window = _start(qtbot)
    try:
        window.resize(700, 560)
        qtbot.waitUntil(lambda: (window.width(), window.height()) == (700, 560))
        window.close()  # saves the layout
    finally:
        started.shutdown()
    saved = paths.config_dir() / "window.ini"
    assert saved.is_file() and "geometry" in saved.read_text(encoding="utf-8")
    assert not home_config.exists() or not any(home_config.rglob("*"))

    again, reopened = _start(qtbot)
    try:
        qtbot.waitUntil(lambda: (reopened.width(), reopened.height()) == (700, 560))
    finally:
        reopened.close()
        again.shutdown()
