"""Release sync: 1,000 releases delivered to five local provider servers with injected failures.

    PYTHONPATH=. .venv/bin/python bench/release_sync.py [--releases 1000] [--fail 0.05]
        [--workers 1] [--db URL]

Runs the local servers of the tests (tests/helpers/provider_servers.py: SendGrid, Mailgun with
two domains, Postmark, Mandrill, SES), applies the releases (each writes five outbox rows), then
runs the outbox worker(s) until every row is confirmed. A share of the provider answers are 503s;
retries wait 50 ms·2^n with jitter. Prints the time until all are confirmed, the calls made per
release per target (goal ≤ 1.1) and the HTTP requests. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.machine_speed import describe as machine
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.services.release_sync import (
    OutboxWorker,
    RoundSummary,
    SyncTuning,
    build_clients,
    register_targets,
)
from desktop.store.database import open_database
from desktop.targets.config import parse_release_targets
from tests.helpers.provider_servers import ProviderServer, suppress, target_entry
from tests.services.quarantine_data import add_quarantine

KINDS = ("sendgrid", "mailgun", "postmark", "mandrill", "ses")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--fail", type=float, default=0.05, help="share of injected 503s")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    print(machine())
    folder = Path(tempfile.mkdtemp(prefix="bd-bench-sync-"))
    database = open_database(args.db or f"sqlite:///{folder / 'bench.sqlite3'}")
    servers = [ProviderServer(kind, fail_rate=args.fail).start() for kind in KINDS]
    try:
        targets = parse_release_targets(
            {"release_targets": [target_entry(server, folder) for server in servers]}
        )
        addresses = [
            f"bench{n:05d}-{random.randrange(10**6)}@example.nl" for n in range(args.releases)
        ]
        with database.unit_of_work() as uow:
            register_targets(uow, targets)
            set_approval_mode(uow, ApprovalMode.AUTO, "bench")
        with database.unit_of_work() as uow:
            for address in addresses:
                add_quarantine(uow, address, datetime.now(UTC) - timedelta(hours=1))
                for server in servers:
                    suppress(server, address)
            uow.commit()
        began = time.perf_counter()
        for address in addresses:
            with database.unit_of_work() as uow:
                request_release(uow, address, "bench")
        applied = time.perf_counter() - began
        print(f"{args.releases} releases applied (5 outbox rows each) in {applied:.2f} s")

        tuning = SyncTuning(backoff_base=0.05, backoff_cap=2.0, batch=50, idle_wait=0.02)
        totals: list[RoundSummary] = []
        began = time.perf_counter()

        def work() -> None:
            worker = OutboxWorker(database, build_clients(targets), tuning)
            stop = threading.Event()
            total = RoundSummary()
            while True:
                total.add(worker.run_until_idle())
                with database.unit_of_work() as uow:
                    if uow.outbox.counts().get("pending", 0) == 0:
                        break
                stop.wait(0.02)  # rows waiting for their backoff
            totals.append(total)

        threads = [threading.Thread(target=work) for _ in range(args.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - began
        summary = RoundSummary()
        for total in totals:
            summary.add(total)
        with database.unit_of_work() as uow:
            counts = uow.outbox.counts()
        rows = args.releases * len(KINDS)
        left = sum(len(server.suppressed) for server in servers)
        print(f"all confirmed in {took:.2f} s with {args.workers} worker(s): {counts}")
        calls = summary.done + summary.retried + summary.stopped
        print(f"calls per release per target: {calls / rows:.3f} (goal <= 1.1);"
              f" retried {summary.retried}, lost claims {summary.lost}")  # fmt: skip
        print(f"HTTP requests: {summary.http_requests} ({summary.http_requests / args.releases:.2f}"
              f" per release over {len(KINDS)} targets, Mailgun has 2 domains)")  # fmt: skip
        print(f"still suppressed at the providers: {left}")
    finally:
        for server in servers:
            server.stop()
        database.dispose()


if __name__ == "__main__":
    main()
