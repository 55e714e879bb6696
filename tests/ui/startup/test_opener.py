"""Start-up: a database that cannot be opened is explained with a way forward, never a crash."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop import app
from desktop import settings as user_settings
from desktop.ui.common.dialogs import DemoOfferDialog, StartupProblemDialog
from desktop.ui.startup import opener
from desktop.ui.startup.opener import Startup

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none"


@pytest.fixture
def startup(qtbot: QtBot) -> Iterator[Startup]:
    started = Startup(
        user_settings.Settings(),
        UNREACHABLE,
        app.log_file(),
        app.database_url,
        fill_demo=app.fill_demo,
    )
    yield started
    if started.window is not None:
        started.window.close()
    started.shutdown()


def test_unreachable_database_offers_the_local_one_then_demo_data(
    qtbot: QtBot, startup: Startup, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems: list[str] = []
    offers: list[bool] = []

    def answer_problem(problem: str, url: str, parent: object = None) -> str:
        problems.append(problem)
        return StartupProblemDialog.LOCAL

    def answer_demo(parent: object = None) -> bool:
        offers.append(True)
        return False

    monkeypatch.setattr(StartupProblemDialog, "ask", answer_problem)
    monkeypatch.setattr(DemoOfferDialog, "ask", answer_demo)
    gc.unfreeze()
    startup.begin()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=15_000)
    assert gc.get_freeze_count() > 0  # the start-up heap is out of the collector's way
    gc.unfreeze()
    assert problems and "Cannot use the database" in problems[0]
    assert startup.database is not None and startup.database.dialect == "sqlite"
    qtbot.waitUntil(lambda: offers == [True], timeout=5_000)  # empty local database
    assert user_settings.load().offered_demo  # asked once, never again


def test_a_bug_in_a_worker_shows_the_log_path(
    qtbot: QtBot, startup: Startup, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, object]] = []
    monkeypatch.setattr(opener, "show_crash", lambda summary, log: shown.append((summary, log)))

    def broken() -> None:
        raise RuntimeError("boom")

    startup.runner.submit(broken, lambda _r: None)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] == "RuntimeError: boom"
    assert str(shown[0][1]).endswith("bouncedesk.log")


def test_first_start_on_an_empty_local_database_fills_demo_data_when_asked(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import paths

    monkeypatch.setattr(DemoOfferDialog, "ask", lambda parent=None: True)
    started = Startup(
        user_settings.Settings(), None, app.log_file(), app.database_url, fill_demo=app.fill_demo
    )
    try:
        started.begin(paths.default_database_url())
        qtbot.waitUntil(lambda: started.window is not None, timeout=15_000)
        window = started.window
        assert window is not None
        # The demo fills in on the write worker with progress; the results then show it.
        qtbot.waitUntil(lambda: window.search.model.rowCount() >= 50, timeout=120_000)
        # The demo's accounts are offered as filters (they load on their own worker reply).
        qtbot.waitUntil(lambda: window.search.account.count() > 1, timeout=30_000)
    finally:
        if started.window is not None:
            started.window.close()
        started.shutdown()


def test_the_app_icon_has_every_size(qapp: object) -> None:
    from desktop.ui.common.style import app_icon

    sizes = {size.width() for size in app_icon().availableSizes()}
    assert {16, 32, 64, 256, 512} <= sizes


def test_demo_data_offered_on_a_database_that_filled_meanwhile_is_refused_with_a_message(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The offer follows a probe; should data arrive before the fill, nothing is added and
    the user reads why (it was an internal error once: the demo collided with quarantines)."""
    from sqlalchemy import func, select

    from desktop import paths
    from desktop.demo import generate_demo
    from desktop.store.database import open_database
    from desktop.store.tables import MessageRow
    from desktop.ui.startup import first_run

    database = open_database(paths.default_database_url())
    generate_demo(database, messages=60, seed=4)
    offers: list[bool] = []
    warnings: list[str] = []

    def answer_demo(parent: object = None) -> bool:
        offers.append(True)
        return True

    monkeypatch.setattr(DemoOfferDialog, "ask", answer_demo)
    monkeypatch.setattr(
        first_run.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text)
    )
    started = Startup(
        user_settings.Settings(), None, app.log_file(), app.database_url, fill_demo=app.fill_demo
    )
    try:
        started.begin(paths.default_database_url())
        qtbot.waitUntil(lambda: started.first_run is not None, timeout=15_000)
        assert started.first_run is not None
        started.first_run.fill_demo(messages=50)  # as if the probe had found it empty
        qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    finally:
        if started.window is not None:
            started.window.close()
        started.shutdown()
    assert offers == []  # the probe saw the messages: no offer was made
    assert len(warnings) == 1 and "already holds 60 messages" in warnings[0]
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(MessageRow)) == 60
    database.dispose()
