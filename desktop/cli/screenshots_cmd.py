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
    parser.add_argument("--demo-messages", type=int, default=5_000, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


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
    from desktop.ui.common.style import apply_style
    from desktop.ui.common.workers import TaskRunner
    from desktop.ui.main_window import MESSAGES_TAB, OVERVIEW_TAB, QUARANTINE_TAB, MainWindow
    from desktop.ui.settings.view import SettingsDialog
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
    language_code = language.language  # what was installed: English when NL is missing
    window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "screenshots", "en")
    window.resize(*WINDOW_SIZE)
    window.show()
    try:
        target = _soft_bounced_into_quarantine(database)
        if target is None:
            raise CliError("No message soft-bounced into quarantine here; run `bouncedesk demo`.")
        window.tabs.setCurrentIndex(MESSAGES_TAB)  # the window opens on the Overview
        window.search.load_accounts()
        domain = target.recipient.rpartition("@")[2]
        window.search.query.setText(f"@{domain}")
        window.search.run_search()
        model = window.search.model
        if not _wait(app, lambda: model.rowCount() > 0 and not runner.is_busy()):
            raise CliError("The search did not answer within 30 s.")
        rows = [model.message_at(r) for r in range(model.rowCount())]
        row = next((i for i, m in enumerate(rows) if m is not None and m.id == target.id), None)
        if row is None:
            window.search.query.setText(target.recipient)
            window.search.run_search()
            _wait(app, lambda: model.rowCount() > 0 and not runner.is_busy())
            row = 0
        window.search.table.selectRow(row)
        window.search.table.scrollTo(model.index(row, 0))
        _wait(
            app,
            lambda: (
                window.details.details is not None
                and not runner.is_busy()
                and window.details.timeline.is_complete()
            ),
        )
        written = []
        window.splitter.setSizes([900, 540])
        _wait(app, lambda: not runner.is_busy(), 1.0)
        search_png = args.out / _shot_name("search", language_code)
        window.grab().save(str(search_png))
        written.append(search_png)

        details_png = args.out / _shot_name("details", language_code)
        window.splitter.setSizes([640, 800])  # the details pane wide: timeline and reasons
        _wait(app, lambda: not runner.is_busy(), 1.0)
        window.grab().save(str(details_png))
        written.append(details_png)

        window.tabs.setCurrentIndex(QUARANTINE_TAB)
        quarantine = window.quarantine
        _wait(app, lambda: quarantine.model.rowCount() > 0 and not runner.is_busy())
        if not quarantine.select_address(target.recipient):
            quarantine.table.selectRow(0)
        _wait(app, lambda: not runner.is_busy(), 1.0)
        quarantine_png = args.out / _shot_name("quarantine", language_code)
        window.grab().save(str(quarantine_png))
        written.append(quarantine_png)

        overview = window.overview
        overview.last_open_ms = None
        window.tabs.setCurrentIndex(OVERVIEW_TAB)  # loads it
        _wait(app, lambda: overview.last_open_ms is not None and not runner.is_busy())
        _wait(app, lambda: False, 0.5)  # the incidents' rows laid out and shown
        overview_png = args.out / _shot_name("overview", language_code)
        window.grab().save(str(overview_png))
        written.append(overview_png)

        client = overview.clients_model.client_at(0)
        figures = overview.figures
        if client is not None and figures is not None:
            report = window.open_report(client.account, figures.since, figures.until)
            _wait(app, lambda: False, 0.3)
            report_png = args.out / _shot_name("report", language_code)
            _with_dialog(window, report).save(str(report_png))
            written.append(report_png)
            report.close()

        settings = SettingsDialog(Settings(), runner, "sqlite:///demo.sqlite3", None, window)
        settings.show()
        _wait(app, lambda: False, 0.3)
        settings_png = args.out / _shot_name("settings", language_code)
        _with_dialog(window, settings).save(str(settings_png))
        written.append(settings_png)
        settings.close()
        for path in written:
            print(path)
    finally:
        window.close()
        runner.wait()
        language.remove(app)
        app.setStyleSheet("")
        if scratch is not None:
            database.dispose()
            scratch.cleanup()
    return 0
