"""The hardening tests' world on PostgreSQL: a database with its roles, one login per role."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, create_engine, make_url

from desktop.services.release import ApprovalMode, approve, request_release, set_approval_mode
from desktop.store.database import Database, open_database
from desktop.store.roles import create_roles, role_names
from tests.helpers.databases import (
    MigratedTemplates,
    _pg_admin,
    drop_pg_database,
    pg_url,
    require_postgres,
)
from tests.services.quarantine_data import add_quarantine

NOW = datetime.now(UTC).replace(microsecond=0)
ADDRESS = "jan@example.nl"
OTHER = "kees@example.nl"  # quarantined, never released or expired: its soft run is evidence


@dataclass
class World:
    owner: Database
    name: str
    agent: Database
    approver: Database
    agent_login: str
    approver_login: str
    pending: int  # a pending request
    applied: int  # a request approved and applied by the approver
    mta: Engine  # the mail server's login role itself (it may not even read the schema version)

    def as_role(self, role: str) -> Database | Engine:
        return {"agent": self.agent, "approver": self.approver, "mta": self.mta}[role]


def _drop_roles(*roles: str) -> None:
    with _pg_admin() as admin:
        for role in roles:
            admin.execute(f"DROP ROLE IF EXISTS {role}")  # type: ignore[arg-type]


@pytest.fixture
def world(_templates: MigratedTemplates) -> Iterator[World]:
    require_postgres()
    name = _templates.pg_copy()
    owner = open_database(pg_url(name))
    logins: list[str] = []
    opened: list[Database] = []
    mta: Engine | None = None
    try:
        groups = create_roles(owner.engine)
        agent_group, approver_group = groups.agent, groups.approver
        with owner.unit_of_work() as uow:
            set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
        with owner.unit_of_work() as uow:
            add_quarantine(uow, ADDRESS, NOW - timedelta(hours=1))
            add_quarantine(uow, OTHER, NOW - timedelta(hours=2))
            add_quarantine(uow, "done@example.nl", NOW - timedelta(hours=3))
            add_quarantine(uow, "old@example.nl", NOW - timedelta(days=8))
            uow.quarantines.set_soft_run(OTHER, [1], NOW)
            uow.commit()

        def login(group: str) -> tuple[str, Database]:
            role = f"bd_test_login_{uuid.uuid4().hex[:8]}"
            with _pg_admin() as admin:
                admin.execute(f"CREATE ROLE {role} LOGIN IN ROLE {group}")  # type: ignore[arg-type]
            logins.append(role)
            url = make_url(owner.url).set(username=role, password=None)
            database = open_database(url.render_as_string(hide_password=False), migrate=False)
            opened.append(database)
            return role, database

        agent_login, agent = login(agent_group)
        approver_login, approver = login(approver_group)
        mta_url = make_url(owner.url).set(username=groups.mta, password=None)
        mta = create_engine(mta_url.render_as_string(hide_password=False))
        with agent.unit_of_work() as uow:
            pending = request_release(uow, ADDRESS, "anna", "client called", NOW).request_id
        with agent.unit_of_work() as uow:
            applied = request_release(uow, "done@example.nl", "anna", "", NOW).request_id
        with approver.unit_of_work() as uow:
            assert approve(uow, applied, "carla", "ok", NOW).changed
        yield World(
            owner, name, agent, approver, agent_login, approver_login, pending, applied, mta
        )
    finally:
        if mta is not None:
            mta.dispose()
        for database in (*opened, owner):
            database.dispose()
        drop_pg_database(name)
        _drop_roles(*logins, *role_names(name))
