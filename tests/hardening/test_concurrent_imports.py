"""Four imports at once into one database, each through its own engine: all succeed, and
nothing is stored twice or lost (SQLite file and PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from desktop.domain.model import EventType
from desktop.services.importing import ImportSummary, ImportTuning, import_feed
from desktop.store.database import open_database
from desktop.store.tables import AccountRow, EventRow, MessageRow, QuarantineRow
from tests.hardening.overlapping_feeds import ACCOUNTS, SHARED, feed

WRITERS = 4
MESSAGES = 300  # per writer; two events each
# Small batches and transactions, so the four writers' transactions interleave many times;
# the search indexes set aside by one import (SQLite) are joined by the others.
TUNING = ImportTuning(batch_size=40, commit_every=120, suspend_indexes=True)


def _import_all_at_once(url: str) -> list[ImportSummary | BaseException]:
    results: list[ImportSummary | BaseException] = [RuntimeError("did not run")] * WRITERS
    start = threading.Barrier(WRITERS)

    def run(writer: int) -> None:
        records = feed(writer, WRITERS, MESSAGES)
        database = open_database(url)
        try:
            start.wait()
            results[writer] = import_feed(
                database, "test", [f"writer{writer}.log"], records=records, actor="t",
                tuning=TUNING,
            )  # fmt: skip
        except BaseException as error:  # reported by the test, not lost on the thread
            results[writer] = error
        finally:
            database.dispose()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def test_four_overlapping_imports_at_once_all_succeed_and_store_everything_once(
    db_url: str,
) -> None:
    results = _import_all_at_once(db_url)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures
    summaries = [r for r in results if isinstance(r, ImportSummary)]
    own = 2 * MESSAGES  # events per writer's own traffic
    assert sum(s.imported for s in summaries) == WRITERS * own  # each event stored by one
    assert sum(s.duplicates for s in summaries) == WRITERS * 2 * SHARED  # and skipped by one
    assert sum(s.messages for s in summaries) == WRITERS * MESSAGES

    database = open_database(db_url)
    try:
        with database.session() as session:
            reported = session.scalar(
                select(func.count()).where(EventRow.type != EventType.QUARANTINED.value)
            )
            keys = session.scalar(select(func.count(func.distinct(EventRow.key))))
            events = session.scalar(select(func.count()).select_from(EventRow))
            messages = session.scalar(select(func.count()).select_from(MessageRow))
            twice = session.scalar(
                select(func.count()).select_from(
                    select(MessageRow.message_id)
                    .group_by(MessageRow.message_id, MessageRow.recipient)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            accounts = set(session.scalars(select(AccountRow.name)))
            quarantines = session.scalar(select(func.count()).select_from(QuarantineRow))
            markers = session.scalar(
                select(func.count()).where(EventRow.type == EventType.QUARANTINED.value)
            )
        with database.unit_of_work() as uow:
            imports = uow.audit.entries(action="import")
    finally:
        database.dispose()
    assert reported == WRITERS * own
    assert keys == events  # no event twice
    assert messages == WRITERS * MESSAGES and twice == 0
    assert accounts == set(ACCOUNTS)
    assert quarantines and markers == quarantines  # a marker for each, none lost
    assert len(imports) == WRITERS
