"""`bouncedesk screenshots --out DIR`: render the main screens to PNG, offscreen, on demo data.

English shots are named after the screen (search.png); another UI language adds its code
(search_nl.png), so both languages sit side by side in docs/screenshots/.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.cli.context import CliContext, CliError
from desktop.domain.model import Message, MessageStatus, QuarantineCause
from desktop.domain.search import SearchCriteria
from desktop.settings import Settings

WINDOW_SIZE = (1440, 900)


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "screenshots",
        help="render each main view to PNG (offscreen)",
        description="Render the search view, the details of a message that soft-bounced into"
        " quarantine, the quarantine view, the overview, the settings and the report dialog to"
        " PNG files at 1440x900. An empty database is replaced by a temporary demo database.",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder for PNGs")
    parser.add_argument(
        "--ui-language",
        choices=("en", "nl"),
        default="en",
        help="the interface language to render in (default en)",
    )
    parser.add_argument(
        "--size",
        type=_size,
        action="append",
        default=[],
        metavar="WxH",
        help="also render each view at this window size, as VIEW-W.png (repeatable;"
        " docs/screenshots holds 1024x700, 1440x900 and 2560x1440)",
    )
    parser.add_argument("--demo-messages", type=int, default=5_000, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) >= 640 and int(height) >= 480):
        raise argparse.ArgumentTypeError(f"{text!r} is not a window size like 1024x700")
    return int(width), int(height)


def _wait(app: Any, ready: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if ready():
            return True
        time.sleep(0.01)
    return False


def _soft_bounced_into_quarantine(database: Any) -> Message | None:
    """The newest soft-bounced message whose recipient is quarantined for repeated soft bounces."""
    from desktop.services.search import search_messages

    now = datetime.now(UTC)
    with database.unit_of_work() as uow:
        for quarantine in uow.quarantines.active(now, limit=500):
            if quarantine.cause is not QuarantineCause.SOFT_BOUNCE:
                continue
            criteria = SearchCriteria(recipient=quarantine.address)
            page = search_messages(uow, criteria, None, 50)
            for message in page.messages:
                if message.status in (MessageStatus.SOFT_BOUNCE, MessageStatus.REJECTED):
                    return message
    return None


def _shot_name(screen: str, language: str) -> str:
    """search.png in English, search_nl.png in Dutch."""
    return f"{screen}.png" if language == "en" else f"{screen}_{language}.png"


def _with_dialog(window: Any, dialog: Any) -> Any:
    """The window with `dialog` centred over it, as the agent sees it (offscreen, each top-level
    window is grabbed on its own)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    shown = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))  # the window dims behind a dialog
    corner = QPoint(
        (picture.width() - shown.width()) // 2, (picture.height() - shown.height()) // 3
    )
    painter.drawPixmap(corner, shown)
    painter.end()
    return picture


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.services.health import probe
    from desktop.ui.common.operations import DatabaseTasks
    from desktop.ui.common.style import apply_style, remove_style
    from desktop.ui.common.workers import TaskRunner
    from desktop.ui.main_window import MainWindow
    from desktop.ui.startup.language import install_language

    database = ctx.database()
    with database.unit_of_work() as uow:
        empty = not probe(uow).holds_messages
    scratch: tempfile.TemporaryDirectory[str] | None = None
    if empty:
        from desktop.demo import generate_demo
        from desktop.store.database import open_database

        scratch = tempfile.TemporaryDirectory(prefix="bouncedesk-shots-")
        database = open_database(f"sqlite:///{scratch.name}/demo.sqlite3")
        generate_demo(database, args.demo_messages)
        print(f"The database is empty; rendered on {args.demo_messages:,} demo messages.")
    args.out.mkdir(parents=True, exist_ok=True)

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["bouncedesk"])
    language = install_language(app, args.ui_language, paths.cache_dir())
    apply_style(app)
    runner = TaskRunner()
    window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "screenshots", "en")
    window.resize(*WINDOW_SIZE)
    window.show()
    try:
        target = _soft_bounced_into_quarantine(database)
        if target is None:
            raise CliError("No message soft-bounced into quarantine here; run `bouncedesk demo`.")
        language_code = language.language  # what was installed: English when NL is missing
        shots = _Shots(app, window, runner, target, args.out, language_code)
        written = shots.views(WINDOW_SIZE, "", tall_details=True)
        written += _dialogs(app, window, runner, args.out, language_code)
        for width, height in args.size:
            written += shots.views((width, height), f"-{width}", tall_details=False)
        for path in written:
            print(path)
    finally:
        window.close()
        runner.wait()
        language.remove(app)
        remove_style(app)
        if scratch is not None:
            database.dispose()
            scratch.cleanup()
    return 0


class _Shots:
    """Renders the four main views of one window at a given size. GUI thread."""

    def __init__(
        self, app: Any, window: Any, runner: Any, target: Message, out: Path, language: str
    ) -> None:
        self._app, self._window, self._runner = app, window, runner
        self._target, self._out, self._language = target, out, language

    def _settle(self, ready: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> bool:
        return _wait(self._app, lambda: ready() and not self._runner.is_busy(), timeout)

    def _save(self, screen: str) -> Path:
        path = self._out / _shot_name(screen, self._language)
        self._window.grab().save(str(path))
        return path

    def views(self, size: tuple[int, int], suffix: str, *, tall_details: bool) -> list[Path]:
        """search, details, quarantine and overview PNGs; `tall_details`: the details view
        with the details pane wider (the README's large shot)."""
        from PySide6.QtCore import Qt

        from desktop.ui.main_window import MESSAGES_TAB, OVERVIEW_TAB, QUARANTINE_TAB

        window, target = self._window, self._target
        window.resize(*size)
        window.tabs.setCurrentIndex(MESSAGES_TAB)  # the window opens on the overview
        self._settle(lambda: window.width() == size[0], 2.0)
        if window.splitter.orientation() is Qt.Orientation.Horizontal:
            room = sum(window.splitter.sizes())  # as a new window shares it (3 : 2)
            window.splitter.setSizes([room * 3 // 5, room * 2 // 5])
        window.search.load_accounts()
        domain = target.recipient.rpartition("@")[2]
        window.search.query.setText(f"@{domain}")
        window.search.run_search()
        model = window.search.model
        if not self._settle(lambda: model.rowCount() > 0):
            raise CliError("The search did not answer within 30 s.")
        rows = [model.message_at(r) for r in range(model.rowCount())]
        row = next((i for i, m in enumerate(rows) if m is not None and m.id == target.id), None)
        if row is None:
            window.search.query.setText(target.recipient)
            window.search.run_search()
            self._settle(lambda: model.rowCount() > 0)
            row = 0
        window.search.table.selectRow(row)
        window.search.table.scrollTo(model.index(row, 0))
        self._settle(
            lambda: (
                window.details.details is not None
                and window.details.details.message.id == target.id
                and window.details.timeline.is_complete()
            )
        )
        written = []
        if tall_details:
            window.splitter.setSizes([900, 540])
        self._settle(timeout=1.0)
        written.append(self._save(f"search{suffix}"))

        if tall_details:
            window.splitter.setSizes([640, 800])  # the details pane wide: timeline and reasons
        else:  # the details pane scrolled down to the timeline
            details = window.details
            details.verticalScrollBar().setValue(details.timeline_heading.y() - 12)
        self._settle(timeout=1.0)
        written.append(self._save(f"details{suffix}"))

        window.resize(*size)
        window.tabs.setCurrentIndex(QUARANTINE_TAB)
        quarantine = window.quarantine
        self._settle(lambda: quarantine.model.rowCount() > 0)
        if not quarantine.select_address(target.recipient):
            quarantine.table.selectRow(0)
        self._settle(timeout=1.0)
        written.append(self._save(f"quarantine{suffix}"))

        overview = window.overview
        overview.last_open_ms = None
        window.tabs.setCurrentIndex(OVERVIEW_TAB)  # loads it
        self._settle(lambda: overview.last_open_ms is not None)
        _wait(self._app, lambda: False, 0.5)  # the incidents' rows laid out and shown
        written.append(self._save(f"overview{suffix}"))
        return written


def _dialogs(app: Any, window: Any, runner: Any, out: Path, language: str) -> list[Path]:
    """The report dialog (of the overview's first client) and the settings, each over the
    window as the agent sees it."""
    from desktop.ui.main_window import OVERVIEW_TAB
    from desktop.ui.settings.view import SettingsDialog

    written = []
    overview = window.overview
    window.tabs.setCurrentIndex(OVERVIEW_TAB)
    _wait(app, lambda: overview.figures is not None and not runner.is_busy())
    client = overview.clients_model.client_at(0)
    figures = overview.figures
    if client is not None and figures is not None:
        report = window.open_report(client.account, figures.since, figures.until)
        _wait(app, lambda: False, 0.3)
        path = out / _shot_name("report", language)
        _with_dialog(window, report).save(str(path))
        written.append(path)
        report.close()
    settings = SettingsDialog(Settings(), runner, "sqlite:///demo.sqlite3", None, window)
    settings.show()
    _wait(app, lambda: False, 0.3)
    path = out / _shot_name("settings", language)
    _with_dialog(window, settings).save(str(path))
    written.append(path)
    settings.close()
    return written
