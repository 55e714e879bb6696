"""Import throughput: postfix and sendgrid feeds of N events into fresh SQLite files.

The feeds come from bench/make_feeds.py. Each import runs in its own process and prints
events/s by the wall clock and per CPU second of that process (the fairer figure on a shared,
busy machine; the CPU time of the feed reader's child process is printed beside it),
the RSS after the first batch, half-way and at the end (flat memory: it levels off at the
bounded caches, whatever N is), and the peak RSS.

    .venv/bin/python bench/import_speed.py                 # 1,000,000 events per format
    .venv/bin/python bench/import_speed.py --events 100000 # scaled down
    .venv/bin/python bench/import_speed.py --feeds DIR     # feeds make_feeds.py already wrote
    .venv/bin/python bench/import_speed.py --next-day      # then the next day's feed on top

--next-day imports, after each first import, the same platform's traffic of the following day
into the database the first one filled: the daily case, where the look-ups find a database
that is not empty (known addresses, a million stored events). Its feeds come from
DIR/next-day when --feeds DIR is given (written there when missing).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import machine_speed  # beside this script: its folder is first on sys.path
import make_feeds  # the readers' generator, shared so every bench reads the same data
from sqlalchemy import text

from desktop.services.importing import ImportProgress, import_feed
from desktop.store.database import open_database


def _rss_kb() -> int:
    """The current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _thread_cpu() -> dict[str, float]:
    """CPU seconds of this process's live threads by name (Linux /proc; else nothing)."""
    names = {thread.native_id: thread.name for thread in threading.enumerate()}
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {}
    for tid, name in names.items():
        try:
            with open(f"/proc/self/task/{tid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[name] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return found


def measure(fmt: str, feed: Path, db_file: Path) -> None:
    """Import `feed` into the SQLite file and print the figures (run in its own process)."""
    database = open_database(f"sqlite:///{db_file}")
    with database.session() as session:
        stored = session.scalar(text("SELECT COUNT(*) FROM events")) or 0
    samples: list[tuple[int, int]] = []  # (records read, RSS kB) after each batch

    threads: dict[str, float] = {}  # CPU seconds by thread, as last seen

    def progress(snapshot: ImportProgress) -> None:
        if snapshot.imported and (not samples or samples[-1][0] != snapshot.read):
            samples.append((snapshot.read, _rss_kb()))
            threads.update(_thread_cpu())

    size = feed.stat().st_size  # now: a shared scratch folder may be gone by the end
    began, cpu_began = time.perf_counter(), time.process_time()
    summary = import_feed(database, fmt, [str(feed)], progress=progress)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    threads.update(_thread_cpu())
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the reader process, if one ran
    reader_cpu = children.ru_utime + children.ru_stime
    database.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if not samples:  # nothing imported: every event was already stored, or none was read
        samples.append((summary.read, _rss_kb()))
    first, half, last = samples[0][1], samples[len(samples) // 2][1], samples[-1][1]
    into = f" into a database of {stored:,} events" if stored else ""
    print(
        f"{fmt}{into}: {summary.events:,} events ({summary.imported:,} imported,"
        f" {summary.bad:,} bad, {summary.skipped:,} skipped; {summary.messages:,} messages,"
        f" {summary.quarantines:,} quarantines, {summary.rejected:,} rejected)"
        f" from {size / 1e6:,.0f} MB\n"
        f"  wall {elapsed:7.1f} s  {summary.events / elapsed:>8,.0f} events/s\n"
        f"  CPU  {cpu:7.1f} s  {summary.events / cpu:>8,.0f} events per CPU second"
        f" (this process; the reader process used {reader_cpu:.1f} s more)\n"
        f"  RSS after the first batch {first / 1024:.0f} MB, half-way {half / 1024:.0f} MB,"
        f" after the last {last / 1024:.0f} MB (growth {(last - first) / 1024:+.0f} MB);"
        f" peak {peak / 1024:.0f} MB",
        flush=True,
    )
    if threads:  # where the importing process's CPU went: one GIL, so these add up to its wall
        busiest = sorted(threads.items(), key=lambda item: -item[1])[:3]
        print("  CPU by thread: " + ", ".join(f"{name} {used:.1f} s" for name, used in busiest))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events per feed")
    parser.add_argument("--formats", nargs="+", default=["postfix", "sendgrid"])
    parser.add_argument("--keep", metavar="DIR", help="write the feeds and databases here")
    parser.add_argument(
        "--feeds", metavar="DIR", help="import DIR/maillog and DIR/sendgrid.ndjson as they are"
    )
    parser.add_argument(
        "--next-day", action="store_true", help="then import the next day's feed on top"
    )
    parser.add_argument("--measure", nargs=3, metavar=("FMT", "FEED", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        fmt, feed, db_file = args.measure
        measure(fmt, Path(feed), Path(db_file))
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if args.feeds:
            feeds = make_feeds.feed_paths(Path(args.feeds))
        else:
            feeds = make_feeds.write(folder, args.events)
        later: dict[str, Path] = {}
        if args.next_day:
            next_folder = (Path(args.feeds) if args.feeds else folder) / "next-day"
            later = make_feeds.feed_paths(next_folder)
            if not all(path.exists() for path in later.values()):
                next_end = make_feeds.END + timedelta(days=1)
                later = make_feeds.write(next_folder, args.events, end=next_end)
        print(machine_speed.describe(), flush=True)
        for fmt in args.formats:
            db_file = folder / f"{fmt}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            # A process per import, so each peak RSS is that import's alone.
            for feed in (feeds[fmt], later.get(fmt)):
                if feed is not None:
                    command = [sys.executable, __file__, "--measure", fmt, str(feed), str(db_file)]
                    subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
