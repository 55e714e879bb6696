"""The composition root of the desktop app: settings → database URL → start-up → event loop."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop import paths, qt_preflight
from desktop import settings as user_settings
from desktop.db_url import resolve_database
from desktop.services.ports import Database
from desktop.ui.common.style import app_icon, apply_style
from desktop.ui.common.workers import favour_the_gui_thread
from desktop.ui.startup.crash import install_crash_handler
from desktop.ui.startup.language import install_language
from desktop.ui.startup.opener import Startup

log = logging.getLogger("desktop")


def log_file() -> Path:
    return paths.log_dir() / "bouncedesk.log"


def setup_logging() -> Path:
    target = log_file()
    handler = RotatingFileHandler(target, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return target


def database_url(settings: user_settings.Settings, given: str | None) -> str:
    """The one place the GUI picks its database URL: `given` (--db or the environment) wins,
    then the settings' URL with its keyring password, else the local file."""
    explicit = given if given and given != paths.default_database_url() else None
    return resolve_database(explicit, None, settings)


def fill_demo(
    database: Database, messages: int, report: Callable[[int], None], cancelled: Callable[[], bool]
) -> None:
    """The first run's demo data; demo tooling writes through the store, so it is wired here."""
    from desktop.demo import generate_demo
    from desktop.store.database import Database as StoreDatabase

    if not isinstance(database, StoreDatabase):
        raise TypeError(f"demo data needs a store database, not {type(database).__name__}")
    generate_demo(database, messages, progress=lambda step: report(step.done), cancelled=cancelled)


def run_gui(db_url: str) -> int:
    """Start the desktop app on `db_url` (the CLI's choice: --db, $BOUNCEDESK_DB_URL or local)."""
    if not qt_preflight.ready():  # Qt would abort with misleading advice; we name the libraries
        return 1
    setup_logging()
    install_crash_handler(log_file())
    favour_the_gui_thread()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Bounce Desk")
    app.setOrganizationName("bouncedesk")
    app.setApplicationDisplayName("Bounce Desk")
    app.setDesktopFileName("bouncedesk")  # the Wayland app id: packaging/linux/bouncedesk.desktop
    app.setWindowIcon(app_icon())
    settings = user_settings.load()
    # Before any widget exists: texts are translated when a widget is built.
    installed = [install_language(app, settings.ui_language, paths.cache_dir())]

    def change_language(setting: str) -> None:
        installed.pop().remove(app)
        installed.append(install_language(app, setting, paths.cache_dir()))

    apply_style(app)
    explicit = db_url if db_url != paths.default_database_url() else None
    startup = Startup(
        settings,
        explicit,
        log_file(),
        resolve_url=database_url,
        fill_demo=fill_demo,
        change_language=change_language,
    )
    startup.begin()
    status = app.exec()
    startup.shutdown()
    log.info("Bounce Desk closed (pid %s)", os.getpid())
    return status
