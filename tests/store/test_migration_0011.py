"""Migration 0011 (retention and erasure) takes a populated database of the layout before it to
the new one and back, keeping the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, text

from desktop.services.release import request_release
from desktop.services.retention import forget
from desktop.store import migrate
from desktop.store.database import open_database
from tests.services.quarantine_data import NOW, add_message, add_quarantine


def test_a_populated_database_migrates_to_0011_and_back(db_url: str) -> None:
    database = open_database(db_url)
    try:
        migrate.downgrade(database.engine, "0010")
        with database.unit_of_work() as uow:
            for n in range(30):
                add_message(uow, f"guest{n}@example.nl", NOW - timedelta(days=n))
            add_quarantine(uow, "jan@example.nl", NOW - timedelta(hours=1))
            uow.commit()
        migrate.upgrade(database.engine, "0011")
        with database.engine.connect() as connection:
            assert migrate.current_revision(connection) == "0011"
            indexes = {ix["name"] for ix in inspect(connection).get_indexes("quarantine_events")}
            assert "ix_quarantine_events_event" in indexes
            assert connection.scalar(text("SELECT count(*) FROM messages")) == 31
        # The new layout at work (with the later migrations the code expects): forgetting
        # redacts the release's audit rows.
        migrate.upgrade(database.engine)
        with database.unit_of_work() as uow:  # audited by the server from 0012 on
            request_release(uow, "jan@example.nl", "anna", "", NOW)
        summary = forget(database.unit_of_work, "jan@example.nl", "lead", now=NOW)
        assert summary.counts.messages == 1 and summary.counts.audit_rows_redacted >= 1
        migrate.downgrade(database.engine, "0010")
        with database.engine.connect() as connection:
            assert "audit_erasures" not in inspect(connection).get_table_names()
            assert connection.scalar(text("SELECT count(*) FROM messages")) == 30
        with pytest.raises(Exception, match="append-only"), database.engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET actor = 'x'"))
        migrate.upgrade(database.engine)
    finally:
        database.dispose()
