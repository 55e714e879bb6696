"""Approve and reject as an agent meets them (issue #17, 8 and 10): nothing selected means
nothing to click, a high risk asks first, a duplicate request is refused at once, a
double-click on a quarantine opens its latest message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.errors import ValidationError
from desktop.domain.model import RiskLevel
from desktop.services import release
from desktop.services.ports import Database
from desktop.services.requests_queue import pending_requests
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.quarantine.history import AddressHistoryDialog
from desktop.ui.quarantine.view import QuarantineView
from tests.services.quarantine_data import add_quarantine
from tests.ui.seed import JAN, Seeded

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def view(
    qtbot: QtBot, tasks: DatabaseTasks, database: Database, seeded: Seeded
) -> Iterator[QuarantineView]:
    with database.unit_of_work() as uow:
        release.set_approval_mode(uow, release.ApprovalMode.APPROVER, by="lead")
    shown = QuarantineView(tasks, "Carla")
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.toast.undo()
    tasks.runner.wait()


def _actions(database: Database) -> list[str]:
    with database.unit_of_work() as uow:
        return [e.action for e in uow.audit.entries() if e.action.startswith("release")]


def test_a_high_risk_request_asks_before_approving_and_before_rejecting(
    qtbot: QtBot, view: QuarantineView, database: Database, seeded: Seeded
) -> None:
    with database.unit_of_work() as uow:
        uow.requests.create_pending(
            seeded.quarantine, "Anna", "phoned", datetime.now(UTC), RiskLevel.HIGH, "bounced"
        )
        uow.commit()
    view.refresh()
    qtbot.waitUntil(lambda: view.requests.rowCount() == 1)
    assert not view.approve_button.isEnabled() and not view.reject_button.isEnabled()
    asked: list[bool] = []
    answer = False
    view.confirm_decision = lambda _request, approve: asked.append(approve) or answer  # type: ignore[method-assign]
    view.queue.selectRow(0)
    view.approve_button.click()
    view.reject_button.click()
    assert asked == [True, False]
    assert _actions(database) == []  # both were cancelled: nothing decided
    answer = True
    view.approve_button.click()
    qtbot.waitUntil(lambda: "release_applied" in _actions(database))


def test_a_duplicate_request_is_refused_at_once_not_after_the_undo_time(
    qtbot: QtBot, view: QuarantineView, database: Database
) -> None:
    with database.unit_of_work() as uow:
        release.request_release(uow, JAN, "Anna", "phoned")
    view.undo_seconds = 60  # were the toast shown, it would stay up for the whole test
    view.refresh()
    qtbot.waitUntil(lambda: view.select_address(JAN))
    assert view.model.index(0, 7).data() == "Anna: “phoned”"  # the note is in the list
    with qtbot.waitSignal(view.sig_status) as status:
        view.release_button.click()
    assert "already requested by Anna" in status.args[0]
    assert not view.toast.is_pending() and view.release_button.isEnabled()
    assert _actions(database) == ["release_requested"]  # Anna's only


def test_double_click_on_a_quarantine_opens_its_latest_message(
    qtbot: QtBot, view: QuarantineView, seeded: Seeded
) -> None:
    view.refresh()
    qtbot.waitUntil(lambda: view.select_address(JAN))
    where = view.table.visualRect(view.table.currentIndex()).center()
    with qtbot.waitSignal(view.sig_message_opened) as opened:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    message = opened.args[0]
    assert message.recipient == JAN and message.id == seeded.jan_message  # the newest


def test_the_address_history_shows_requests_and_opens_a_message(
    qtbot: QtBot, view: QuarantineView, database: Database, seeded: Seeded
) -> None:
    with database.unit_of_work() as uow:
        release.request_release(uow, JAN, "Anna", "client phoned")
    view.refresh()
    qtbot.waitUntil(lambda: view.select_address(JAN))
    view.history_button.click()
    dialog = next(w for w in view.children() if isinstance(w, AddressHistoryDialog))
    qtbot.waitUntil(lambda: "asked by Anna" in dialog.quarantines.text())
    assert "release pending, asked by Anna: “client phoned”" in dialog.quarantines.text()
    qtbot.waitUntil(lambda: dialog.messages.rowCount() == 5)
    where = dialog.table.visualRect(dialog.messages.index(0, 0)).center()
    with qtbot.waitSignal(view.sig_message_opened) as opened:
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args[0].recipient == JAN


def test_the_agent_who_asked_cannot_approve_their_own_request(
    qtbot: QtBot, view: QuarantineView, database: Database
) -> None:
    """#17 finding 8, four eyes: Carla's own request waits for another approver."""
    with database.unit_of_work() as uow:
        release.request_release(uow, JAN, "Carla", "client phoned")
    view.refresh()
    qtbot.waitUntil(lambda: view.requests.rowCount() == 1)
    view.queue.selectRow(0)
    assert not view.approve_button.isEnabled()  # not hers to approve
    assert "another approver" in view.approve_button.toolTip()
    assert view.reject_button.isEnabled()  # withdrawing her own request is fine
    # Had the button been pressed anyway (an old window, a stale list), the service refuses.
    with database.unit_of_work() as uow:
        (pending,) = pending_requests(uow)
        with pytest.raises(ValidationError, match="another approver must approve"):
            release.approve(uow, pending.id, "Carla")
    assert "release_applied" not in _actions(database)


def test_opening_the_list_ends_overdue_quarantines_in_the_systems_name(
    qtbot: QtBot, view: QuarantineView, database: Database
) -> None:
    """#17 finding 9: Carla opens the quarantine tab; the quarantine whose week is over ends,
    and the audit log names the system for it, not Carla."""
    overdue = datetime.now(UTC) - timedelta(days=8)
    with database.unit_of_work() as uow:
        add_quarantine(uow, "old@example.nl", started_at=overdue)
        uow.commit()
    view.refresh()

    def expired() -> list[tuple[str, str]]:
        with database.unit_of_work() as uow:
            entries = uow.audit.entries()
        return [(e.actor, e.subject) for e in entries if e.action == "quarantine_expired"]

    qtbot.waitUntil(lambda: bool(expired()))
    ((actor, subject),) = expired()
    assert actor == "system" and "old@example.nl" in subject
