"""Reading speed of the feed readers alone (no database): events per second per feed file.

    .venv/bin/python bench/make_feeds.py /tmp/feeds [--events N] [--array]
    .venv/bin/python bench/read_speed.py /tmp/feeds

Reads FOLDER/maillog with the postfix reader and FOLDER/sendgrid.ndjson (and sendgrid.json,
the JSON array form, when present) with the SendGrid reader; prints events, bad records,
skipped records, seconds, events/s and MB/s by the wall clock, then CPU seconds and events
per CPU second (the fairer figure on a shared, busy machine), and the peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest import postfix, sendgrid
from desktop.ingest.feedkit import ReadStats

Reader = Callable[..., Iterator[ParsedEvent | BadRecord]]
FEEDS: tuple[tuple[str, str, Reader], ...] = (
    ("postfix", "maillog", postfix.read),
    ("sendgrid", "sendgrid.ndjson", sendgrid.read),
    ("sendgrid", "sendgrid.json", sendgrid.read),
)


def measure(fmt: str, path: Path, reader: Reader) -> None:
    stats = ReadStats()
    events = bad = 0
    paths: Sequence[str] = [str(path)]
    began, cpu_began = time.perf_counter(), time.process_time()
    for item in reader(paths, stats=stats):
        if isinstance(item, ParsedEvent):
            events += 1
        else:
            bad += 1
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    size = path.stat().st_size / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{fmt:8} {path.name:16} {events:>10,} events {bad:>6,} bad "
        f"{sum(stats.skipped.values()):>9,} skipped {elapsed:7.1f} s "
        f"{events / elapsed:>9,.0f} events/s {size / elapsed:6.1f} MB/s | CPU {cpu:6.1f} s "
        f"{events / cpu:>9,.0f} events/s | {size:,.0f} MB, peak RSS {peak:,.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder written by bench/make_feeds.py")
    args = parser.parse_args()
    for fmt, name, reader in FEEDS:
        path = args.folder / name
        if path.exists():
            measure(fmt, path, reader)


if __name__ == "__main__":
    main()
