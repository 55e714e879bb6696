"""The ingest_sources table (migration 0005): upserts from concurrent sources, day roll-over."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect

from desktop.store import migrate
from desktop.store.database import open_database
from desktop.store.source_states import SqlSourceStates

MORNING = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def test_counts_add_up_across_threads_and_reset_the_next_day(db_url: str) -> None:
    database = open_database(db_url)
    try:

        def report() -> None:
            for _ in range(10):
                with database.unit_of_work() as uow:
                    SqlSourceStates(uow.session).events_committed("sendgrid", 3, MORNING, MORNING)
                    uow.commit()

        threads = [threading.Thread(target=report) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with database.unit_of_work() as uow:
            states = SqlSourceStates(uow.session)
            (today,) = states.all("2026-12-05")
            assert (today.events_today, today.events_total) == (120, 120)
            assert today.last_received_at == MORNING
            (tomorrow,) = states.all("2026-12-06")
            assert tomorrow.events_today == 0
            later = MORNING + timedelta(days=1)
            states.events_committed("sendgrid", 2, MORNING - timedelta(hours=1), later)
            states.error("sendgrid", "a\nmulti-line\terror", later)
            uow.commit()
        with database.unit_of_work() as uow:
            (state,) = SqlSourceStates(uow.session).all("2026-12-06")
        assert (state.events_today, state.events_total) == (2, 122)
        assert state.last_event_at == MORNING  # an older event does not move it back
        assert state.last_error == "a multi-line error"
    finally:
        database.dispose()


def test_0005_goes_down_to_0002_and_up_again(db_url: str) -> None:
    database = open_database(db_url)
    try:
        migrate.downgrade(database.engine, "0002")
        assert "ingest_sources" not in inspect(database.engine).get_table_names()
        migrate.upgrade(database.engine)
        assert "ingest_sources" in inspect(database.engine).get_table_names()
    finally:
        database.dispose()
