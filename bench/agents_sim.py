"""Fifty support agents on one PostgreSQL database: searching, opening messages, refreshing the
quarantine list and asking for releases, for a few minutes. Prints p95 latencies and errors.

    .venv/bin/python bench/agents_sim.py postgresql+psycopg://postgres@127.0.0.1/bd_scale_1m
        [--agents 50] [--seconds 120] [--think 2.0] [--pool 0]

Each agent is a thread with its own engine and one connection, as each desktop app has its
own (--pool N instead shares N connections among all agents, as PgBouncer's transaction
pooling would). Between actions an agent "thinks" for a random 0.5..1.5 x --think seconds.
Release requests write: run it on a bench database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import create_engine, text

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import Message, MessageStatus
from desktop.domain.search import SearchCriteria
from desktop.services.quarantine_pages import quarantine_page
from desktop.services.release import request_release
from desktop.services.search import count_messages, message_details, search_messages
from desktop.services.systemic import clusters_by_address
from desktop.store.database import Database, create_db_engine

Recorder = Callable[[str, float, BaseException | None], None]


def _samples(url: str) -> tuple[list[str], list[str], list[str]]:
    engine = create_db_engine(url)
    with engine.connect() as connection:
        addresses = list(connection.execute(text(
            "SELECT recipient FROM messages TABLESAMPLE SYSTEM (1) REPEATABLE (9) LIMIT 500"
        )).scalars())  # fmt: skip
        words = list(connection.execute(text(
            "SELECT DISTINCT split_part(subject, ' ', 2) FROM messages"
            " TABLESAMPLE SYSTEM (1) REPEATABLE (9) LIMIT 200"
        )).scalars())  # fmt: skip
        quarantined = list(connection.execute(text(
            "SELECT address FROM quarantines WHERE released_at IS NULL AND ends_at > now()"
            " ORDER BY random() LIMIT 300"
        )).scalars())  # fmt: skip
    engine.dispose()
    return addresses, [w for w in words if len(w) >= 4], quarantined


def _criteria(rng: random.Random, addresses: list[str], words: list[str]) -> SearchCriteria:
    kind = rng.random()
    address = rng.choice(addresses)
    if kind < 0.4:
        return SearchCriteria(recipient=address)
    if kind < 0.55:
        return SearchCriteria(domain=address.split("@")[1])
    if kind < 0.75:
        return SearchCriteria(contains=address.split("@")[0][1:5])
    if kind < 0.9:
        return SearchCriteria(subject=rng.choice(words).lower())
    return SearchCriteria(domain=address.split("@")[1], status=MessageStatus.HARD_BOUNCE)


def agent(number: int, database: Database, samples: tuple[list[str], list[str], list[str]],
          until: float, think: float, record: Recorder) -> None:  # fmt: skip
    rng = random.Random(number)
    addresses, words, quarantined = samples
    seen: list[Message] = []

    def act(label: str, action: Callable[[], object]) -> None:
        started = time.perf_counter()
        try:
            action()
            record(label, time.perf_counter() - started, None)
        except BounceDeskError as error:  # the environment: counted as an error
            record(label, time.perf_counter() - started, error)

    def search() -> None:
        criteria = _criteria(rng, addresses, words)
        with database.unit_of_work() as uow:
            page = search_messages(uow, criteria, limit=50)
            count_messages(uow, criteria)
        seen[:] = page.messages[:10]

    def open_message() -> None:
        if seen:
            with database.unit_of_work() as uow:
                message_details(uow, rng.choice(seen))

    def quarantine_list() -> None:
        # As the tab reads it: the first page with its counts, then the burst flags apart.
        with database.unit_of_work() as uow:
            quarantine_page(uow, limit=200, flagged={})

    def burst_flags() -> None:
        with database.unit_of_work() as uow:
            clusters_by_address(uow, datetime.now(UTC))

    def release() -> None:
        with database.unit_of_work() as uow:
            try:
                request_release(uow, rng.choice(quarantined), f"agent{number}", "simulated")
            except BounceDeskError as error:
                if "no active quarantine" not in str(error):
                    raise  # ended meanwhile is an answer, not an error

    while time.monotonic() < until:
        roll = rng.random()
        if roll < 0.55:
            act("search + count", search)
        elif roll < 0.85:
            act("open message", open_message)
        elif roll < 0.93:
            act("quarantine list", quarantine_list)
        elif roll < 0.95:
            act("quarantine burst flags", burst_flags)
        elif quarantined:
            act("release request", release)
        time.sleep(think * rng.uniform(0.5, 1.5))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--pool", type=int, default=0, help="shared connections (0: one each)")
    args = parser.parse_args()
    samples = _samples(args.url)
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    lock = threading.Lock()

    def record(label: str, seconds: float, error: BaseException | None) -> None:
        with lock:
            times[label].append(seconds * 1000)
            if error is not None:
                errors[label].append(f"{type(error).__name__}: {error}")

    def database() -> Database:
        return Database(create_engine(create_db_engine(args.url).url, pool_size=1,
                                      max_overflow=0, pool_pre_ping=True))  # fmt: skip

    if args.pool:
        shared = Database(create_engine(create_db_engine(args.url).url, pool_size=args.pool,
                                         max_overflow=0, pool_timeout=60))  # fmt: skip
        databases = [shared] * args.agents
    else:
        databases = [database() for _ in range(args.agents)]
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=agent, args=(n, databases[n], samples, until, args.think, record))
        for n in range(args.agents)
    ]
    started = datetime.now(UTC)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for db in set(databases):
        db.dispose()
    connections = f"a shared pool of {args.pool}" if args.pool else "one connection each"
    print(f"{args.agents} agents, {connections}, {args.seconds:.0f} s from {started:%H:%M:%S},"
          f" think {args.think} s")  # fmt: skip
    print(f"  {'action':<18} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} errors")
    for label in sorted(times):
        values = sorted(times[label])
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"  {label:<18} {len(values):7d} {statistics.median(values):8.1f} {p95:8.1f}"
              f" {values[-1]:8.1f} {len(errors[label])}")  # fmt: skip
    for label, messages in errors.items():
        for message in sorted(set(messages))[:3]:
            print(f"  error in {label}: {message[:160]}")


if __name__ == "__main__":
    main()
