"""A demo into empty PostgreSQL tables builds the search indexes once, at the end, and leaves
every one of them in place with fresh planner statistics; a load into filled tables keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from desktop.demo import DemoNeedsEmptyDatabase, generate_demo
from desktop.store.bulk_import.writer import PG_SET_ASIDE, pg_indexes_set_aside
from desktop.store.database import Database, open_database
from tests.helpers.databases import (
    MigratedTemplates,
    drop_pg_database,
    pg_url,
    require_postgres,
)

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _indexes(database: Database) -> dict[str, str]:
    with database.engine.connect() as connection:
        return dict(
            connection.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
            ).all()
        )


@pytest.fixture
def pg(_templates: MigratedTemplates) -> Iterator[Database]:
    require_postgres()
    name = _templates.pg_copy()
    database = open_database(pg_url(name))
    try:
        yield database
    finally:
        database.dispose()
        drop_pg_database(name)


def test_the_indexes_are_all_back_after_a_demo(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = pg
    monkeypatch.setattr("desktop.store.bulk_import.writer.PG_SET_ASIDE_ROWS", 100)
    before = _indexes(database)
    assert set(PG_SET_ASIDE) <= set(before)
    generate_demo(database, messages=400, seed=5, now=NOW)
    assert _indexes(database) == before
    with database.engine.connect() as connection:
        analysed = connection.scalar(
            text(
                "SELECT last_analyze IS NOT NULL AND last_vacuum IS NOT NULL"
                " FROM pg_stat_user_tables WHERE relname = 'messages'"
            )
        )
        # The trigram index answers again (the plan is the server's; the rows must be right).
        found = connection.scalar(text("SELECT count(*) FROM messages WHERE subject ILIKE '%e%'"))
        # Vacuumed: a capped count reads the domain index alone, no row of the table.
        plan = "\n".join(connection.execute(text(
            "EXPLAIN (ANALYZE, FORMAT TEXT) SELECT count(*) FROM (SELECT id FROM messages"
            " WHERE recipient_domain = 'gmail.com' LIMIT 10000) s"
        )).scalars())  # fmt: skip
    assert analysed and found
    assert "Index Only Scan" not in plan or "Heap Fetches: 0" in plan
    with pytest.raises(DemoNeedsEmptyDatabase):  # a second demo is refused, indexes intact
        generate_demo(database, messages=200, seed=6, now=NOW)
    assert _indexes(database) == before
    with database.session() as session, pg_indexes_set_aside(session):
        # Filled tables keep their indexes: rebuilding them would cover every row.
        kept = set(session.execute(text("SELECT indexname FROM pg_indexes")).scalars())
    assert set(PG_SET_ASIDE) <= kept
