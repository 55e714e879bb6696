"""The composition root of the desktop app: settings → database → unit of work → main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from dataclasses import replace
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProgressDialog

from desktop import paths, resources
from desktop import settings as user_settings
from desktop.db_url import resolve_database
from desktop.domain.errors import BounceDeskError
from desktop.domain.search import SearchCriteria
from desktop.services import release
from desktop.services.search import count_messages
from desktop.services.uow import Database, open_database
from desktop.ui.dialogs import DemoOfferDialog, StartupProblemDialog, show_crash
from desktop.ui.main_window import MainWindow
from desktop.ui.settings.view import SettingsDialog
from desktop.ui.team import TeamWatch
from desktop.ui.workers import TaskRunner, favour_the_gui_thread, settle_the_heap

log = logging.getLogger("desktop")


def _log_file() -> Path:
    return paths.log_dir() / "bouncedesk.log"


def setup_logging() -> Path:
    target = _log_file()
    handler = RotatingFileHandler(target, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return target


def install_crash_handler() -> None:
    """A bug logs its traceback and tells the user where the log is — never a raw traceback."""

    def report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        show_crash(f"{kind.__name__}: {value}", _log_file())

    def thread_report(args: threading.ExceptHookArgs) -> None:
        log.critical(
            "Unexpected error in a thread:\n%s",
            "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)),
        )

    sys.excepthook = report
    threading.excepthook = thread_report


class _DemoProgress(QObject):
    """Emitted from the demo worker; queued to the GUI thread."""

    sig_done = Signal(int, int)


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
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self._explicit = explicit_url
        self._crash_log = crash_log
        self.runner = runner or TaskRunner(parent=self)
        self.runner.sig_bug.connect(self._bug)
        self.database: Database | None = None
        self.team: TeamWatch | None = None
        self.window: MainWindow | None = None
        self._url = ""
        self._splash = QLabel("Opening the database…")
        self._splash.setWindowTitle("Bounce Desk")
        self._splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._splash.setMinimumSize(360, 120)
        self._splash_timer = QTimer(self)
        self._splash_timer.setSingleShot(True)
        self._splash_timer.timeout.connect(self._splash.show)

    def begin(self, url: str | None = None) -> None:
        self._url = url or resolve_database(self._explicit, None, self.settings)
        self._splash_timer.start(400)  # only a slow open shows the splash
        target = self._url
        self.runner.submit(lambda: open_database(target), self._opened, self._open_failed)

    def _open_failed(self, error: BounceDeskError) -> None:
        self._splash_timer.stop()
        self._splash.hide()
        shown = user_settings.strip_password(self._url)
        choice = StartupProblemDialog.ask(str(error), shown)
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
        window = MainWindow(
            self.runner,
            database.unit_of_work,
            self.settings.actor(),
            self.settings.client_language,
            QSettings(),
        )
        window.sig_settings_requested.connect(self.edit_settings)
        self.team = TeamWatch(database, self)
        self.team.sig_changed.connect(window.team_changed)
        self.team.start()
        window.restore_layout()
        window.show()
        window.start()
        self.window = window
        settle_the_heap()
        if database.dialect == "sqlite" and not self.settings.offered_demo:
            self._check_empty(database)

    def _check_empty(self, database: Database) -> None:
        def probe() -> int:
            with database.unit_of_work() as uow:
                return count_messages(uow, SearchCriteria(), cap=1)

        self.runner.submit(probe, self._maybe_offer_demo, lambda _e: None)

    def _maybe_offer_demo(self, count: int) -> None:
        if count or self.database is None:
            return
        self.settings = replace(self.settings, offered_demo=True)
        user_settings.save(self.settings)
        if DemoOfferDialog.ask(self.window):
            self.fill_demo(self.database)

    def fill_demo(self, database: Database, messages: int = 5_000) -> None:
        from desktop.services.demo import DemoProgress, generate_demo

        dialog = QProgressDialog("Adding demo data…", "Cancel", 0, messages, self.window)
        dialog.setWindowTitle("Demo data")
        dialog.setMinimumDuration(0)
        stop = threading.Event()
        dialog.canceled.connect(stop.set)
        relay = _DemoProgress(self)
        relay.sig_done.connect(lambda done, _total: dialog.setValue(done))

        def progress(step: DemoProgress) -> None:
            relay.sig_done.emit(step.done, step.total)

        def finished(_summary: object) -> None:
            dialog.reset()
            if self.window is not None:
                self.window.refresh()
                self.window.search.load_accounts()

        def failed(error: BounceDeskError) -> None:
            dialog.reset()
            QMessageBox.warning(self.window, "Demo data", f"Demo data could not be added: {error}")

        self.runner.submit(
            lambda: generate_demo(database, messages, progress=progress, cancelled=stop.is_set),
            finished,
            failed,
            write=True,
        )

    def edit_settings(self) -> None:
        choice = SettingsDialog.ask(
            self.settings, self.runner, paths.default_database_url(), self.window
        )
        if choice is None:
            return
        if choice.password and choice.settings.database_url:
            try:
                user_settings.store_password(choice.settings.database_url, choice.password)
            except user_settings.KeyringUnavailable as error:
                QMessageBox.information(self.window, "Password not stored", str(error))
        moved = choice.settings.database_url != self.settings.database_url
        if choice.settings.approval_mode != self.settings.approval_mode and self.database:
            self._set_approval_mode(self.database, choice.settings.approval_mode)
        self.settings = choice.settings
        user_settings.save(self.settings)
        if self.window is not None:
            self.window.set_actor(self.settings.actor())
            self.window.set_language(self.settings.client_language)
            if moved:
                self.window.show_status("The new database is used from the next start.")

    def _set_approval_mode(self, database: Database, mode: str) -> None:
        """The mode lives in the database (every agent shares it); the change is audited."""
        actor = self.settings.actor()

        def change() -> None:
            with database.unit_of_work() as uow:
                release.set_approval_mode(uow, release.ApprovalMode(mode), actor)

        def failed(error: BounceDeskError) -> None:
            QMessageBox.warning(self.window, "Settings", f"The approval mode is unchanged: {error}")

        self.runner.submit(change, lambda _r: None, failed, write=True)

    def _bug(self, trace: str) -> None:
        last = trace.strip().splitlines()[-1] if trace.strip() else "unknown error"
        show_crash(last, self._crash_log)

    def shutdown(self) -> None:
        if self.team is not None:
            self.team.stop()
        if self.window is not None:
            self.window.close()  # its timers stop: nothing reloads after the workers are gone
        self.runner.wait(10_000)
        if self.database is not None:
            self.database.dispose()


def app_icon() -> QIcon:
    """The Bounce Desk mark at every size make_icons.py renders."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        pixmap = QPixmap()
        if pixmap.loadFromData(resources.read_bytes("icons", f"bouncedesk-{size}.png")):
            icon.addPixmap(pixmap)
    return icon


def run_gui(db_url: str) -> int:
    """Start the desktop app on `db_url` (the CLI's choice: --db, $BOUNCEDESK_DB_URL or local)."""
    setup_logging()
    install_crash_handler()
    favour_the_gui_thread()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Bounce Desk")
    app.setOrganizationName("bouncedesk")
    app.setApplicationDisplayName("Bounce Desk")
    app.setDesktopFileName("bouncedesk")  # the Wayland app id: packaging/linux/bouncedesk.desktop
    app.setWindowIcon(app_icon())
    settings = user_settings.load()
    explicit = db_url if db_url != paths.default_database_url() else None
    startup = Startup(settings, explicit, crash_log=_log_file())
    startup.begin()
    status = app.exec()
    startup.shutdown()
    log.info("Bounce Desk closed (pid %s)", os.getpid())
    return status
