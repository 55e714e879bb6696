"""Demo generation and search speed on a big database. Prints figures; asserts nothing.

    .venv/bin/python bench/search_speed.py --messages 1000000 [--db URL] [--keep PATH]

Generates demo data into a fresh SQLite file (or the given database), then times the search
service for an exact address, a domain, a recipient substring and a subject word (first page
of 50, newest first), and one `bouncedesk search` command end to end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.demo import DemoProgress, generate_demo
from desktop.domain.search import SearchCriteria
from desktop.services.search import search_messages
from desktop.store.database import Database, open_database


def _pick_queries(database: Database) -> dict[str, SearchCriteria]:
    with database.unit_of_work() as uow:
        newest = search_messages(uow, SearchCriteria(), limit=500).messages
    recipient = newest[len(newest) // 2].recipient
    local = recipient.split("@")[0]
    return {
        "exact address": SearchCriteria(recipient=recipient),
        "domain": SearchCriteria(domain="ziggo.nl"),
        "substring": SearchCriteria(contains=local[1:5]),
        "subject word": SearchCriteria(subject="kerstborrel"),
        "rare substring": SearchCriteria(contains="zzqx"),
    }


def _time_queries(database: Database, rounds: int) -> None:
    queries = _pick_queries(database)
    print(f"\nsearch service, first page of 50, {rounds} rounds (p50 / p95 / max ms):")
    for label, criteria in queries.items():
        times = []
        found = 0
        for _ in range(rounds):
            started = time.perf_counter()
            with database.unit_of_work() as uow:
                found = len(search_messages(uow, criteria, limit=50).messages)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"  {label:<15} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}"
              f"   ({found} rows; {criteria.describe()})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--keep", type=Path, help="SQLite file to create and keep")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="skip generation (database filled)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bd-bench-"))
    path = args.keep or folder / "bench.sqlite3"
    url = args.db or f"sqlite:///{path}"
    database = open_database(url)
    if not args.reuse:
        started = time.perf_counter()
        last = [0.0]

        def progress(p: DemoProgress) -> None:
            if time.perf_counter() - last[0] > 10:
                last[0] = time.perf_counter()
                print(f"  {p.done:,}/{p.total:,} after {last[0] - started:.0f} s", flush=True)

        summary = generate_demo(database, args.messages, seed=1, progress=progress)
        seconds = time.perf_counter() - started
        rate = summary.messages / seconds
        print(f"demo: {summary.messages:,} messages, {summary.events:,} events "
              f"({summary.events / summary.messages:.2f}/message), {summary.quarantines:,} "
              f"quarantines in {seconds:.0f} s ({rate:,.0f} messages/s)")  # fmt: skip
    if url.startswith("sqlite"):
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        print(f"database size: {size / 2**20:,.0f} MiB ({path})")
    _time_queries(database, args.rounds)
    database.dispose()

    env = {**os.environ, "BOUNCEDESK_DB_URL": url}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop", "search", "@ziggo.nl", "--json"], env=env,
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"\n`bouncedesk search @ziggo.nl --json` end to end (process start included): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
