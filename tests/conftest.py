"""Shared fixtures: headless Qt, private folders, and databases on both engines."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers.databases import (
    MigratedTemplates,
    drop_pg_database,
    pg_url,
    require_postgres,
)


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's data, config, cache or log folders."""
    root = tmp_path_factory.mktemp("home")
    for name in ("DATA", "CONFIG", "CACHE", "LOG"):
        monkeypatch.setenv(f"BOUNCEDESK_{name}_DIR", str(root / name.lower()))
    monkeypatch.delenv("BOUNCEDESK_DB_URL", raising=False)


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedTemplates]:
    templates = MigratedTemplates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, _templates: MigratedTemplates
) -> Iterator[str]:
    """A fresh, migrated database: a real SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        yield _templates.sqlite_copy(tmp_path / "bouncedesk.sqlite3")
        return
    require_postgres()
    name = _templates.pg_copy()
    try:
        yield pg_url(name)
    finally:
        drop_pg_database(name)


@pytest.fixture
def database(db_url: str) -> Iterator[object]:
    from desktop.store.database import open_database

    db = open_database(db_url)
    yield db
    db.dispose()
