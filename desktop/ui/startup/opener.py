"""Opening the database off the GUI thread, with a way forward when it fails; then the window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from desktop import paths
from desktop import settings as user_settings
from desktop.domain.errors import BounceDeskError
from desktop.services.connection import open_database
from desktop.services.database_label import database_label
from desktop.services.ports import Database
from desktop.ui.common.agent_name import AgentNameDialog
from desktop.ui.common.dialogs import StartupProblemDialog, show_crash
from desktop.ui.common.i18n import error_text, ui_language
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.team import TeamWatch
from desktop.ui.common.workers import TaskRunner, settle_the_heap
from desktop.ui.main_window import MainWindow
from desktop.ui.settings.editing import edit_settings
from desktop.ui.startup.first_run import DemoFiller, FirstRun

log = logging.getLogger("desktop")

# Picks the database URL from the settings and the URL given on the command line, if any.
UrlResolver = Callable[[user_settings.Settings, str | None], str]


class Startup(QObject):
    """Opens the database off the GUI thread, then builds the window. GUI thread.

    A database that cannot be opened is explained with a way forward (retry, settings,
    local database, quit); a first start on an empty local database offers demo data.
    """

    def __init__(
        self,
        settings: user_settings.Settings,
        explicit_url: str | None,
        crash_log: Path,
        resolve_url: UrlResolver,
        runner: TaskRunner | None = None,
        fill_demo: DemoFiller | None = None,
        change_language: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self._fill_demo = fill_demo
        self._change_language = change_language
        self._quit_on_close: bool | None = None  # set while a new window replaces the old
        self.settings = settings
        self._explicit = explicit_url
        self._crash_log = crash_log
        self._resolve_url = resolve_url
        self.runner = runner or TaskRunner(parent=self)
        self.runner.sig_bug.connect(self._bug)
        self.database: Database | None = None
        self.tasks: DatabaseTasks | None = None
        self.team: TeamWatch | None = None
        self.window: MainWindow | None = None
        self.first_run: FirstRun | None = None
        self._url = ""
        self._splash = QLabel(self.tr("Opening the database…"))
        self._splash.setWindowTitle("Bounce Desk")
        self._splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._splash.setMinimumSize(360, 120)
        self._splash_timer = QTimer(self)
        self._splash_timer.setSingleShot(True)
        self._splash_timer.timeout.connect(self._splash.show)

    def begin(self, url: str | None = None) -> None:
        self._url = url or self._resolve_url(self.settings, self._explicit)
        self._splash_timer.start(400)  # only a slow open shows the splash
        target = self._url
        self.runner.task(lambda: open_database(target)).success(self._opened).failure(
            self._open_failed
        ).run()

    def _quit_when_closed(self) -> None:
        """Closing the window ends the app again (a switch of database or language is over)."""
        if self._quit_on_close is not None:
            QApplication.setQuitOnLastWindowClosed(self._quit_on_close)
            self._quit_on_close = None

    def _open_failed(self, error: BounceDeskError) -> None:
        self._splash_timer.stop()
        self._splash.hide()
        self._quit_when_closed()
        shown = user_settings.strip_password(self._url)
        choice = StartupProblemDialog.ask(error_text(error), shown)
        if choice == StartupProblemDialog.RETRY:
            self.begin(self._url)
        elif choice == StartupProblemDialog.SETTINGS:
            self.edit_settings()
            self.begin()
        elif choice == StartupProblemDialog.LOCAL:
            self._explicit = None
            self.begin(paths.default_database_url())
        else:
            QApplication.quit()

    def _opened(self, database: Database) -> None:
        self._splash_timer.stop()
        self._splash.hide()
        self.database = database
        log.info("Opened %s", database.url)
        if not self.settings.user_name.strip():  # first start: a name before any audit row
            name = AgentNameDialog.ask(self.settings.actor())
            self.settings = replace(self.settings, user_name=name)
            user_settings.save(self.settings)
        tasks = self.tasks = DatabaseTasks(self.runner, database.unit_of_work)
        window = MainWindow(
            tasks,
            self.settings.actor(),
            self.settings.client_language,
            # The window's remembered layout lives with the settings (BOUNCEDESK_CONFIG_DIR).
            QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat),
            database=database_label(database.url, ui_language()),
        )
        window.set_retry_hours(self.settings.retry_hours)
        window.sig_settings_requested.connect(self.edit_settings)
        self.team = TeamWatch(database, self)
        self.team.sig_changed.connect(window.team_changed)
        self.team.start()
        window.restore_layout()
        window.show()
        window.start()
        self.window = window
        self._quit_when_closed()
        settle_the_heap()
        if self._fill_demo and database.dialect == "sqlite" and not self.settings.offered_demo:
            self.first_run = FirstRun(tasks, database, window, self._fill_demo, self)
            self.first_run.sig_offered.connect(self._demo_offered)
            self.first_run.check()

    def _demo_offered(self) -> None:
        self.settings = replace(self.settings, offered_demo=True)
        user_settings.save(self.settings)

    def edit_settings(self) -> None:
        edit_settings(
            self.settings,
            self.runner,
            self.tasks,
            paths.default_database_url(),
            self.window,
            self._settings_saved,
        )

    def _settings_saved(self, settings: user_settings.Settings, moved: bool) -> None:
        relabel = settings.ui_language != self.settings.ui_language
        self.settings = settings
        if relabel and self._change_language is not None:
            # Widgets take their texts when built: the new language needs a new window
            self._change_language(settings.ui_language)
        if self.window is not None:
            self.window.set_actor(settings.actor())
            self.window.set_language(settings.client_language)
            self.window.set_retry_hours(settings.retry_hours)
            if moved:
                self.switch_database()
            elif relabel and self._change_language is not None:
                self.switch_database(keep_start_choice=True)

    def switch_database(self, keep_start_choice: bool = False) -> None:
        """Open the database the settings now name, in a new window; no restart.

        `keep_start_choice` reopens the one opened now (a database given at start stays)."""
        old_window, old_team, old_database = self.window, self.team, self.database
        self.window = self.team = self.database = None
        # Closing the only window would end the app before the new one is built
        self._quit_on_close = QApplication.quitOnLastWindowClosed()
        QApplication.setQuitOnLastWindowClosed(False)
        self.tasks = None
        if old_team is not None:
            old_team.stop()
        if old_window is not None:
            old_window.close()  # saves its layout; a release behind Undo is still sent
            old_window.deleteLater()
        self.runner.wait(10_000)  # the old database's last replies land before it closes
        if old_database is not None:
            old_database.dispose()
        if not keep_start_choice:
            self._explicit = None  # the settings' choice, not the one given at start
        self.begin()

    def _bug(self, trace: str) -> None:
        last = trace.strip().splitlines()[-1] if trace.strip() else self.tr("unknown error")
        show_crash(last, self._crash_log)

    def shutdown(self) -> None:
        if self.team is not None:
            self.team.stop()
        if self.window is not None:
            self.window.close()  # its timers stop: nothing reloads after the workers are gone
        self.runner.wait(10_000)
        if self.database is not None:
            self.database.dispose()
