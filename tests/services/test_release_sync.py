"""The release outbox on both engines: rows written with the release, delivered by the worker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.model import QuarantineCause, Reason
from desktop.domain.release_targets import CallResult, DeliveryState, OutboxItem, describe
from desktop.services.release_sync import OutboxWorker, SyncTuning, build_clients
from desktop.services.release_targets import (
    give_up_target,
    long_failing,
    release_targets_of,
    retry_target,
)
from desktop.store.database import Database, open_database
from desktop.store.tables import AuditRow
from tests.helpers.provider_servers import ProviderServer, suppress
from tests.services.release_sync_data import release, targets_for

KINDS = ["sendgrid", "mailgun", "postmark", "mandrill", "ses"]
FAST = SyncTuning(lease=timedelta(seconds=30), backoff_base=0.0, backoff_cap=0.0, idle_wait=0.05)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def servers() -> Iterator[list[ProviderServer]]:
    running = [ProviderServer(kind).start() for kind in KINDS]
    yield running
    for server in running:
        server.stop()


def _audit(db: Database, action: str) -> list[tuple[str, str | None]]:
    with db.session() as session:
        query = select(AuditRow.subject, AuditRow.after).where(AuditRow.action == action)
        return [(subject, after) for subject, after in session.execute(query.order_by(AuditRow.id))]


def test_a_release_reaches_every_target_once(
    db: Database, servers: list[ProviderServer], tmp_path: Path
) -> None:
    targets = targets_for(db, servers, tmp_path)
    for server in servers:
        suppress(server, "jan@example.nl")
    (request_id,) = release(db, "jan@example.nl")
    with db.unit_of_work() as uow:
        rows = release_targets_of(uow, request_id)
    assert [(r.target, r.state, r.idempotency_key) for r in rows] == [
        (kind, DeliveryState.PENDING, f"release:{request_id}:{kind}") for kind in KINDS
    ]

    summary = OutboxWorker(db, build_clients(targets), FAST).run_until_idle()

    assert (summary.claimed, summary.done, summary.http_requests) == (5, 5, 6)  # Mailgun: 2
    assert all(not server.suppressed for server in servers)
    assert [len(server.requests) for server in servers] == [1, 2, 1, 1, 1]
    with db.unit_of_work() as uow:
        rows = release_targets_of(uow, request_id)
    assert {r.state for r in rows} == {DeliveryState.DONE}
    calls = _audit(db, "release_target_call")
    assert len(calls) == 5
    assert calls[0] == (
        f"release request {request_id} (jan@example.nl) at sendgrid",
        "done (204)",
    )


def test_nothing_is_written_for_a_database_without_targets(db: Database) -> None:
    (request_id,) = release(db, "jan@example.nl")
    with db.unit_of_work() as uow:
        assert release_targets_of(uow, request_id) == []


def test_429_and_5xx_are_retried_with_backoff_until_done(db: Database, tmp_path: Path) -> None:
    with ProviderServer("sendgrid") as server:
        targets = targets_for(db, [server], tmp_path)
        suppress(server, "spam@example.nl", "spam")
        server.script.extend([(429, {"Retry-After": "0"}, b"{}"), (502, {}, b"bad gateway")])
        (request_id,) = release(
            db, "spam@example.nl", cause=QuarantineCause.SPAM, reason=Reason.SPAM_COMPLAINT
        )
        summary = OutboxWorker(db, build_clients(targets), FAST).run_until_idle()
    assert (summary.done, summary.retried) == (1, 2)
    assert [s.path for s in server.requests] == ["/v3/suppression/spam_reports/spam@example.nl"] * 3
    assert [after for _, after in _audit(db, "release_target_call")] == [
        "retry (429): {}",
        "retry (502): bad gateway",
        "done (204)",
    ]
    with db.unit_of_work() as uow:
        (row,) = release_targets_of(uow, request_id)
    assert (row.state, row.attempts, row.last_status) == (DeliveryState.DONE, 3, 204)


def test_backoff_has_jitter_and_respects_retry_after(db: Database, tmp_path: Path) -> None:
    moment = datetime.now(UTC) + timedelta(minutes=1)
    tuning = SyncTuning(backoff_base=60.0, backoff_cap=3600.0)
    with ProviderServer("postmark") as server:
        targets = targets_for(db, [server], tmp_path)
        server.script.extend([(503, {}, b""), (429, {"Retry-After": "900"}, b"")])
        first, second = release(db, "a@example.nl", "b@example.nl")
        worker = OutboxWorker(db, build_clients(targets), tuning, clock=lambda: moment)
        worker.run_round()
    with db.unit_of_work() as uow:
        (a,) = release_targets_of(uow, first)
        (b,) = release_targets_of(uow, second)
    assert moment + timedelta(seconds=30) <= a.next_attempt_at <= moment + timedelta(seconds=60)
    assert b.next_attempt_at >= moment + timedelta(seconds=900)
    assert describe(b, moment) == "Postmark failed (429), retrying in 15 min"


def test_401_stops_the_target_alerts_and_an_approver_retries(db: Database, tmp_path: Path) -> None:
    alerts: list[tuple[OutboxItem, CallResult]] = []
    with ProviderServer("mailgun") as server:
        targets = targets_for(db, [server], tmp_path)
        server.script.append((401, {}, b"Forbidden"))
        first, second = release(db, "a@example.nl", "b@example.nl")
        worker = OutboxWorker(
            db, build_clients(targets), FAST, on_alert=lambda i, r: alerts.append((i, r))
        )
        summary = worker.run_until_idle()
        assert (summary.stopped, summary.done) == (1, 0)
        assert len(server.requests) == 1  # b's row is not called while the target is stopped
        assert [(i.address, r.status) for i, r in alerts] == [("a@example.nl", 401)]
        assert _audit(db, "release_target_alert")[0][0] == "mailgun"
        with db.unit_of_work() as uow:
            (a,) = release_targets_of(uow, first)
            (b,) = release_targets_of(uow, second)
            assert (a.state, b.state) == (DeliveryState.STOPPED, DeliveryState.PENDING)
            assert describe(a, datetime.now(UTC)) == "Mailgun stopped (401): needs an approver"
            assert retry_target(uow, a.id, "lead", "key rotated", datetime.now(UTC))
        summary = worker.run_until_idle()
    assert summary.done == 2
    assert len(server.requests) == 1 + 2 * 2  # two domains per release
    assert _audit(db, "release_target_retry") == [
        (f"release request {first} (a@example.nl) at mailgun", "pending")
    ]


def test_an_approver_gives_up_with_a_note(db: Database, tmp_path: Path) -> None:
    with ProviderServer("ses") as server:
        targets = targets_for(db, [server], tmp_path)
        server.script.append((500, {}, b"internal"))
        (request_id,) = release(db, "a@example.nl")
        OutboxWorker(db, build_clients(targets), SyncTuning(backoff_base=600.0)).run_until_idle()
    later = datetime.now(UTC) + timedelta(hours=2)
    with db.unit_of_work() as uow:
        (row,) = release_targets_of(uow, request_id)
        assert [item.id for item in long_failing(uow, later)] == [row.id]
        assert give_up_target(uow, row.id, "lead", "SES account closed", later)
    with db.unit_of_work() as uow:
        (row,) = release_targets_of(uow, request_id)
        assert (row.state, row.note) == (DeliveryState.GIVEN_UP, "SES account closed")
        assert long_failing(uow, later) == []
        assert not give_up_target(uow, row.id, "lead", "again", later)  # already given up


def test_run_outbox_worker_runs_in_a_thread_until_stopped(db: Database, tmp_path: Path) -> None:
    import threading
    import time

    from desktop.services.release_sync import run_outbox_worker

    with ProviderServer("mandrill") as server:
        targets = targets_for(db, [server], tmp_path)
        suppress(server, "jan@example.nl")
        stop = threading.Event()
        url = db.engine.url.render_as_string(hide_password=False)
        thread = threading.Thread(
            target=run_outbox_worker, args=(url, targets, stop, FAST), daemon=True
        )
        thread.start()
        (request_id,) = release(db, "jan@example.nl")  # while the worker runs
        deadline = time.monotonic() + 30
        while server.suppressed:
            assert time.monotonic() < deadline, "the worker never delivered"
            time.sleep(0.05)
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
    with db.unit_of_work() as uow:
        (row,) = release_targets_of(uow, request_id)
    assert row.state is DeliveryState.DONE
