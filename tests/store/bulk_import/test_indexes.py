"""Search indexes set aside for a big SQLite import always come back, even after a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.store.bulk_import import indexes as bulk_indexes
from desktop.store.database import Database, open_database
from desktop.store.tables import SettingRow


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def index_definitions(db: Database) -> dict[str, str]:
    with db.session() as session:
        rows = session.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        )
        return {name: sql for name, sql in rows}


def record(db: Database) -> str | None:
    with db.session() as session:
        row = session.get(SettingRow, bulk_indexes.SETTING_KEY)
        return row.value if row else None


def suspend_and_commit(db: Database) -> list[str]:
    with db.session() as session:
        names = bulk_indexes.suspend(session)
        session.commit()
    return names


def a_finished_process_id() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_suspend_drops_the_indexes_and_restore_recreates_them_as_they_were(db: Database) -> None:
    before = index_definitions(db)
    names = suspend_and_commit(db)
    assert names == sorted(bulk_indexes.SUSPENDABLE)
    assert set(index_definitions(db)) == set(before) - set(names)
    assert {"ux_events_key", "ix_messages_message_id", "ix_messages_recipient"} <= set(
        index_definitions(db)
    )
    with db.session() as session:
        assert bulk_indexes.restore(session) == names
        session.commit()
    assert index_definitions(db) == before
    assert record(db) is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_drops_and_their_record_commit_together(db: Database) -> None:
    before = index_definitions(db)
    with db.session() as session:
        assert bulk_indexes.suspend(session)
        session.rollback()
    assert index_definitions(db) == before
    assert record(db) is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_second_import_leaves_the_first_ones_record_alone(db: Database) -> None:
    assert suspend_and_commit(db)
    first = record(db)
    assert suspend_and_commit(db) == []
    assert record(db) == first


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_opening_restores_what_a_dead_import_left_behind(db: Database, db_url: str) -> None:
    before = index_definitions(db)
    suspend_and_commit(db)
    with db.session() as session:
        row = session.get(SettingRow, bulk_indexes.SETTING_KEY)
        assert row is not None
        left = json.loads(row.value)
        row.value = json.dumps(left | {"pid": a_finished_process_id()})
        session.commit()
    db.dispose()
    reopened = open_database(db_url)
    try:
        assert index_definitions(reopened) == before
        assert record(reopened) is None
    finally:
        reopened.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_opening_leaves_a_running_import_its_indexes(db: Database, db_url: str) -> None:
    names = suspend_and_commit(db)  # this process is the importer, and it is running
    reopened = open_database(db_url)
    try:
        assert not set(names) & set(index_definitions(reopened))
        assert record(reopened) is not None
    finally:
        reopened.dispose()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_keeps_its_indexes(db: Database) -> None:
    """PostgreSQL loads with COPY and keeps every index."""
    with db.session() as session:
        assert bulk_indexes.suspend(session) == []
        assert bulk_indexes.restore(session) == []


def test_a_garbled_record_is_dropped_at_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/garbled.sqlite3"
    db = open_database(url)
    with db.session() as session:
        session.add(SettingRow(key=bulk_indexes.SETTING_KEY, value="{not json"))
        session.commit()
    db.dispose()
    reopened = open_database(url)
    try:
        assert record(reopened) is None
    finally:
        reopened.dispose()
