"""Outbox workers as real processes: killed with SIGKILL mid-call, and two at once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.store.database import Database, open_database
from desktop.store.tables import AuditRow, ReleaseOutboxRow
from tests.helpers.provider_servers import ProviderServer, suppress, target_entry
from tests.services.release_sync_data import config_toml, release, targets_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _sync(db: Database, config: Path, *extra: str) -> subprocess.Popen[str]:
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", url, "sync", "--config", str(config), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _states(db: Database) -> Counter[str]:
    with db.session() as session:
        rows = session.execute(select(ReleaseOutboxRow.state, func.count()).group_by("state"))
        return Counter({state: count for state, count in rows})


def _wait_for(condition: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _no_live_claims(db: Database) -> bool:
    now = datetime.now(UTC)
    with db.session() as session:
        query = select(func.count()).where(ReleaseOutboxRow.claim_until > now)
        return not session.scalar(query)


@pytest.mark.slow
def test_a_worker_killed_mid_call_loses_nothing(db: Database, tmp_path: Path) -> None:
    addresses = [f"user{n}@example.nl" for n in range(12)]
    hold = threading.Event()
    with ProviderServer("sendgrid", hold=hold) as server:
        targets_for(db, [server], tmp_path)
        for address in addresses:
            suppress(server, address)
        release(db, *addresses)
        config = tmp_path / "ingest.toml"
        config.write_text(
            config_toml(
                "sqlite:///unused",
                [target_entry(server, tmp_path)],
                lease_seconds=2,
                batch=5,
                idle_seconds=0.1,
            )
        )
        worker = _sync(db, config)
        try:
            assert server.entered.wait(60), "the worker never called"
            worker.kill()  # SIGKILL while its first call is open
        finally:
            worker.communicate(timeout=30)
        hold.set()  # the provider finishes that call; the dead worker never records it
        assert _states(db)["pending"] == len(addresses)
        _wait_for(lambda: _no_live_claims(db))
        again = _sync(db, config, "--once", "--json")
        out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert '"done_total": 12' in out
    assert _states(db) == Counter({"done": len(addresses)})
    assert not server.suppressed
    calls = Counter(seen.path.rsplit("/", 1)[1] for seen in server.requests)
    # The interrupted address is called again (the provider answers 404: already gone).
    assert sorted(calls.values()) == [1] * (len(addresses) - 1) + [2]
    with db.session() as session:
        actions = Counter(session.scalars(select(AuditRow.action)))
    # Every attempt is on record before it is made: the killed worker's first batch of five
    # too. Only attempts that came back have an answer.
    assert actions["release_target_calling"] == len(addresses) + 5
    assert actions["release_target_call"] == len(addresses)


@pytest.mark.slow
def test_two_workers_at_once_make_each_call_once(db: Database, tmp_path: Path) -> None:
    addresses = [f"user{n}@example.nl" for n in range(120)]
    with ProviderServer("sendgrid") as server:
        targets_for(db, [server], tmp_path)
        for address in addresses:
            suppress(server, address)
        release(db, *addresses)
        config = tmp_path / "ingest.toml"
        config.write_text(
            config_toml("sqlite:///unused", [target_entry(server, tmp_path)], batch=4)
        )
        workers = [_sync(db, config, "--once", "--json") for _ in range(2)]
        results = [worker.communicate(timeout=180) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], [err for _, err in results]
    assert _states(db) == Counter({"done": len(addresses)})
    calls = Counter(seen.path for seen in server.requests)
    assert len(calls) == len(addresses) and set(calls.values()) == {1}
    assert not server.suppressed
