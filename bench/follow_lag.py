"""Log-follow lag at a steady 10,000 lines/s: from a line's append to its commit, PostgreSQL.

Starts `bouncedesk ingest` in a process of its own with one [[follow]] source on a fresh
database of the PostgreSQL server, then appends Postfix lines (the tests' generator: a third
hard bounces, a fifth deferred then expired) to the log at --rate lines/s, in ticks of 10 ms.
Every few milliseconds it reads the source's committed position (ingest_positions: saved in
the transaction that stores the events), so each line's lag is the time from its append to
the first read that shows it committed. Prints p50/p99/max lag over all lines, the rate
reached, commits per second and the service's CPU and RSS.

    .venv/bin/python bench/follow_lag.py                    # 10,000 lines/s for 30 s
    .venv/bin/python bench/follow_lag.py --seconds 60 --poll 0.05
    .venv/bin/python bench/follow_lag.py --warm 0        # a new database, never analyzed
    BOUNCEDESK_BENCH_PG=postgresql://postgres@127.0.0.1:5432/postgres  (the default)
"""

from __future__ import annotations

import argparse
import bisect
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import machine_speed  # beside this script: its folder is first on sys.path
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.live.helpers import postfix_log  # noqa: E402 - the tests' lines, as follow_speed

ADMIN = os.environ.get("BOUNCEDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TICK = 0.01  # seconds between two appends
SOURCE = "bench-follow"


def _lines(count: int) -> list[bytes]:
    """At least `count` log lines, each ending in a newline."""
    messages = count // 4 + 10  # about 4.3 lines a message
    lines, _ = postfix_log(0, messages)
    return [(line + "\n").encode() for line in lines[:count]]


class Appender:
    """Appends lines at `rate` per second; keeps (end offset, lines, append time) per tick."""

    def __init__(self, path: Path, lines: list[bytes], rate: float, offset: int = 0) -> None:
        self._offset = offset  # bytes already in the file
        self._path = path
        self._lines = lines
        self._rate = rate
        self.ticks: list[tuple[int, int, float]] = []
        self.done = threading.Event()

    def run(self) -> None:
        written, offset = 0, self._offset
        began = time.monotonic()
        with open(self._path, "ab", buffering=0) as log:
            while written < len(self._lines):
                due = int((time.monotonic() - began) * self._rate)  # lines owed by now
                take = min(due, len(self._lines)) - written
                if take > 0:
                    chunk = b"".join(self._lines[written : written + take])
                    log.write(chunk)
                    stamp = time.monotonic()
                    offset += len(chunk)
                    written += take
                    self.ticks.append((offset, take, stamp))
                time.sleep(TICK)
        self.done.set()


def _watch(url: str, appender: Appender, total: int) -> tuple[list[tuple[int, float]], int]:
    """(committed offset, first seen) pairs until `total` bytes are committed; commits seen."""
    seen: list[tuple[int, float]] = []
    commits = 0
    with psycopg.connect(url, autocommit=True) as connection:
        deadline = None
        while True:
            row = connection.execute(
                'SELECT "offset" FROM ingest_positions WHERE source = %s', (SOURCE,)
            ).fetchone()
            now = time.monotonic()
            offset = int(row[0]) if row else 0
            if not seen or offset != seen[-1][0]:
                seen.append((offset, now))
                commits += 1
            if offset >= total:
                return seen, commits
            if appender.done.is_set():
                deadline = deadline or now + 120
                if now > deadline:
                    raise SystemExit(f"not all committed: {offset:,} of {total:,} bytes")
            time.sleep(0.002)


def _lags(appender: Appender, seen: list[tuple[int, float]]) -> list[tuple[float, int]]:
    """(lag in s, lines) per tick: its append to the first read showing it committed."""
    offsets = [offset for offset, _ in seen]
    lags = []
    for end, lines, appended in appender.ticks:
        index = bisect.bisect_left(offsets, end)
        lags.append((max(0.0, seen[index][1] - appended), lines))
    return lags


def _quantile(lags: list[tuple[float, int]], q: float) -> float:
    ordered = sorted(lags)
    wanted = q * sum(lines for _, lines in ordered)
    running = 0
    for lag, lines in ordered:
        running += lines
        if running >= wanted:
            return lag
    return ordered[-1][0]


def _proc(pid: int) -> tuple[float, int, int]:
    """(CPU seconds, RSS MiB, peak RSS MiB) of process `pid` (Linux /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) // 1024
    return cpu, found["VmRSS"], found["VmHWM"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="appending (default 30)")
    parser.add_argument("--rate", type=float, default=10_000.0, help="lines/s (default 10,000)")
    parser.add_argument("--poll", type=float, help="the source's poll_seconds (default: its own)")
    parser.add_argument(
        "--warm", type=float, default=50_000, help="lines stored before timing (default 50,000)"
    )
    args = parser.parse_args()
    print(machine_speed.describe(), f"; load average {os.getloadavg()[0]:.1f}", sep="")
    warm = int(args.warm)
    everything = _lines(warm + int(args.seconds * args.rate))
    lines = everything[warm:]
    name = f"bd_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    plain = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    url = plain.replace("postgresql://", "postgresql+psycopg://", 1)
    folder = Path(tempfile.mkdtemp(prefix="bd-follow-lag-"))
    log_path = folder / "mail.log"
    log_path.touch()
    config = folder / "ingest.toml"
    poll = f"poll_seconds = {args.poll}\n" if args.poll else ""
    config.write_text(
        f'[[follow]]\nformat = "postfix"\nname = "{SOURCE}"\npath = "{log_path}"\n{poll}'
    )
    output = (folder / "service.log").open("wb")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    service = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", url, "ingest", "--config", str(config)],
        env=env, stdout=output, stderr=output,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        with psycopg.connect(plain, autocommit=True) as connection:
            while True:  # the source saves its first position (offset 0) once it runs
                try:
                    found = connection.execute(
                        "SELECT 1 FROM ingest_positions WHERE source = %s", (SOURCE,)
                    ).fetchone()
                except psycopg.errors.UndefinedTable:
                    found = None
                if found:
                    break
                if time.monotonic() > deadline or service.poll() is not None:
                    raise SystemExit(f"the service did not start; see {folder}")
                time.sleep(0.1)
        # Warm up, then ANALYZE: a new database's tables have no statistics until autovacuum's
        # first ANALYZE, and until then the planner scans whole tables for the look-ups of
        # each commit (a database in use has them).
        head = b"".join(everything[:warm])
        with open(log_path, "ab") as log:
            log.write(head)
        with psycopg.connect(plain, autocommit=True) as connection:
            while True:
                row = connection.execute(
                    'SELECT "offset" FROM ingest_positions WHERE source = %s', (SOURCE,)
                ).fetchone()
                if row and int(row[0]) >= len(head):
                    break
                time.sleep(0.1)
            if warm:
                connection.execute("ANALYZE")
        appender = Appender(log_path, lines, args.rate, len(head))
        cpu_before = _proc(service.pid)[0]
        began = time.monotonic()
        writer = threading.Thread(target=appender.run)
        writer.start()
        seen, commits = _watch(plain, appender, len(head) + sum(len(line) for line in lines))
        writer.join()
        took = time.monotonic() - began
        cpu, rss, peak = _proc(service.pid)
        lags = _lags(appender, seen)
        appended = appender.ticks[-1][2] - began
        with psycopg.connect(plain, autocommit=True) as connection:
            row = connection.execute("SELECT count(*) FROM events").fetchone()
            events = int(row[0]) if row else 0
        print(
            f"follow lag at {args.rate:,.0f} lines/s for {args.seconds:.0f} s"
            f" ({len(lines):,} lines appended in {appended:.1f} s,"
            f" {len(lines) / appended:,.0f} lines/s; {events:,} events stored):"
            f" append-to-commit p50 {_quantile(lags, 0.5) * 1000:.0f} ms,"
            f" p99 {_quantile(lags, 0.99) * 1000:.0f} ms,"
            f" max {max(lag for lag, _ in lags) * 1000:.0f} ms;"
            f" {commits / took:.1f} commits/s seen; service CPU {(cpu - cpu_before) / took:.0%}"
            f" of a core, {len(lines) / max(cpu - cpu_before, 1e-9):,.0f} lines per CPU second;"
            f" RSS {rss} MiB (peak {peak} MiB); load average {os.getloadavg()[0]:.1f}"
        )
    finally:
        service.send_signal(signal.SIGTERM)
        print(f"service exit status after SIGTERM: {service.wait(60)}")
        output.close()
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
