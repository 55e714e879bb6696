"""Worker processes for the concurrency tests (spawned: importable, no pytest inside)."""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from typing import Any


def request_worker(
    url: str,
    worker: int,
    addresses: list[str],
    attempts: int,
    gate: Event,
    ready: Queue[int],
    out: Queue[Any],
) -> None:
    """`attempts` release requests spread over `addresses`, each in its own unit of work.

    Says it is ready once imported and connected, then waits for the gate, so every worker
    starts clicking at the same moment however slowly the processes started.
    """
    from desktop.domain.errors import NotFound
    from desktop.services.release import request_release
    from desktop.store.database import open_database

    database = open_database(url, migrate=False)
    with database.engine.connect():
        pass  # connect before the race, not during it
    results: list[tuple[str, int, bool, str]] = []
    error = None
    ready.put(worker)
    gate.wait(300)
    try:
        for attempt in range(attempts):
            address = addresses[(worker + attempt) % len(addresses)]
            try:
                with database.unit_of_work() as uow:
                    now = datetime.now(UTC)
                    outcome = request_release(uow, address, f"agent{worker}", "", now)
            except NotFound:  # auto mode: another agent's request already released it
                results.append((address, 0, False, "released"))
                continue
            results.append((address, outcome.request_id, outcome.created, outcome.state.value))
    except Exception:  # reported to the test, which fails with the traceback
        error = traceback.format_exc()
    finally:
        database.dispose()
    out.put((worker, results, error))


def approve_worker(
    url: str, worker: int, request_ids: list[int], gates: list[Any], out: Queue[Any]
) -> None:
    """Approve each request right after the other approver is ready to approve it too."""
    from desktop.services.release import approve
    from desktop.store.database import open_database

    database = open_database(url, migrate=False)
    results: list[tuple[int, bool, str]] = []
    error = None
    try:
        for request_id, barrier in zip(request_ids, gates, strict=True):
            barrier.wait(300)
            with database.unit_of_work() as uow:
                decision = approve(uow, request_id, f"approver{worker}", "", datetime.now(UTC))
            results.append((request_id, decision.changed, decision.state.value))
    except Exception:
        error = traceback.format_exc()
    finally:
        database.dispose()
    out.put((worker, results, error))
