"""The status bar's live-feed indicator, fed by the real state table through the runner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.live_status import record_error, record_events
from desktop.services.ports import Database
from desktop.ui.common.live_status import LiveStatusLabel
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner


def _record(database: Database, source: str, ago: timedelta) -> None:
    now = datetime.now(UTC)
    with database.unit_of_work() as uow:
        record_events(uow, source, 12, now - ago, now - ago)
        uow.commit()


def _colour(label: LiveStatusLabel) -> QColor:
    return label.palette().color(QPalette.ColorRole.WindowText)


def test_hidden_without_feeds_then_live_then_amber(
    qtbot: QtBot, runner: TaskRunner, database: Database, tmp_path: Path, styled: QApplication
) -> None:
    label = LiveStatusLabel(DatabaseTasks(runner, database.unit_of_work))
    qtbot.addWidget(label)
    label.start()
    runner.wait()
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert label.isHidden()

    _record(database, "sendgrid", timedelta(seconds=4))
    _record(database, "mailgun", timedelta(seconds=30))
    label.refresh()
    qtbot.waitUntil(lambda: label.text().startswith("Live · "), timeout=5000)
    assert not label.isHidden()
    assert _colour(label) == QColor("#2e9d57")  # from the app's style sheet
    assert "sendgrid: last event" in label.toolTip() and "mailgun: last event" in label.toolTip()
    label.resize(label.sizeHint())
    label.grab().save(str(tmp_path / "live.png"))

    _record(database, "postmark", timedelta(hours=2))
    label.refresh()
    qtbot.waitUntil(lambda: label.text() == "postmark: nothing for 2 h", timeout=5000)
    assert _colour(label) == QColor("#b07d0f")

    record_error(database.unit_of_work, "postmark", "connection refused")
    label.refresh()
    qtbot.waitUntil(lambda: label.text() == "postmark: failing", timeout=5000)
    assert "error: connection refused" in label.toolTip()
    label.stop()
