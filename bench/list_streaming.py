"""Streaming long lists: peak Python memory and time of `search`/`quarantine` with --limit 0.

    PYTHONPATH=. .venv/bin/python bench/list_streaming.py [--sizes 10000 100000]

For each size, fills a fresh SQLite file with that many messages and open quarantines, then
reads every one through the services the CLI uses (keyset pages of 1,000) and prints the
time and the peak of Python allocations (tracemalloc). Flat memory means the peak does not
grow with the size. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from desktop.domain.search import SearchCriteria
from desktop.services.quarantine_pages import stream_quarantines
from desktop.services.search import stream_messages
from desktop.store.database import Database, open_database
from tests.services.many_rows import many_messages, many_quarantines


def _measure(read: Callable[[], Iterable[object]]) -> tuple[int, float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    count = sum(1 for _ in read())
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return count, seconds, peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    now = datetime.now(UTC)
    print(f"{'list':<12}{'rows':>10}{'seconds':>10}{'peak MiB':>10}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            database: Database = open_database(f"sqlite:///{Path(folder) / 'b.sqlite3'}")
            many_messages(database, size, now)
            many_quarantines(database, size, now)
            with database.unit_of_work() as uow:
                for name, read in (
                    ("search", lambda: stream_messages(uow, SearchCriteria(), limit=0)),
                    ("quarantine", lambda: stream_quarantines(uow, limit=0, now=now)),
                ):
                    count, seconds, peak = _measure(read)
                    print(f"{name:<12}{count:>10,}{seconds:>10.2f}{peak:>10.1f}")
            database.dispose()


if __name__ == "__main__":
    main()
