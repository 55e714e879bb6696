"""Migrations on both engines: empty → head → empty, and a newer schema is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from desktop.domain.errors import DatabaseUnavailable, SchemaTooNew, SchemaTooOld, ValidationError
from desktop.store import migrate
from desktop.store.database import create_db_engine, open_database
from tests.helpers.databases import pg_database, pg_url, require_postgres

TABLES = {"accounts", "messages", "events", "quarantines", "release_requests", "audit_log"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    require_postgres()
    with pg_database() as name:
        yield pg_url(name)


def test_upgrade_to_head_and_back_to_empty(empty_url: str) -> None:
    engine = create_db_engine(empty_url)
    try:
        migrate.upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
        migrate.downgrade(engine)
        left = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert not left & TABLES
        assert not [t for t in left if t.startswith("messages_fts")]
        migrate.upgrade(engine)  # and up again: downgrade left nothing behind
    finally:
        engine.dispose()


def test_a_newer_schema_is_refused(empty_url: str) -> None:
    open_database(empty_url).dispose()
    engine = create_db_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    engine.dispose()
    with pytest.raises(SchemaTooNew, match="newer Bounce Desk"):
        open_database(empty_url)
    with pytest.raises(SchemaTooNew):
        open_database(empty_url, migrate=False)


def test_an_outdated_schema_asks_for_migrate_when_not_migrating(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    with pytest.raises(SchemaTooOld, match="bouncedesk migrate"):
        open_database(url, migrate=False)


def test_sqlite_is_set_up_for_concurrent_use(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert int(connection.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 5000
    finally:
        database.dispose()


def test_unreachable_server_and_bad_urls_are_clear_errors() -> None:
    with pytest.raises(DatabaseUnavailable, match="Cannot use the database"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(ValidationError, match="SQLite or PostgreSQL"):
        open_database("mysql://x@y/z")
    with pytest.raises(ValidationError, match="Not a database URL"):
        open_database("definitely not a url")


def test_what_the_store_says_reads_in_dutch_too(tmp_path: Path) -> None:
    """The settings dialog and the start-up dialog show these in the UI language."""
    with pytest.raises(DatabaseUnavailable) as down:
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert down.value.in_language("nl").startswith(
        "Kan de database postgresql+psycopg://nobody@127.0.0.1:1/none niet gebruiken: "
    )
    with pytest.raises(SchemaTooOld) as old:
        open_database(f"sqlite:///{tmp_path / 'old.sqlite3'}", migrate=False)
    assert old.value.in_language("nl") == (
        "Deze database moet eerst worden bijgewerkt: voer `bouncedesk migrate` uit."
    )
    with pytest.raises(ValidationError) as other:
        open_database("mysql://x@y/z")
    assert other.value.in_language("nl") == (
        "Bounce Desk werkt met SQLite of PostgreSQL, niet met 'mysql'"
    )
    with pytest.raises(ValidationError) as not_url:
        open_database("definitely not a url")
    assert not_url.value.in_language("nl").startswith("Geen database-URL (geen URL): ")
    assert "gebruik sqlite:///pad/naar/bestand.sqlite3" in not_url.value.in_language("nl")


def test_schema_head_constant_matches_the_migration_scripts() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_HEAD
