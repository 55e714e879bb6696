"""A purge and a forget while the GUI searches and an import writes: all of them succeed
(SQLite file and PostgreSQL), and right after, nothing of the forgotten address is found."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy import func, select

from desktop.demo import generate_demo
from desktop.domain.model import EventType, ParsedEvent, Reason, parsed_event
from desktop.domain.search import SearchCriteria, parse_query
from desktop.services.importing import ImportSummary, ImportTuning, import_feed
from desktop.services.retention import forget, purge
from desktop.services.search import count_messages, search_messages
from desktop.store.database import open_database
from desktop.store.tables import MessageRow

T = TypeVar("T")
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
TUNING = ImportTuning(batch_size=20, commit_every=40)
QUERIES = (parse_query("@gmail.com"), parse_query("tickets"), SearchCriteria(), parse_query("an"))


def _fresh_feed(messages: int) -> list[ParsedEvent]:
    """Today's traffic: a send and a bounce or delivery per message."""
    events = []
    for n in range(messages):
        at = NOW - timedelta(hours=3) + timedelta(seconds=10 * n)
        common = {"message_id": f"live{n}@mail.example", "account": "Live BV",
                  "sender": "live@mail.example", "subject": "Live tickets"}  # fmt: skip
        address = f"live{n % 30}@example.org"
        events.append(parsed_event(f"l:{2 * n}", EventType.SENT, address, at, f"l{n}s", **common))
        kind = EventType.HARD_BOUNCE if n % 7 == 0 else EventType.DELIVERED
        events.append(
            parsed_event(f"l:{2 * n + 1}", kind, address, at + timedelta(seconds=5), f"l{n}o",
                         reason=Reason.ADDRESS_UNKNOWN if n % 7 == 0 else None, **common)
        )  # fmt: skip
    return events


def _alongside(url: str, removal: Callable[[], T]) -> tuple[T, ImportSummary, int]:
    """Run `removal` while one thread searches over and over and another imports."""
    done = threading.Event()
    errors: list[BaseException] = []
    searches = [0]
    summary: list[ImportSummary] = []

    def searcher() -> None:
        database = open_database(url, migrate=False)
        try:
            while not done.is_set():
                for criteria in QUERIES:
                    with database.unit_of_work() as uow:
                        search_messages(uow, criteria, limit=50)
                        count_messages(uow, criteria)
                    searches[0] += 1
        except BaseException as error:
            errors.append(error)
        finally:
            database.dispose()

    def importer() -> None:
        database = open_database(url, migrate=False)
        try:
            summary.append(
                import_feed(database, "test", ["live.log"], records=_fresh_feed(400),
                            actor="ingest", tuning=TUNING)
            )  # fmt: skip
        except BaseException as error:
            errors.append(error)
        finally:
            database.dispose()

    threads = [threading.Thread(target=searcher), threading.Thread(target=importer)]
    for thread in threads:
        thread.start()
    try:
        result = removal()
    finally:
        threads[1].join(timeout=300)
        done.set()
        threads[0].join(timeout=60)
    assert not errors, errors
    return result, summary[0], searches[0]


def test_purge_while_searching_and_importing(db_url: str) -> None:
    database = open_database(db_url)
    try:
        generate_demo(database, 600, seed=3, now=NOW)
        with database.session() as session:
            before = int(session.scalar(select(func.count()).select_from(MessageRow)) or 0)
        result, imported, searches = _alongside(
            db_url, lambda: purge(database.unit_of_work, 20, "cron", now=NOW, batch=15)
        )
        assert imported.imported == 800 and imported.bad == 0
        assert searches > 0
        removed = result.counts.messages
        assert removed > 100
        with database.session() as session:
            after = int(session.scalar(select(func.count()).select_from(MessageRow)) or 0)
            oldest_kept = session.scalar(
                select(func.count())
                .select_from(MessageRow)
                .where(MessageRow.last_event_at < NOW - timedelta(days=20))
            )
        assert after == before - removed + imported.messages
        assert oldest_kept == result.counts.kept_messages
    finally:
        database.dispose()


def test_forget_while_searching_and_importing(db_url: str) -> None:
    database = open_database(db_url)
    try:
        generate_demo(database, 600, seed=3, now=NOW)
        with database.session() as session:
            address, sent = session.execute(
                select(MessageRow.recipient, func.count())
                .group_by(MessageRow.recipient)
                .order_by(func.count().desc(), MessageRow.recipient)
                .limit(1)
            ).one()
        result, imported, _ = _alongside(
            db_url, lambda: forget(database.unit_of_work, address, "lead", now=NOW)
        )
        assert result.counts.messages == sent
        assert imported.imported == 800
        local = address.split("@")[0]
        with database.unit_of_work() as uow:
            for criteria in (
                SearchCriteria(recipient=address),
                parse_query(address),
                SearchCriteria(contains=address[:-2]),
                SearchCriteria(recipient_prefix=local + "@"),
            ):
                assert search_messages(uow, criteria, limit=50).messages == []
                assert count_messages(uow, criteria) == 0
            assert uow.quarantines.history(address) == []
    finally:
        database.dispose()
