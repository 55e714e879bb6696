"""The main window: composes the feature screens, the banner, shortcuts and remembered layout."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import Message, Quarantine
from desktop.domain.retry import parse_overrides
from desktop.domain.search import SearchCriteria
from desktop.services.health import DatabaseProbe, probe
from desktop.ui import window_keys
from desktop.ui.common.banner import ConnectionBanner
from desktop.ui.common.live_status import LiveStatusLabel
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.details.view import MessageDetailsView
from desktop.ui.help import ShortcutsDialog, show_about
from desktop.ui.overview.view import OverviewView
from desktop.ui.quarantine.view import QuarantineView
from desktop.ui.search.view import MessageSearchView
from desktop.ui.settings.policy import PolicyDialog
from desktop.ui.window_keys import MESSAGES_TAB, OVERVIEW_TAB, QUARANTINE_TAB
from desktop.ui.window_layout import (
    DETAILS_MIN_WIDTH,
    RESULTS_MIN_WIDTH,
    first_size,
    fit_panes,
    restore_layout,
    save_layout,
)

# Callers and tests know the tab numbers and pane widths from here.
__all__ = [
    "DETAILS_MIN_WIDTH",
    "MESSAGES_TAB",
    "OVERVIEW_TAB",
    "QUARANTINE_TAB",
    "RESULTS_MIN_WIDTH",
    "MainWindow",
]

RETRY_EVERY_MS = 5_000
STATUS_SHOWN_MS = 20_000  # a status message older than this is stale: it is cleared


class MainWindow(QMainWindow):
    """Composition only: each screen does its own work; this wires them together. GUI thread."""

    sig_settings_requested = Signal()

    def __init__(
        self,
        tasks: DatabaseTasks,
        actor: str,
        language: str = "en",
        state: QSettings | None = None,
        parent: QWidget | None = None,
        database: str = "",
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._state = state
        self._actor = actor
        self._database = ""
        # Smaller than the two panes side by side: there the details go below the results.
        self.setMinimumSize(640, 480)
        self.resize(first_size(self.screen().availableGeometry().size()))

        self.banner = ConnectionBanner()
        self.search = MessageSearchView(tasks)
        self.details = MessageDetailsView(tasks)
        self.details.set_language(language)
        self.quarantine = QuarantineView(tasks, actor)
        self.overview = OverviewView(tasks, actor=actor)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(7)  # drawn visibly by the style sheet
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        # Both panes keep a usable width; the details pane is never squeezed to a sliver.
        self.search.setMinimumWidth(RESULTS_MIN_WIDTH)
        self.details.setMinimumWidth(DETAILS_MIN_WIDTH)
        self.splitter.setSizes([800, 620])
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for screen, title in (
            (self.overview, self.tr("Overview")),
            (self.splitter, self.tr("Messages")),
            (self.quarantine, self.tr("Quarantine")),
        ):
            page = QWidget()
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(10, 10, 10, 6)
            page_layout.addWidget(screen)
            self.tabs.addTab(page, title)
        self.tabs.setAccessibleName(self.tr("Screens"))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAccessibleName(self.tr("Status"))
        self.statusBar().addWidget(self.status_label, 1)
        self.live_status = LiveStatusLabel(tasks, self)
        self.statusBar().addPermanentWidget(self.live_status)
        self.database_label = QLabel()
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)
        self.database_label.setAccessibleName(self.tr("Database in use"))
        self.statusBar().addPermanentWidget(self.database_label)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_SHOWN_MS)
        self._status_timer.timeout.connect(self.status_label.clear)
        self.set_database(database)

        # Other agents' changes arrive in bursts (a bulk release); reload once per burst.
        self._team_reload = QTimer(self)
        self._team_reload.setSingleShot(True)
        self._team_reload.setInterval(300)
        self._team_reload.timeout.connect(self._reload_shared)
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_EVERY_MS)
        self._retry_timer.timeout.connect(self.retry_connection)
        self._build_menus()
        window_keys.bind_shortcuts(self)
        self._connect()

    # --- wiring ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu.addAction(self.tr("&Import events…")), self.open_import)
        self._action(
            file_menu.addAction(self.tr("&Export CSV of the result…")), self.search.export_csv
        )
        file_menu.addSeparator()
        self._action(file_menu.addAction(self.tr("&Settings…")), self.sig_settings_requested.emit)
        self._action(file_menu.addAction(self.tr("&Quarantine rules…")), self.open_policy)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self._action(quit_action, self.close)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        refresh = view_menu.addAction(self.tr("&Refresh"))
        refresh.setShortcut(QKeySequence("F5"))
        self._action(refresh, self.refresh)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.shortcuts_action = help_menu.addAction(self.tr("&Keyboard shortcuts"))
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self._action(self.shortcuts_action, self.show_shortcuts)
        about = help_menu.addAction(self.tr("&About Bounce Desk"))
        self._action(about, lambda: show_about(self, self._database))

    @staticmethod
    def _action(action: QAction, slot: Callable[[], object]) -> None:
        action.triggered.connect(lambda _checked=False: slot())

    def _connect(self) -> None:
        self.search.sig_message_selected.connect(self.details.show_message)
        self.search.sig_message_opened.connect(self.open_message)
        # Ctrl+C in the results table copies the address; text fields keep their own copy.
        self.search.sig_copy_address.connect(lambda _m: self.copy_address())
        self.details.sig_copied.connect(self.show_status)
        self.details.sig_release_requested.connect(self.release_from_details)
        self.quarantine.sig_status.connect(self.show_status)
        self.quarantine.sig_message_opened.connect(self.open_message_from_quarantine)
        self.quarantine.sig_changed.connect(self.details.reload)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.overview.sig_search_requested.connect(self.search_for)
        self.overview.sig_quarantine_requested.connect(self.show_quarantine)
        self.overview.sig_report_requested.connect(self.open_report)
        self.overview.sig_status.connect(self.show_status)
        self.banner.sig_retry.connect(self.retry_connection)
        self._tasks.runner.sig_connection_lost.connect(self.connection_lost)
        self._tasks.runner.sig_environment_failed.connect(self.show_status)

    # --- behaviour ------------------------------------------------------------------------

    def start(self) -> None:
        """First loads, once the window is shown (the quarantine list loads when opened)."""
        self.search.load_accounts()
        self.search.run_search()
        self.live_status.start()
        if self.tabs.currentIndex() == QUARANTINE_TAB:
            self.quarantine.refresh()
        elif self.tabs.currentIndex() == OVERVIEW_TAB:
            self.overview.refresh()

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self._status_timer.start()  # cleared once stale

    def set_database(self, label: str) -> None:
        """Show which database is in use (never its password) in the title and status bar."""
        self._database = label
        # Qt on X11 appends the application name after " — " itself when a title lacks it.
        self.setWindowTitle(f"{label} — Bounce Desk" if label else "Bounce Desk")
        self.database_label.setText(label)
        self.database_label.setToolTip(self.tr("The database in use: {0}").format(label))

    def show_shortcuts(self) -> QWidget:
        dialog = ShortcutsDialog(self)
        dialog.open()
        return dialog

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(MESSAGES_TAB)
        self.search.focus_search()

    def search_in_tab(self) -> None:
        window_keys.search_in_tab(self)

    def next_tab(self, step: int) -> None:
        window_keys.next_tab(self, step)

    def open_message_from_quarantine(self, message: Message) -> None:
        self.tabs.setCurrentIndex(MESSAGES_TAB)
        self.open_message(message)

    def open_message(self, message: Message) -> None:
        self.details.show_message(message)
        self.details.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_back(self) -> None:
        window_keys.go_back(self)

    def copy_address(self) -> None:
        message = self.search.selected_message()
        if message is not None:
            QApplication.clipboard().setText(message.recipient)
            self.show_status(self.tr("Copied {0}").format(message.recipient))

    def copy_explanation(self) -> None:
        if not self.details.copy_explanation():
            self.show_status(self.tr("Open a failed message first: there is nothing to explain."))

    def release_from_details(self, quarantine: Quarantine) -> None:
        """'Request release…': the quarantine tab at that address, the note field open for
        typing; Enter there (or the button) asks for the release."""
        self.tabs.setCurrentIndex(QUARANTINE_TAB)
        self.quarantine.show_address(quarantine.address)
        self.quarantine.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self.search.refresh()
        self.details.reload()
        self._refresh_quarantine_if_shown()
        self._refresh_overview_if_shown()

    def _refresh_overview_if_shown(self) -> None:
        if self.tabs.currentIndex() == OVERVIEW_TAB:
            self.overview.refresh()

    def search_for(self, criteria: SearchCriteria) -> None:
        """Click-through from the Overview: the search, pre-filtered."""
        self.tabs.setCurrentIndex(MESSAGES_TAB)
        self.search.apply_criteria(criteria)

    def show_quarantine(self, text: str) -> None:
        self.tabs.setCurrentIndex(QUARANTINE_TAB)
        self.quarantine.filter.setText(text)

    def open_report(self, account: str, since: object, until: object) -> QWidget:
        # Imported when asked for: PDF rendering is not needed to start the app.
        from desktop.ui.report.dialog import ReportDialog

        dialog = ReportDialog(self._tasks, account, since, until, self)
        dialog.sig_status.connect(self.show_status)
        dialog.open()
        return dialog

    def _refresh_quarantine_if_shown(self) -> None:
        # The quarantine list (with expiry and provider-burst detection) is heavy Python work
        # on a big database; done while hidden it competes with the GUI thread for the GIL.
        # Switching to the tab refreshes it anyway.
        if self.tabs.currentIndex() == QUARANTINE_TAB:
            self.quarantine.refresh()

    def set_actor(self, actor: str) -> None:
        self._actor = actor
        self.quarantine.set_actor(actor)
        self.overview.set_actor(actor)

    def open_import(self) -> QWidget:
        # Imported when asked for: the feed readers are not needed to start the app.
        from desktop.ui.importing.dialog import ImportDialog

        dialog = ImportDialog(self._tasks, self._actor, self)
        dialog.sig_imported.connect(self.refresh)
        dialog.open()
        return dialog

    def open_policy(self) -> QWidget:
        dialog = PolicyDialog(self._tasks, self._actor, self)
        dialog.sig_saved.connect(self.show_status)
        dialog.open()
        return dialog

    def set_language(self, language: str) -> None:
        self.details.set_language(language)

    def set_retry_hours(self, hours: Mapping[str, object]) -> None:
        """The settings' retry windows per sending side, for the details' forecast."""
        self.details.set_retry_windows(parse_overrides(hours))

    def team_changed(self, _what: frozenset[str]) -> None:
        """Someone (maybe another agent) changed the database: reload what is shared."""
        if self.isVisible():  # a change queued before the window closed is not reloaded
            self._team_reload.start()

    def _reload_shared(self) -> None:
        self._refresh_quarantine_if_shown()
        self._refresh_overview_if_shown()
        self.details.reload()

    def _tab_changed(self, index: int) -> None:
        if index == QUARANTINE_TAB:
            self.quarantine.refresh()
        elif index == OVERVIEW_TAB:
            self.overview.refresh()
        elif index == MESSAGES_TAB:
            # A click on the tab leaves the focus behind on the page it left: what the user
            # types next belongs in the search field (Ctrl+Tab moves it to the results).
            focused = QApplication.focusWidget()
            if focused is None or not self.splitter.isAncestorOf(focused):
                self.search.focus_search()

    # --- lost connection ------------------------------------------------------------------

    def connection_lost(self, detail: str) -> None:
        self.banner.show_problem(detail)
        if not self._retry_timer.isActive():
            self._retry_timer.start()

    def retry_connection(self) -> None:
        """Probe the database on a worker; on success hide the banner and reload."""
        self.banner.retrying()
        self._tasks.query(probe).success(self._recovered).failure(self._still_down).on_channel(
            "probe"
        ).run()

    def _recovered(self, _probe: DatabaseProbe) -> None:
        self._retry_timer.stop()
        self.banner.hide()
        self.show_status(self.tr("Connection to the database restored."))
        self.refresh()
        self.quarantine.retry_pending()

    def _still_down(self, _error: BounceDeskError) -> None:
        self.banner.retry_failed()

    # --- remembered layout (window_layout.py) ---------------------------------------------

    def restore_layout(self) -> None:
        if self._state is not None:
            restore_layout(self, self._state)

    def save_layout(self) -> None:
        if self._state is not None:
            save_layout(self, self._state)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_panes(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.quarantine.toast.flush()  # a release waiting behind Undo is still sent
        self.save_layout()
        # A closed window asks nothing more of the database (its runner may be gone next).
        self._team_reload.stop()
        self._retry_timer.stop()
        self.live_status.stop()
        super().closeEvent(event)
