"""Import throughput: postfix and sendgrid feeds of N events into fresh SQLite files.

Prints events/s, peak RSS and how much the RSS grew between the first batch and the end
(flat memory: it should stay a few MB whatever N is).

    .venv/bin/python bench/import_speed.py                 # 1,000,000 events per format
    .venv/bin/python bench/import_speed.py --events 100000 # scaled down
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.services.importing import ImportProgress, import_feed
from desktop.store.database import open_database

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
DOMAINS = ("example.nl", "ziggo.example", "kpn.example", "gmail.example", "outlook.example")
BOUNCES = (
    ("5.1.1", "550 5.1.1 <{to}>: Recipient address rejected: User unknown in virtual mailbox table"),
    ("5.2.2", "552 5.2.2 <{to}>: mailbox full"),
    ("5.7.1", "554 5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org"),
    ("4.2.2", "452 4.2.2 Mailbox over quota, try again later"),
)
DEFERRALS = (
    "connect to {host}[192.0.2.7]:25: Connection timed out",
    "host {host}[192.0.2.7] said: 451 4.7.1 Greylisted, please try again later",
    "host {host}[192.0.2.7] said: 421 4.3.2 Too many connections",
)


def _recipients(count: int, rng: random.Random) -> list[str]:
    return [f"user{i}@{rng.choice(DOMAINS)}" for i in range(count)]


def write_postfix(path: Path, events: int, seed: int = 1) -> None:
    """A maillog: each message queued, maybe deferred, then sent or bounced, then removed."""
    rng = random.Random(seed)
    people = _recipients(max(10, events // 4), rng)
    moment = START
    written = 0
    queue = 0
    with path.open("w", encoding="utf-8") as out:
        while written < events:
            queue += 1
            qid = f"{queue:010X}"
            to = rng.choice(people)
            host = "mx." + to.rpartition("@")[2]
            moment += timedelta(seconds=rng.randint(0, 2))
            stamp = moment.strftime("%b %e %H:%M:%S")
            out.write(f"{stamp} mx1 postfix/pickup[101]: {qid}: uid=1000 from=<news>\n")
            out.write(f"{stamp} mx1 postfix/cleanup[102]: {qid}: message-id=<{queue}@platform>\n")
            out.write(
                f"{stamp} mx1 postfix/qmgr[103]: {qid}: from=<news@platform.example>,"
                " size=4123, nrcpt=1 (queue active)\n"
            )
            roll = rng.random()
            if roll < 0.12 and written + 1 < events:
                text = rng.choice(DEFERRALS).format(host=host)
                out.write(_delivery(stamp, qid, to, host, "4.4.1", "deferred", text))
                written += 1
            if roll < 0.85:
                out.write(_delivery(stamp, qid, to, host, "2.0.0", "sent", "250 2.0.0 Ok: queued"))
            else:
                status, text = rng.choice(BOUNCES)
                said = f"host {host}[192.0.2.7] said: {text.format(to=to)} (in reply to RCPT TO)"
                out.write(_delivery(stamp, qid, to, host, status, "bounced", said))
            written += 1
            out.write(f"{stamp} mx1 postfix/qmgr[103]: {qid}: removed\n")


def _delivery(stamp: str, qid: str, to: str, host: str, dsn: str, status: str, text: str) -> str:
    return (
        f"{stamp} mx1 postfix/smtp[104]: {qid}: to=<{to}>, relay={host}[192.0.2.7]:25,"
        f" delay=1.2, delays=0.1/0/0.4/0.7, dsn={dsn}, status={status} ({text})\n"
    )


def write_sendgrid(path: Path, events: int, seed: int = 2) -> None:
    """Event webhook posts, one JSON object per line, with opens and clicks in between."""
    rng = random.Random(seed)
    people = _recipients(max(10, events // 4), rng)
    moment = START.timestamp()
    written = 0
    serial = 0
    with path.open("w", encoding="utf-8") as out:
        while written < events:
            serial += 1
            to = rng.choice(people)
            message = f"msg{serial:09d}"
            moment += rng.randint(0, 2)
            outcome = rng.random()
            kinds = ["processed"]
            if outcome < 0.1:
                kinds.append("deferred")
            kinds.append("delivered" if outcome < 0.85 else "bounce")
            if outcome < 0.002:
                kinds.append("spamreport")
            for kind in kinds[: events - written]:
                record = {
                    "email": to,
                    "timestamp": int(moment),
                    "event": kind,
                    "sg_event_id": f"ev{serial:09d}{kind[:3]}",
                    "sg_message_id": f"{message}.filterdrecv-1234-1",
                    "smtp-id": f"<{message}@platform.example>",
                }
                if kind == "bounce":
                    status, text = rng.choice(BOUNCES)
                    record.update(reason=text.format(to=to), status=status, type="bounce")
                elif kind == "deferred":
                    record.update(response="451 4.7.1 Greylisted, try later", attempt="1")
                out.write(json.dumps(record) + "\n")
                written += 1
            if rng.random() < 0.1:
                out.write(json.dumps({"email": to, "timestamp": int(moment), "event": "open"}))
                out.write("\n")


def _rss_kb() -> int:
    """The current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(fmt: str, feed: Path, folder: Path) -> None:
    db_file = folder / f"{fmt}.sqlite3"
    database = open_database(f"sqlite:///{db_file}")
    first_batch: list[int] = []

    def progress(_snapshot: ImportProgress) -> None:
        if not first_batch and _snapshot.imported:
            first_batch.append(_rss_kb())

    began = time.perf_counter()
    summary = import_feed(database, fmt, [str(feed)], progress=progress)
    elapsed = time.perf_counter() - began
    database.dispose()
    end_rss = _rss_kb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    growth = end_rss - (first_batch[0] if first_batch else end_rss)
    print(
        f"{fmt:9} {summary.events:>9,} events  {summary.imported:>9,} imported"
        f"  {elapsed:6.1f} s  {summary.events / elapsed:>8,.0f} events/s"
        f"  peak RSS {peak / 1024:6.1f} MB  RSS growth after first batch {growth / 1024:+.1f} MB"
        f"  ({summary.quarantines:,} quarantines, {summary.rejected:,} rejected,"
        f" {feed.stat().st_size / 1e6:.0f} MB file)"
    )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events per feed")
    parser.add_argument("--formats", nargs="+", default=["postfix", "sendgrid"])
    parser.add_argument("--keep", metavar="DIR", help="write the feeds and databases here")
    args = parser.parse_args()
    writers: dict[str, Callable[[Path, int], None]] = {
        "postfix": write_postfix,
        "sendgrid": write_sendgrid,
    }
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for fmt in args.formats:
            feed = folder / f"{fmt}.feed"
            writers[fmt](feed, args.events)
            measure(fmt, feed, folder)


if __name__ == "__main__":
    main()
