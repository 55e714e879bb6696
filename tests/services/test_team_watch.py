"""Other agents see a new request or a release within 2 s, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from desktop.services.release import ApprovalMode, approve, request_release, set_approval_mode
from desktop.services.team_watch import ANY_CHANGE, ChangeWatcher
from desktop.store.database import Database, open_database
from tests.services.quarantine_data import seed

ADDRESS = "jan@example.nl"
SEEN_WITHIN = 2.0


@pytest.fixture
def two_agents(db_url: str) -> Iterator[tuple[Database, Database]]:
    """Two separate connections to one database, as two agents' apps would have."""
    mine, theirs = open_database(db_url), open_database(db_url, migrate=False)
    with mine.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead")
    seed(mine, ADDRESS, started_at=datetime.now(UTC) - timedelta(hours=1))
    yield mine, theirs
    mine.dispose()
    theirs.dispose()


def _after(delay: float, action: Callable[[], None]) -> threading.Thread:
    thread = threading.Timer(delay, action)
    thread.start()
    return thread


def test_a_request_and_its_approval_wake_the_other_agents_watcher(
    two_agents: tuple[Database, Database],
) -> None:
    mine, theirs = two_agents
    request_ids: list[int] = []

    def file_request() -> None:
        with theirs.unit_of_work() as uow:
            request_ids.append(request_release(uow, ADDRESS, "bob").request_id)

    def approve_it() -> None:
        with theirs.unit_of_work() as uow:
            approve(uow, request_ids[0], "carla")

    with ChangeWatcher(mine, poll_interval=0.05) as watcher:
        assert watcher.poll() == frozenset()
        for action in (file_request, approve_it):
            worker = _after(0.2, action)
            started = time.monotonic()
            changed = watcher.wait(timeout=5)
            waited = time.monotonic() - started
            worker.join()
            assert changed, "the change was not seen"
            assert waited < SEEN_WITHIN
            if mine.dialect == "postgresql":
                assert "release_requests" in changed
            else:
                assert changed == {ANY_CHANGE}
            time.sleep(0.1)  # let the commit's last notifications arrive
            watcher.poll()


def test_nothing_changed_means_an_empty_answer_after_the_timeout(
    two_agents: tuple[Database, Database],
) -> None:
    mine, _ = two_agents
    with ChangeWatcher(mine, poll_interval=0.05) as watcher:
        started = time.monotonic()
        assert watcher.wait(timeout=0.3) == frozenset()
        assert time.monotonic() - started >= 0.29
