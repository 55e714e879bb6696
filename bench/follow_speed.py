"""How fast a followed Postfix log is stored, and how big its saved reader state grows.

Writes a log of --messages messages (a fifth deferred, so their queue ids stay open), follows
it into a fresh SQLite database (or --db URL) until every event is stored, and prints lines/s,
events/s, commits, and the size of the position's JSON state with --open queue ids held open.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from datetime import datetime

from machine_speed import describe  # beside this script: its folder is first on sys.path

from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.follow import FollowSettings, PostfixFollow
from desktop.services.ingest_positions import load_position
from desktop.store.database import open_database

# The tests' log generator, so the bench reads the lines the tests check.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.live.helpers import message_lines, postfix_log


class _Quiet:
    def events_committed(self, source: str, count: int, last_event_at: datetime | None) -> None:
        pass

    def error(self, source: str, message: str) -> None:
        print(f"error: {source}: {message}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--open", type=int, default=2_000, help="queue ids left open at the end")
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="follow-bench-")
    log = os.path.join(folder, "mail.log")
    lines, events = postfix_log(0, args.messages)
    # Messages whose last lines are not written yet: their queue ids stay in the state.
    for number in range(args.messages, args.messages + args.open):
        lines.extend(message_lines(number)[0])
    with open(log, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    database = open_database(args.db or f"sqlite:///{os.path.join(folder, 'bench.sqlite3')}")
    source = PostfixFollow(
        FollowSettings("bench", log, poll_seconds=0.05), EventCommitter(database)
    )
    stop = threading.Event()
    thread = threading.Thread(target=source.run, args=(stop, _Quiet()))
    began = time.perf_counter()
    thread.start()
    while source.counts.lines < len(lines):
        time.sleep(0.01)
    elapsed = time.perf_counter() - began
    stop.set()
    thread.join()
    position = load_position(database.unit_of_work, "bench")
    state_bytes = len(position.state.encode()) if position else 0
    print(describe())
    print(
        f"{len(lines):,} lines, {source.counts.committed:,} events (of {events:,}) in "
        f"{elapsed:.2f} s: {len(lines) / elapsed:,.0f} lines/s, "
        f"{source.counts.committed / elapsed:,.0f} events/s, {source.counts.commits} commits"
    )
    print(f"saved state with {args.open:,} open queue ids: {state_bytes:,} bytes")
    database.dispose()


if __name__ == "__main__":
    main()
