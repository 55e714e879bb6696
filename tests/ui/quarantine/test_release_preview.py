"""The release preview (risk, what the click does) is shown before a release is sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.model import QuarantineCause, Reason
from desktop.services import release
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.quarantine.view import QuarantineView
from tests.ui.fakes import HeldPool, InlinePool
from tests.ui.seed import JAN, Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _requests(database: Database) -> list[str]:
    with database.unit_of_work() as uow:
        return [e.action for e in uow.audit.entries() if e.action.startswith("release")]


def test_the_preview_is_shown_and_nothing_sent_until_its_undo_time_passed(
    qtbot: QtBot, database: Database, seeded: Seeded
) -> None:
    reads, writes = HeldPool(), HeldPool()
    view = QuarantineView(DatabaseTasks(TaskRunner(reads, writes), database.unit_of_work), "Sanne")
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    writes.run()  # expire
    reads.run_all()  # the list, the requests waiting, the releases at the providers
    assert view.select_address(JAN)
    view.undo_seconds = 0.05

    view.release_button.click()
    assert view.toast.is_pending() and "Checking the release risk" in view.toast.text.text()
    assert not writes.held  # nothing goes to the database before the preview is shown
    reads.run()  # the preview arrives
    preview = view.preview
    assert preview is not None and preview.address == JAN
    with database.unit_of_work() as uow:
        expected = release.release_preview(uow, JAN)
    shown = view.toast.text.text()
    assert f"risk {expected.risk.value.upper()}" in shown and expected.risk_why in shown
    assert "applied at once" in shown  # a local database: no approver
    assert not writes.held and _requests(database) == []

    qtbot.waitUntil(lambda: bool(writes.held))  # the Undo time passed: now it is sent
    writes.run()
    assert _requests(database) == ["release_requested", "release_approved", "release_applied"]
    with database.unit_of_work() as uow:
        assert uow.quarantines.active_for(JAN, datetime.now(UTC)) is None


def test_undo_while_the_preview_is_read_sends_nothing(
    qtbot: QtBot, database: Database, seeded: Seeded
) -> None:
    reads = HeldPool()
    view = QuarantineView(
        DatabaseTasks(TaskRunner(reads, InlinePool()), database.unit_of_work), "Sanne"
    )
    qtbot.addWidget(view)
    view.refresh()
    reads.run_all()  # the list, the requests waiting, the releases at the providers
    view.select_address(JAN)
    view.release_button.click()
    view.toast.undo_button.click()
    reads.run()  # the preview arrives after the undo: it is not shown, nothing is sent
    assert view.preview is None and not view.toast.is_pending()
    assert _requests(database) == []


def test_a_second_release_sends_the_first_and_previews_itself(
    qtbot: QtBot, database: Database, seeded: Seeded
) -> None:
    other = "piet@example.nl"
    with database.unit_of_work() as uow:
        now = datetime.now(UTC)
        uow.quarantines.add(
            other,
            QuarantineCause.HARD_BOUNCE,
            Reason.ADDRESS_UNKNOWN,
            now,
            now + timedelta(days=7),
            [],
        )
        uow.commit()
    reads = HeldPool()
    view = QuarantineView(
        DatabaseTasks(TaskRunner(reads, InlinePool()), database.unit_of_work), "Sanne"
    )
    qtbot.addWidget(view)
    view.undo_seconds = 60
    view.refresh()
    reads.run_all()  # the list, the requests waiting, the releases at the providers
    view.select_address(JAN)
    view.request_selected()
    reads.run()  # JAN's preview: counting down
    assert view.preview is not None and view.preview.address == JAN
    view.select_address(other)
    piet = view.selected()
    assert piet is not None
    view.request_release_for(piet)
    assert _requests(database)[0] == "release_requested"  # JAN's went out, as it was due to
    assert other in view.toast.text.text() and "Checking" in view.toast.text.text()
    reads.run(-1)  # piet's preview (JAN's refresh may still wait before it)
    assert view.preview is not None and view.preview.address == other
    assert "risk HIGH" in view.toast.text.text()
    with database.unit_of_work() as uow:
        assert uow.quarantines.active_for(other, datetime.now(UTC)) is not None
    view.toast.undo()
