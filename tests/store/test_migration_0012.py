"""Migration 0012 takes a populated 0011 database whose roles could still insert audit rows to
one where only the server writes them, and back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import create_engine, exc, make_url, text

from desktop.services.release import request_release
from desktop.store import migrate
from desktop.store.database import Database, open_database
from desktop.store.roles import role_names
from tests.helpers.databases import (
    MigratedTemplates,
    _pg_admin,
    drop_pg_database,
    pg_url,
    require_postgres,
)
from tests.services.quarantine_data import NOW, add_message, add_quarantine

FORGED = (
    "INSERT INTO audit_log (at, actor, action, subject)"
    " VALUES (now() - interval '1 year', 'boss', 'release_approved', 'quarantine 1 (x)')"
)


@pytest.fixture
def at_0011(_templates: MigratedTemplates) -> Iterator[tuple[Database, str]]:
    """A PostgreSQL database at 0011 with data and the grants `migrate --roles` gave then."""
    require_postgres()
    name = _templates.pg_copy()
    owner = open_database(pg_url(name))
    login = f"bd_test_login_{uuid.uuid4().hex[:8]}"
    agent = role_names(name).agent
    try:
        migrate.downgrade(owner.engine, "0011")
        with owner.unit_of_work() as uow:
            for n in range(20):
                add_message(uow, f"guest{n}@example.nl", NOW - timedelta(days=n))
            add_quarantine(uow, "jan@example.nl", NOW - timedelta(hours=1))
            add_quarantine(uow, "kees@example.nl", NOW - timedelta(hours=2))
            uow.commit()
        with owner.unit_of_work() as uow:
            request_release(uow, "jan@example.nl", "anna", "", NOW)
        with _pg_admin() as admin:
            for role in role_names(name):
                admin.execute(f"CREATE ROLE {role}")  # type: ignore[arg-type]
            admin.execute(f"CREATE ROLE {login} LOGIN IN ROLE {agent}")  # type: ignore[arg-type]
        with owner.engine.begin() as connection:  # what roles.py granted up to 0011
            for statement in (
                f"GRANT CONNECT ON DATABASE {name} TO {agent}",
                f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {agent}",
                f"GRANT INSERT (at, actor, action, subject, before, after, note) ON audit_log"
                f" TO {agent}",
                f"GRANT USAGE ON SEQUENCE audit_log_id_seq TO {agent}",
            ):
                connection.execute(text(statement))
        yield owner, login
    finally:
        owner.dispose()
        drop_pg_database(name)
        with _pg_admin() as admin:
            admin.execute(f"DROP ROLE IF EXISTS {login}")  # type: ignore[arg-type]


def _as(owner: Database, login: str) -> str:
    url = make_url(owner.url).set(username=login, password=None)
    return url.render_as_string(hide_password=False)


def test_a_populated_0011_database_migrates_to_server_written_audit(
    at_0011: tuple[Database, str],
) -> None:
    owner, login = at_0011
    raw = create_engine(_as(owner, login))  # the login over plain SQL, whatever the schema
    try:
        with raw.begin() as connection:  # the hole 0012 closes
            connection.execute(text(FORGED))
        migrate.upgrade(owner.engine)
        with owner.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD
            assert connection.scalar(text("SELECT count(*) FROM messages")) == 22
            assert connection.scalar(text("SELECT count(*) FROM release_requests")) == 1
        with pytest.raises(exc.DBAPIError) as raised, raw.begin() as connection:
            connection.execute(text(FORGED))
        assert isinstance(raised.value.orig, psycopg.errors.InsufficientPrivilege)
        agent = open_database(_as(owner, login), migrate=False)
        try:
            with agent.unit_of_work() as uow:  # the audited path works; the server names the role
                request_release(uow, "kees@example.nl", "anna", "", NOW)
        finally:
            agent.dispose()
        with owner.engine.connect() as connection:
            last = connection.execute(
                text("SELECT action, actor, db_role FROM audit_log ORDER BY id DESC LIMIT 1")
            ).one()
        assert tuple(last) == ("release_requested", "anna", login)
        migrate.downgrade(owner.engine, "0011")
        with owner.engine.connect() as connection:
            triggers = connection.scalar(
                text("SELECT count(*) FROM pg_trigger WHERE tgname = 'release_requests_audit'")
            )
        assert triggers == 0
        migrate.upgrade(owner.engine)
    finally:
        raw.dispose()
