"""Migration 0002 is reversible: down to 0001 keeps the data and drops its guards."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from desktop.store import migrate
from desktop.store.database import open_database


def test_down_to_0001_and_up_again(db_url: str) -> None:
    database = open_database(db_url)
    try:
        with database.unit_of_work() as uow:
            uow.audit.record("anna", "import", "feed.log", datetime(2026, 11, 20, tzinfo=UTC))
            uow.commit()
        migrate.downgrade(database.engine, "0001")
        with database.engine.begin() as connection:
            assert migrate.current_revision(connection) == "0001"
            # Without 0002's trigger the audit log is an ordinary table again.
            connection.execute(text("UPDATE audit_log SET actor = 'bob'"))
            columns = connection.execute(text("SELECT * FROM quarantines")).keys()
        assert "expired_at" not in list(columns)
        migrate.upgrade(database.engine)
        with database.engine.begin() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            assert connection.execute(text("SELECT actor FROM audit_log")).scalars().all() == [
                "bob"
            ]
            columns = connection.execute(text("SELECT * FROM quarantines")).keys()
        assert "expired_at" in list(columns)
    finally:
        database.dispose()
