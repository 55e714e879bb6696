"""Imports side by side: rounds of N writers at once, each with its own engine, into one
database; prints how many rounds every writer succeeded and what the database then holds.

    .venv/bin/python bench/concurrent_imports.py                    # pairs, 8 rounds per engine
    .venv/bin/python bench/concurrent_imports.py --writers 4 --rounds 3
    .venv/bin/python bench/concurrent_imports.py --engines sqlite

Each writer imports its own traffic plus part of the next writer's (shared accounts,
addresses and events: tests/hardening/overlapping_feeds.py). A round succeeds when no writer
failed and the database holds every event and message exactly once. PostgreSQL rounds use a
throwaway database on BOUNCEDESK_TEST_PG (default postgresql://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.hardening's feeds

from desktop.domain.model import EventType
from desktop.services.importing import ImportTuning, import_feed
from desktop.store.database import open_database
from desktop.store.tables import EventRow, MessageRow
from tests.hardening.overlapping_feeds import feed

PG = os.environ.get("BOUNCEDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TUNING = ImportTuning(batch_size=100, commit_every=500, suspend_indexes=True)


def one_round(url: str, writers: int, messages: int) -> tuple[bool, str]:
    failures: list[str] = []
    start = threading.Barrier(writers)

    def run(writer: int) -> None:
        records = feed(writer, writers, messages)
        database = open_database(url)
        try:
            start.wait()
            import_feed(database, "test", [f"w{writer}"], records=records, actor="bench",
                        tuning=TUNING)  # fmt: skip
        except Exception as error:  # counted, and the first line shown
            failures.append(f"{type(error).__name__}: {str(error).splitlines()[0][:90]}")
        finally:
            database.dispose()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    database = open_database(url)
    try:
        with database.session() as session:
            events = session.scalar(
                select(func.count()).where(EventRow.type != EventType.QUARANTINED.value)
            )
            messages_stored = session.scalar(select(func.count()).select_from(MessageRow))
    finally:
        database.dispose()
    exact = events == writers * 2 * messages and messages_stored == writers * messages
    detail = "; ".join(failures) or f"{events} events, {messages_stored} messages"
    return not failures and exact, detail


def pg_round(writers: int, messages: int) -> tuple[bool, str]:
    name = f"bd_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        base = PG.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        url = f"{base}/{name}"
        open_database(url).dispose()  # migrated before the writers race
        return one_round(url, writers, messages)
    finally:
        with psycopg.connect(PG, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--messages", type=int, default=300, help="per writer, two events each")
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    for engine in args.engines:
        succeeded, started = 0, time.monotonic()
        for number in range(1, args.rounds + 1):
            if engine == "sqlite":
                with tempfile.TemporaryDirectory() as folder:
                    url = f"sqlite:///{folder}/bench.sqlite3"
                    open_database(url).dispose()
                    ok, detail = one_round(url, args.writers, args.messages)
            else:
                ok, detail = pg_round(args.writers, args.messages)
            succeeded += ok
            print(f"{engine} round {number}: {'ok' if ok else 'FAILED'} ({detail})", flush=True)
        took = time.monotonic() - started
        print(
            f"{engine}: {succeeded} of {args.rounds} rounds of {args.writers} writers at once"
            f" succeeded ({took:.1f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
