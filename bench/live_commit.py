"""The writer's commit alone: 8 signed-webhook bodies of 100 SendGrid events per transaction
(what 8 posters hand the service's writer at once), on a fresh PostgreSQL database.

Prints events/s (wall), CPU microseconds per event in this process, and milliseconds per
800-event commit: on a loaded machine most of a commit is waiting for the server, so compare
two versions by running them alternately (--root points at another checkout's code).

    .venv/bin/python bench/live_commit.py [--commits 40] [--root /path/to/other/checkout]
    BOUNCEDESK_BENCH_PG=postgresql://postgres@127.0.0.1:5432/postgres  (the default)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

import psycopg

ADMIN = os.environ.get("BOUNCEDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BODIES = 8  # per commit
WARM = 5  # commits before the clock starts (connections, caches, first pages)


def _bodies(source: object) -> list[bytes]:
    """One commit's bodies from the ingest_live bench's generator."""
    return [source.take()[0] for _ in range(BODIES)]  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=40, help="timed commits (default 40)")
    parser.add_argument("--root", help="the code to measure (default: this checkout)")
    args = parser.parse_args()
    root = Path(args.root or Path(__file__).resolve().parents[1]).resolve()
    sys.path.insert(0, str(root))
    from ingest_live import Bodies, Signer  # beside this script

    from desktop.live.sink import new_classifier, parse_body
    from desktop.services.importing.live import LiveImporter
    from desktop.store.database import open_database

    bodies, classifier = Bodies(Signer()), new_classifier()
    groups = [
        [
            parse_body("sendgrid", bodies.take()[0], "bench", classifier).events
            for _ in range(BODIES)
        ]
        for _ in range(WARM + args.commits)
    ]
    name = f"bd_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    plain = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        database = open_database(plain.replace("postgresql://", "postgresql+psycopg://", 1))
        importer = LiveImporter(database.unit_of_work)
        for group in groups[:WARM]:
            importer.commit_groups(group, None, classify=False)
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute("ANALYZE")  # a new database has no statistics yet
        wall, cpu = time.perf_counter(), time.process_time()
        for group in groups[WARM:]:
            importer.commit_groups(group, None, classify=False)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        events = sum(len(events) for group in groups[WARM:] for events in group)
        print(
            f"{root}: {events / wall:,.0f} events/s, {cpu / events * 1e6:.0f} us CPU per event,"
            f" {wall / args.commits * 1000:.0f} ms per {events // args.commits}-event commit;"
            f" load average {os.getloadavg()[0]:.1f}"
        )
        database.dispose()
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
