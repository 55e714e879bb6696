"""Messages per second of the DSN reader on the corpus's maildir/bsd mails, ten times, in one mbox.

Run: .venv/bin/python bench/dsn_speed.py [--corpus ../shared/corpus] [--repeat 10] [--runs 3]
     [--profile]

Each message is fully read: recipient, status, diagnostic, and the reason from
desktop.domain.reasons.classify when that module is importable. On a shared machine other jobs
steal the CPU, so the run is repeated and the best run is reported, with the load average.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import machine_speed  # beside this script: its folder is first on sys.path

from desktop.domain.model import ParsedEvent
from desktop.ingest.dsn import ReadStats, read_with_stats

_FROM = re.compile(rb"^(>*From )", re.M)


def build_mbox(folder: Path, repeat: int, target: Path) -> None:
    """Write every file of `folder` `repeat` times into an mboxrd file at `target`."""
    bodies = []
    for name in sorted(os.listdir(folder)):
        data = (folder / name).read_bytes().replace(b"\r\n", b"\n")
        if data.startswith(b"From "):
            data = data.split(b"\n", 1)[1] if b"\n" in data else b""
        # mboxrd: every ">*From " line gains one more ">" so the reader can undo it exactly.
        data = _FROM.sub(rb">\1", data)
        if not data.endswith(b"\n"):
            data += b"\n"
        bodies.append(b"From MAILER-DAEMON Thu Apr 29 23:34:45 2021\n" + data + b"\n")
    with target.open("wb") as out:
        for _ in range(repeat):
            for body in bodies:
                out.write(body)


def load_classifier() -> Callable[[ParsedEvent], object] | None:
    try:
        from desktop.domain.reasons import classify
    except ImportError:
        return None

    def reason(event: ParsedEvent) -> object:
        return classify(event.diagnostic, event.status, event.reply_code)

    return reason


def run(mbox: Path, reason: Callable[[ParsedEvent], object] | None) -> tuple[ReadStats, int]:
    stats = ReadStats()
    fields = 0
    for item in read_with_stats([str(mbox)], stats):
        if isinstance(item, ParsedEvent):
            fields += bool(item.recipient) + bool(item.status) + bool(item.diagnostic)
            if reason is not None:
                reason(item)
    return stats, fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus")
    )
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="report the best of this many runs")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    reason = load_classifier()
    with tempfile.TemporaryDirectory() as tmp:
        mbox = Path(tmp) / "bounces.mbox"
        build_mbox(Path(args.corpus) / "emails" / "maildir" / "bsd", args.repeat, mbox)
        size = mbox.stat().st_size
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(run, mbox, reason)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        elapsed = cpu = float("inf")
        for _ in range(max(1, args.runs)):
            started, cpu_started = time.perf_counter(), time.process_time()
            stats, _ = run(mbox, reason)
            elapsed = min(elapsed, time.perf_counter() - started)
            cpu = min(cpu, time.process_time() - cpu_started)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"mbox: {size / 1e6:.1f} MB, {stats.messages} messages; load average {load:.1f}")
    print(machine_speed.describe())
    print(
        f"kinds: bounces {stats.bounces}, feedback {stats.feedback}, auto-replies "
        f"{stats.autoreplies}, not bounces {stats.not_bounces}; events {stats.events}, "
        f"bad records {stats.bad}"
    )
    with_reason = (
        "with" if reason is not None else "WITHOUT (desktop.domain.reasons not importable)"
    )
    print(
        f"best of {max(1, args.runs)}: {stats.messages / elapsed:,.0f} messages/s wall "
        f"({elapsed:.2f} s), {stats.messages / cpu:,.0f} messages per CPU second, "
        f"{with_reason} reason classify"
    )


if __name__ == "__main__":
    main()
