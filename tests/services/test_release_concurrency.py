"""Many agents at once: one pending request per quarantine, one approval, one release."""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.domain.model import EventType
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.store.database import Database, open_database
from desktop.store.tables import EventRow, ReleaseRequestRow
from tests.helpers.databases import MigratedTemplates, drop_pg_database, pg_url, require_postgres
from tests.services.concurrency_workers import approve_worker, request_worker
from tests.services.quarantine_data import audit_count, seed

PROCESSES = 20
ATTEMPTS = 50
QUARANTINES = 10
# Spawned interpreters import the app before they race; on a busy 2-core machine that alone can
# take a while. The race itself must finish well inside its limit, or something is stuck.
STARTUP_LIMIT = 240
RACE_LIMIT = 60


@pytest.fixture
def pg_db(_templates: MigratedTemplates) -> Iterator[tuple[str, Database]]:
    require_postgres()
    name = _templates.pg_copy()
    url = pg_url(name)
    database = open_database(url)
    try:
        with database.unit_of_work() as uow:
            set_approval_mode(uow, ApprovalMode.APPROVER, "lead")
        yield url, database
    finally:
        database.dispose()
        drop_pg_database(name)


def _collect(out: Any, processes: list[Any], deadline: float) -> list[tuple[int, list[Any], Any]]:
    reports = []
    for _ in processes:
        try:
            reports.append(out.get(timeout=max(deadline - time.monotonic(), 0.1)))
        except queue.Empty:
            break
    for process in processes:
        process.join(timeout=30)
        if process.is_alive():  # a deadlock or a hang: never leave it behind
            process.kill()
            process.join()
    return reports


def _race_requests(
    url: str, addresses: list[str], workers: int, attempts: int
) -> tuple[list[Any], Any]:
    """Start `workers` processes filing release requests; they race once all are ready."""
    spawn = multiprocessing.get_context("spawn")
    gate, ready, out = spawn.Event(), spawn.Queue(), spawn.Queue()
    processes = [
        spawn.Process(target=request_worker, args=(url, w, addresses, attempts, gate, ready, out))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        for _ in processes:
            ready.get(timeout=STARTUP_LIMIT)
    finally:
        gate.set()
    return processes, out


@pytest.mark.postgres
def test_twenty_agents_clicking_release_on_the_same_quarantines(
    pg_db: tuple[str, Database],
) -> None:
    url, database = pg_db
    addresses = [f"agent-race-{i}@example.nl" for i in range(QUARANTINES)]
    seed(database, *addresses, started_at=datetime.now(UTC) - timedelta(hours=1))
    started = time.monotonic()
    processes, out = _race_requests(url, addresses, PROCESSES, ATTEMPTS)
    racing = time.monotonic()
    reports = _collect(out, processes, racing + RACE_LIMIT)
    done = time.monotonic()
    print(
        f"\n{PROCESSES} processes x {ATTEMPTS} release attempts: start-up {racing - started:.1f} s,"
        f" race {done - racing:.1f} s, total {done - started:.1f} s"
    )

    assert len(reports) == PROCESSES, "a worker hung or died (deadlock?)"
    errors = [error for _, _, error in reports if error]
    assert errors == [], errors[0] if errors else ""
    assert all(process.exitcode == 0 for process in processes)
    results = [result for _, worker_results, _ in reports for result in worker_results]
    assert len(results) == PROCESSES * ATTEMPTS
    ids_per_address = {a: {r[1] for r in results if r[0] == a} for a in addresses}
    assert all(len(ids) == 1 for ids in ids_per_address.values()), ids_per_address
    created = Counter(r[0] for r in results if r[2])
    assert created == dict.fromkeys(addresses, 1)  # the others were told "already requested"
    assert {r[3] for r in results} == {"pending"}
    with database.session() as session:
        per_quarantine = session.execute(
            select(ReleaseRequestRow.quarantine_id, func.count()).group_by(
                ReleaseRequestRow.quarantine_id
            )
        ).all()
    assert sorted(n for _, n in per_quarantine) == [1] * QUARANTINES
    assert audit_count(database, "release_requested") == sum(created.values())


@pytest.mark.postgres
def test_two_approvers_approving_the_same_requests_at_once(pg_db: tuple[str, Database]) -> None:
    url, database = pg_db
    addresses = [f"approve-race-{i}@example.nl" for i in range(QUARANTINES)]
    seed(database, *addresses, started_at=datetime.now(UTC) - timedelta(hours=1))
    request_ids = []
    for address in addresses:
        with database.unit_of_work() as uow:
            request_ids.append(request_release(uow, address, "anna").request_id)
    spawn = multiprocessing.get_context("spawn")
    out = spawn.Queue()
    barriers = [spawn.Barrier(2) for _ in request_ids]
    processes = [
        spawn.Process(target=approve_worker, args=(url, w, request_ids, barriers, out))
        for w in range(2)
    ]
    for process in processes:
        process.start()
    reports = _collect(out, processes, time.monotonic() + STARTUP_LIMIT + RACE_LIMIT)

    assert len(reports) == 2
    errors = [error for _, _, error in reports if error]
    assert errors == [], errors[0] if errors else ""
    decisions = [d for _, worker_results, _ in reports for d in worker_results]
    changed = Counter(request_id for request_id, was_changed, _ in decisions if was_changed)
    assert changed == dict.fromkeys(request_ids, 1)
    assert {state for _, _, state in decisions} == {"applied"}
    assert audit_count(database, "release_approved") == QUARANTINES
    assert audit_count(database, "release_applied") == QUARANTINES
    with database.session() as session:
        released = session.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.type == EventType.RELEASED)
        )
    assert released == QUARANTINES


def test_in_auto_mode_racing_agents_release_each_quarantine_exactly_once(db_url: str) -> None:
    database = open_database(db_url)
    try:
        with database.unit_of_work() as uow:
            set_approval_mode(uow, ApprovalMode.AUTO, "lead")
        addresses = [f"auto-race-{i}@example.nl" for i in range(QUARANTINES)]
        seed(database, *addresses, started_at=datetime.now(UTC) - timedelta(hours=1))
        processes, out = _race_requests(db_url, addresses, 4, 20)
        reports = _collect(out, processes, time.monotonic() + RACE_LIMIT)
        assert len(reports) == len(processes)
        errors = [error for _, _, error in reports if error]
        assert errors == [], errors[0] if errors else ""
        results = [r for _, worker_results, _ in reports for r in worker_results]
        created = Counter(r[0] for r in results if r[2])
        assert created == dict.fromkeys(addresses, 1)
        assert {r[3] for r in results if r[2]} == {"applied"}
        assert audit_count(database, "release_applied") == QUARANTINES
        with database.session() as session:
            requests = session.scalar(select(func.count()).select_from(ReleaseRequestRow))
        assert requests == QUARANTINES
    finally:
        database.dispose()
