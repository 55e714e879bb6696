"""Throwaway databases for tests: real SQLite files and real PostgreSQL databases."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

PG_SERVER = os.environ.get("BOUNCEDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=3)


def postgres_reachable() -> bool:
    try:
        with _pg_admin():
            return True
    except psycopg.OperationalError:
        return False


def require_postgres() -> None:
    """Skip when no server is reachable, except in CI, where a missing server is a failure."""
    if postgres_reachable():
        return
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is not reachable at {PG_SERVER}; CI must run these tests")
    pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER} (and CI is unset)")


def pg_url(name: str) -> str:
    base = PG_SERVER.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


def create_pg_database(template: str | None = None) -> str:
    name = f"bd_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as conn:
        clause = f" TEMPLATE {template}" if template else ""
        conn.execute(f"CREATE DATABASE {name}{clause}")  # type: ignore[arg-type]
    return name


def drop_pg_database(name: str) -> None:
    """Drop the database and the roles `migrate --roles` made for it (they outlive it)."""
    from desktop.store.roles import role_names

    with _pg_admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
        for role in role_names(name):
            conn.execute(f"DROP ROLE IF EXISTS {role}")  # type: ignore[arg-type]


@contextmanager
def pg_database(template: str | None = None) -> Iterator[str]:
    name = create_pg_database(template)
    try:
        yield name
    finally:
        drop_pg_database(name)


class MigratedTemplates:
    """One migrated database per engine per test session; each test gets a fast copy."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._pg: str | None = None

    def sqlite_copy(self, target: Path) -> str:
        if self._sqlite is None:
            from desktop.store.database import open_database

            self._sqlite = self._folder / "template.sqlite3"
            open_database(f"sqlite:///{self._sqlite}").dispose()
        shutil.copyfile(self._sqlite, target)
        return f"sqlite:///{target}"

    def pg_copy(self) -> str:
        if self._pg is None:
            from desktop.store.database import open_database

            self._pg = create_pg_database()
            open_database(pg_url(self._pg)).dispose()
        return create_pg_database(template=self._pg)

    def close(self) -> None:
        if self._pg is not None:
            drop_pg_database(self._pg)
