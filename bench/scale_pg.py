"""A platform's year in PostgreSQL: search, count, quarantine list, expiry, systemic detection,
demo generation and import at 1M..10M messages. Prints figures; asserts nothing.

    .venv/bin/python bench/scale_pg.py --messages 1000000            # builds bd_scale_1m
    .venv/bin/python bench/scale_pg.py --reuse bd_scale_1m            # measures a filled one
    .venv/bin/python bench/scale_pg.py --reuse bd_scale_1m,bd_scale_3m  # the growth table
    [--server postgresql+psycopg://postgres@127.0.0.1] [--rounds 20] [--skip-import]

Searches go through the search service (what the GUI and `bouncedesk search` call), first page
of 50, newest first; subject words and recipient pieces are taken from stored rows: the most
common and the rarest words of a sample of subjects.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import text

from desktop.demo import DemoProgress, generate_demo
from desktop.domain.model import MessageStatus
from desktop.domain.search import QuarantineFilter, QuarantineSort, SearchCriteria
from desktop.services.quarantine import expire_due
from desktop.services.quarantine_pages import quarantine_page
from desktop.services.search import count_messages, search_messages
from desktop.services.systemic import systemic_clusters
from desktop.store.database import Database, open_database

Timing = tuple[float, float]  # p50, p95 in ms


def _percentiles(times: list[float]) -> Timing:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def _timed(action: Callable[[], object], rounds: int) -> Timing:
    action()  # warm: the first call pays for caches every later one finds full
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times)


def _sample_words(database: Database) -> tuple[list[str], list[str], list[str]]:
    """Common and rare subject words, and recipient pieces, from a sample of stored rows."""
    with database.engine.connect() as connection:
        subjects = (
            connection.execute(
                text(
                    "SELECT subject FROM messages TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 20000"
                )
            )
            .scalars()
            .all()
        )
        recipients = (
            connection.execute(
                text("SELECT recipient FROM messages ORDER BY created_at DESC LIMIT 2000")
            )
            .scalars()
            .all()
        )
    words = Counter(w for s in subjects for w in set(s.lower().split()) if len(w) >= 4)
    ranked = [w for w, _ in words.most_common()]
    rng = random.Random(5)
    pieces = [r.split("@")[0][1:5] for r in rng.sample(list(recipients), 20)]
    return ranked[:10], ranked[-10:], [p for p in pieces if len(p) >= 3]


def _queries(database: Database) -> dict[str, list[SearchCriteria]]:
    common, rare, pieces = _sample_words(database)
    with database.engine.connect() as connection:
        newest = connection.scalar(text("SELECT max(created_at) FROM messages"))
        addresses = (
            connection.execute(
                text(
                    "SELECT recipient FROM messages TABLESAMPLE SYSTEM (1) REPEATABLE (3) LIMIT 20"
                )
            )
            .scalars()
            .all()
        )
    assert newest is not None
    end = newest.replace(tzinfo=UTC)
    return {
        "exact": [SearchCriteria(recipient=a) for a in addresses],
        "domain": [SearchCriteria(domain=d) for d in ("gmail.com", "ziggo.nl", "kpnmail.nl")],
        "recipient substring": [SearchCriteria(contains=p) for p in pieces],
        "subject word, common": [SearchCriteria(subject=w) for w in common],
        "subject word, rare": [SearchCriteria(subject=w) for w in rare],
        "domain+status+dates": [
            SearchCriteria(domain=d, status=s, since=end - timedelta(days=days), until=end)
            for d in ("gmail.com", "hotmail.com")
            for s in (MessageStatus.HARD_BOUNCE, MessageStatus.DELIVERED)
            for days in (3, 30)
        ],
    }


def measure_search(database: Database, rounds: int) -> dict[str, tuple[Timing, Timing]]:
    """Per kind: (search p50/p95, search+count p50/p95), over every query of the kind."""
    results = {}
    for label, criteria_list in _queries(database).items():
        plain: list[float] = []
        counted: list[float] = []
        for criteria in criteria_list:
            per = max(1, rounds // len(criteria_list))

            def page(c: SearchCriteria = criteria) -> None:
                with database.unit_of_work() as uow:
                    search_messages(uow, c, limit=50)

            def page_and_count(c: SearchCriteria = criteria) -> None:
                with database.unit_of_work() as uow:
                    search_messages(uow, c, limit=50)
                    count_messages(uow, c)

            page()
            for _ in range(per):
                started = time.perf_counter()
                page()
                plain.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                page_and_count()
                counted.append((time.perf_counter() - started) * 1000)
        results[label] = (_percentiles(plain), _percentiles(counted))
    return results


def measure_quarantines(database: Database, rounds: int) -> dict[str, float]:
    """The quarantine list's first page, expiry per 10,000 (rolled back), systemic detection."""
    figures: dict[str, float] = {}
    with database.engine.connect() as connection:
        now = datetime.now(UTC)
        figures["open quarantines"] = float(
            connection.scalar(
                text(
                    "SELECT count(*) FROM quarantines WHERE released_at IS NULL"
                    " AND expired_at IS NULL AND ends_at > :now"
                ),
                {"now": now.replace(tzinfo=None)},
            )
            or 0
        )

    def first_page() -> None:  # as the tab reads it; the burst flags follow apart
        with database.unit_of_work() as uow:
            quarantine_page(uow, limit=200, flagged={})

    def filtered_page() -> None:
        with database.unit_of_work() as uow:
            quarantine_page(uow, QuarantineFilter(search="ma", sort=QuarantineSort.ENDS_SOONEST),
                            limit=200, flagged={})  # fmt: skip

    figures["list first page (200) p95 ms"] = _timed(first_page, rounds)[1]
    figures["list filtered, by end p95 ms"] = _timed(filtered_page, rounds)[1]

    def systemic() -> None:
        with database.unit_of_work() as uow:
            systemic_clusters(uow)

    figures["systemic detection p95 ms"] = _timed(systemic, max(3, rounds // 4))[1]
    # The server expires only what is due by its own clock: in one transaction, let 10,000
    # open quarantines run out a second ago (not timed), expire them, then roll it all back.
    with database.unit_of_work() as uow:
        uow.commit = uow.rollback  # type: ignore[method-assign]
        uow.session.execute(text(
            "UPDATE quarantines SET ends_at = timezone('UTC', now()) - interval '1 second'"
            " WHERE id IN (SELECT id FROM quarantines WHERE released_at IS NULL"
            " AND expired_at IS NULL AND ends_at > timezone('UTC', now())"
            " ORDER BY ends_at LIMIT 10000)"
        ))  # fmt: skip
        started = time.perf_counter()
        ended = len(expire_due(uow, datetime.now(UTC), limit=10_000))
        seconds = time.perf_counter() - started
    figures["expired in the pass"] = float(ended)
    figures["expiry s per 10,000"] = seconds * 10_000 / max(ended, 1)
    return figures


PAD_DOMAIN = "pad.bench.invalid"


def pad_quarantines(url: str, wanted: int) -> int:
    """Add open quarantines (at made-up addresses, spread over the last week like real ones)
    until `wanted` are open; how many were added. `unpad_quarantines` takes them away."""
    database = open_database(url)
    try:
        with database.engine.begin() as connection:
            now = datetime.now(UTC).replace(tzinfo=None)
            open_now = int(connection.scalar(text(
                "SELECT count(*) FROM quarantines WHERE released_at IS NULL AND ends_at > :now"
            ), {"now": now}) or 0)  # fmt: skip
            missing = max(0, wanted - open_now)
            connection.execute(text(
                "INSERT INTO quarantines (address, cause, reason, started_at, ends_at)"
                " SELECT 'pad' || g || '.' || (g % 97) || '@" + PAD_DOMAIN + "',"
                " (ARRAY['hard-bounce','soft-bounce','spam'])[1 + g % 3],"
                " (ARRAY['address_unknown','mailbox_full','blocked','domain_unknown',"
                "'spam_complaint'])[1 + g % 5],"
                " :now - (g % 600000) * interval '1 second',"
                " :now - (g % 600000) * interval '1 second' + interval '7 days'"
                " FROM generate_series(1, :missing) g"
            ), {"now": now, "missing": missing})  # fmt: skip
            connection.execute(text("ANALYZE quarantines"))
        return missing
    finally:
        database.dispose()


def unpad_quarantines(url: str) -> None:
    database = open_database(url)
    try:
        with database.engine.begin() as connection:
            connection.execute(
                text("DELETE FROM quarantines WHERE address LIKE :pad"), {"pad": f"%@{PAD_DOMAIN}"}
            )
    finally:
        database.dispose()


def measure_import(url: str, events: int, days_later: int, seed: int) -> float:
    """Events per second importing a postfix log with the search indexes kept live (a feed
    already imported would only count duplicates: each run takes a new `seed`)."""
    import subprocess
    import sys

    from desktop.services.importing import ImportTuning, import_feed

    folder = Path(tempfile.mkdtemp(prefix="bd-scale-feed-"))
    here = Path(__file__).parent
    subprocess.run(
        [sys.executable, str(here / "make_feeds.py"), str(folder), "--events", str(events),
         "--days-later", str(days_later), "--seed", str(seed + days_later)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    database = open_database(url)
    try:
        started = time.perf_counter()
        summary = import_feed(database, "postfix", [str(folder / "maillog")], actor="bench",
                              tuning=ImportTuning(suspend_indexes=False))  # fmt: skip
        seconds = time.perf_counter() - started
    finally:
        database.dispose()
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return summary.imported / seconds


def build(server: str, name: str, messages: int) -> float:
    """Create database `name` and fill it with the demo; the seconds it took."""
    with psycopg.connect(f"{server.replace('+psycopg', '')}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    database = open_database(f"{server}/{name}")
    started = time.perf_counter()
    last = [started]

    def progress(p: DemoProgress) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  {p.done:,}/{p.total:,} after {last[0] - started:.0f} s", flush=True)

    summary = generate_demo(database, messages, seed=1, progress=progress)
    seconds = time.perf_counter() - started
    print(f"demo {name}: {summary.messages:,} messages, {summary.events:,} events,"
          f" {summary.quarantines:,} quarantines in {seconds:.0f} s")  # fmt: skip
    database.dispose()
    return seconds


def report(
    server: str,
    name: str,
    rounds: int,
    import_events: int,
    search_only: bool = False,
    pad: int = 0,
) -> dict[str, float]:
    url = f"{server}/{name}"
    database = open_database(url)
    row: dict[str, float] = {}
    try:
        with database.engine.connect() as connection:
            row["messages"] = float(connection.scalar(text("SELECT count(*) FROM messages")) or 0)
            row["events"] = float(connection.scalar(text("SELECT count(*) FROM events")) or 0)
            size = connection.scalar(text("SELECT pg_database_size(current_database())"))
            row["database GB"] = float(size or 0) / 1e9
        print(f"\n{name}: {row['messages']:,.0f} messages, {row['events']:,.0f} events,"
              f" {row['database GB']:.1f} GB")  # fmt: skip
        print("  search, first page of 50 (ms)          p50      p95 | with count p50      p95")
        for label, (plain, counted) in measure_search(database, rounds).items():
            print(f"  {label:<34} {plain[0]:8.1f} {plain[1]:8.1f} |     {counted[0]:8.1f} "
                  f"{counted[1]:8.1f}")  # fmt: skip
            row[f"{label} p95"] = plain[1]
            row[f"{label} +count p95"] = counted[1]
        quarantines = {}
        if not search_only:
            added = pad_quarantines(url, pad) if pad else 0
            try:
                quarantines = measure_quarantines(database, rounds)
                quarantines["of them made up for the bench"] = float(added)
            finally:
                if added:
                    unpad_quarantines(url)
        for label, value in quarantines.items():
            print(f"  {label:<34} {value:10,.1f}")
            row[label] = value
    finally:
        database.dispose()
    if import_events and not search_only:
        for days_later in (0, 1):
            rate = measure_import(url, import_events, days_later, int(row["events"]) % 100_000)
            label = "import events/s" + (", next day" if days_later else "")
            print(f"  {label:<34} {rate:10,.0f}")
            row[label] = rate
    return row


# The goals (on a 10M database; at smaller sizes the verdicts are a preview).
_CEILINGS = {
    "exact p95": 20.0,
    "domain p95": 50.0,
    "recipient substring p95": 150.0,
    "subject word, common p95": 150.0,
    "subject word, rare p95": 150.0,
    "domain+status+dates p95": 150.0,
    "list first page (200) p95 ms": 200.0,
    "expiry s per 10,000": 1.0,
    "systemic detection p95 ms": 500.0,
}
_FLOORS = {"import events/s": 20_000.0}
COUNT_ADDS = 50.0  # ms the count may add to a page


def verdicts(row: dict[str, float]) -> list[str]:
    """One line per goal: the figure, the goal, and met or MISSED."""
    lines = []
    for label, ceiling in _CEILINGS.items():
        if label in row:
            met = row[label] <= ceiling
            lines.append(f"{label:<38} {row[label]:10,.1f} <= {ceiling:,.0f}  "
                         f"{'met' if met else 'MISSED'}")  # fmt: skip
        counted = label.replace(" p95", " +count p95")
        if counted != label and counted in row:
            added = row[counted] - row[label]
            verdict = "met" if added <= COUNT_ADDS else "MISSED"
            name = label.replace(" p95", ": count adds")
            lines.append(f"{name:<38} {added:10,.1f} <= {COUNT_ADDS:,.0f}  {verdict}")
    for label, floor in _FLOORS.items():
        if label in row:
            met = row[label] >= floor
            lines.append(f"{label:<38} {row[label]:10,.0f} >= {floor:,.0f}  "
                         f"{'met' if met else 'MISSED'}")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, help="build a demo database of this size")
    parser.add_argument("--reuse", help="comma-separated filled databases to measure")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--import-events", type=int, default=200_000,
                        help="events per import feed (0: skip the import figures)")  # fmt: skip
    parser.add_argument("--search-only", action="store_true", help="only the search figures")
    parser.add_argument("--open-quarantines", type=int, default=200_000,
                        help="measure the list with this many open (made-up ones added, then"
                             " removed; 0: as it is)")  # fmt: skip
    args = parser.parse_args()
    names = args.reuse.split(",") if args.reuse else []
    if args.messages:
        name = f"bd_scale_{args.messages // 1_000_000}m" if args.messages >= 10**6 else (
            f"bd_scale_{args.messages // 1000}k")  # fmt: skip
        build(args.server, name, args.messages)
        names.append(name)
    if not names:
        parser.error("give --messages N or --reuse DBNAME[,DBNAME...]")
    rows = {
        name: report(
            args.server,
            name,
            args.rounds,
            args.import_events,
            args.search_only,
            args.open_quarantines,
        )
        for name in names
    }
    for name, row in rows.items():
        print(f"\ngoals, {name} ({row['messages']:,.0f} messages; the goals are set at 10M)")
        for line in verdicts(row):
            print(f"  {line}")
    if len(rows) > 1:
        labels = [label for label in next(iter(rows.values())) if label.endswith("p95")]
        print("\ngrowth (p95 ms)".ljust(40) + "".join(f"{n:>14}" for n in rows))
        for label in labels:
            print(f"  {label:<38}" + "".join(f"{r.get(label, 0):14.1f}" for r in rows.values()))


if __name__ == "__main__":
    main()
