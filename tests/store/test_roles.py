"""PostgreSQL enforces the roles: an agent cannot approve, release or touch the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import exc, make_url, text

from desktop.domain.errors import PermissionDenied
from desktop.services.quarantine import expire_due
from desktop.services.release import (
    ApprovalMode,
    approve,
    reject,
    request_release,
    set_approval_mode,
)
from desktop.store.database import Database, open_database
from desktop.store.roles import RoleNames, create_roles, role_names
from tests.helpers.databases import (
    MigratedTemplates,
    _pg_admin,
    drop_pg_database,
    pg_url,
    require_postgres,
)
from tests.services.quarantine_data import add_quarantine, audit_count

pytestmark = pytest.mark.postgres
AGENT, APPROVER = "agent", "approver"  # which of the database's two roles to log in as

NOW = datetime.now(UTC).replace(microsecond=0)
ADDRESS = "jan@example.nl"
LoginAs = Callable[[str], Database]


@pytest.fixture
def owner(_templates: MigratedTemplates) -> Iterator[Database]:
    """A migrated throwaway database with the roles granted, one pending request in it."""
    require_postgres()
    name = _templates.pg_copy()
    database = open_database(pg_url(name))
    try:
        create_roles(database.engine)
        with database.unit_of_work() as uow:
            set_approval_mode(uow, ApprovalMode.APPROVER, "lead", NOW)
        with database.unit_of_work() as uow:
            add_quarantine(uow, ADDRESS, NOW - timedelta(hours=1))
            add_quarantine(uow, "old@example.nl", NOW - timedelta(days=8))
            uow.commit()
        yield database
    finally:
        database.dispose()
        drop_pg_database(name)
        drop_group_roles(name)


def drop_group_roles(database: str) -> None:
    """The per-database group roles outlive their database; they go with it in tests."""
    with _pg_admin() as admin:
        for role in role_names(database):
            admin.execute(f"DROP ROLE IF EXISTS {role}")  # type: ignore[arg-type]


@pytest.fixture
def roles(owner: Database) -> RoleNames:
    """This database's (agent, approver, mta) roles."""
    return create_roles(owner.engine)


@pytest.fixture
def login_as(owner: Database, roles: RoleNames) -> Iterator[LoginAs]:
    """Connect as a new login role in a group; the login roles are dropped afterwards."""
    made: list[tuple[str, Database]] = []

    def connect(kind: str) -> Database:
        group = roles[0] if kind == AGENT else roles[1]
        role = f"bd_test_{kind}_{uuid.uuid4().hex[:8]}"
        with _pg_admin() as admin:
            admin.execute(f"CREATE ROLE {role} LOGIN IN ROLE {group}")
        url = make_url(owner.url).set(username=role, password=None)
        database = open_database(url.render_as_string(hide_password=False), migrate=False)
        made.append((role, database))
        return database

    yield connect
    for role, database in made:
        database.dispose()
        with _pg_admin() as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")


def refused(database: Database, statement: str) -> str:
    """Run `statement` as the database's role; the server's refusal message."""
    with pytest.raises(exc.ProgrammingError) as raised, database.engine.begin() as connection:
        connection.execute(text(statement))
    assert isinstance(raised.value.orig, psycopg.errors.InsufficientPrivilege)
    return str(raised.value.orig)


def test_roles_are_per_database_and_creating_them_again_is_harmless(
    owner: Database, roles: RoleNames
) -> None:
    assert create_roles(owner.engine) == roles
    database = make_url(owner.url).database
    assert roles == (f"{database}_agent", f"{database}_approver", f"{database}_mta")
    assert role_names("bouncedesk") == (
        "bouncedesk_agent", "bouncedesk_approver", "bouncedesk_mta"
    )  # fmt: skip
    with _pg_admin() as admin:
        rows = admin.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN (%s, %s, %s)", roles
        ).fetchall()
    assert sorted(rows) == [(roles.agent, False), (roles.approver, False), (roles.mta, True)]


def test_an_agent_can_read_and_request_but_the_server_refuses_the_rest(
    owner: Database, login_as: LoginAs
) -> None:
    agent = login_as(AGENT)
    with agent.unit_of_work() as uow:
        outcome = request_release(uow, ADDRESS, "anna", "client called", NOW)
    assert outcome.created
    with agent.unit_of_work() as uow:  # expiry bookkeeping is every client's job
        assert [q.address for q in expire_due(uow, NOW)] == ["old@example.nl"]
    rid = outcome.request_id
    assert "permission denied" in refused(
        agent, f"UPDATE release_requests SET state = 'approved' WHERE id = {rid}"
    )
    refused(agent, f"UPDATE quarantines SET released_at = now() WHERE address = '{ADDRESS}'")
    refused(agent, "UPDATE quarantines SET ends_at = now()")
    refused(agent, "INSERT INTO events (message_id, type, at) VALUES (1, 'released', now())")
    refused(agent, "DELETE FROM release_requests")
    refused(agent, "UPDATE audit_log SET actor = 'nobody'")
    refused(agent, "DELETE FROM audit_log")
    refused(agent, "INSERT INTO db_settings (key, value) VALUES ('approval_mode', 'auto')")


def test_a_refusal_reaches_the_service_caller_as_a_domain_error(
    owner: Database, login_as: LoginAs
) -> None:
    agent = login_as(AGENT)
    with agent.unit_of_work() as uow:
        rid = request_release(uow, ADDRESS, "anna", "", NOW).request_id
    with pytest.raises(PermissionDenied, match="permission denied"), agent.unit_of_work() as uow:
        approve(uow, rid, "bert", "", NOW)  # not anna: four eyes would refuse first
    with pytest.raises(PermissionDenied), agent.unit_of_work() as uow:
        reject(uow, rid, "anna", "", NOW)
    with pytest.raises(PermissionDenied), agent.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.AUTO, "anna", NOW)
    with owner.unit_of_work() as uow:
        request = uow.requests.get(rid)
    assert request is not None and request.state.value == "pending"
    assert audit_count(owner, "release_approved") == 0


def test_an_approver_decides_and_releases_but_cannot_change_the_audit_log(
    owner: Database, login_as: LoginAs
) -> None:
    agent, approver = login_as(AGENT), login_as(APPROVER)
    with agent.unit_of_work() as uow:
        rid = request_release(uow, ADDRESS, "anna", "", NOW).request_id
    with approver.unit_of_work() as uow:
        decision = approve(uow, rid, "carla", "ok", NOW)
    assert decision.changed and decision.state.value == "applied"
    with owner.unit_of_work() as uow:
        assert uow.quarantines.active_for(ADDRESS, NOW) is None
    refused(approver, "UPDATE audit_log SET after = 'forged'")
    refused(approver, "DELETE FROM audit_log")
    refused(approver, "TRUNCATE audit_log")
    refused(approver, "DELETE FROM quarantines")


def test_not_even_the_owner_can_rewrite_the_audit_log(owner: Database) -> None:
    message = refused(owner, "UPDATE audit_log SET actor = 'nobody'")
    assert "append-only" in message
    assert "append-only" in refused(owner, "DELETE FROM audit_log")
    with pytest.raises(PermissionDenied, match="append-only"), owner.unit_of_work() as uow:
        uow.session.execute(text("DELETE FROM audit_log"))
    assert audit_count(owner, "setting_changed") == 1


def test_an_approvers_release_writes_the_outbox_rows(
    owner: Database, login_as: LoginAs, tmp_path: Path
) -> None:
    from desktop.services.release_sync import register_targets
    from desktop.services.release_targets import release_targets_of
    from desktop.targets.config import parse_release_targets

    key = tmp_path / "sendgrid.key"
    key.write_text("k\n")
    targets = parse_release_targets(
        {"release_targets": [{"kind": "sendgrid", "api_key_file": str(key)}]}
    )
    with owner.unit_of_work() as uow:
        register_targets(uow, targets)
    with login_as(AGENT).unit_of_work() as uow:
        rid = request_release(uow, ADDRESS, "anna", "", NOW).request_id
    with login_as(APPROVER).unit_of_work() as uow:
        approve(uow, rid, "bert", "", NOW)
    with owner.unit_of_work() as uow:
        assert [row.target for row in release_targets_of(uow, rid)] == ["sendgrid"]


def test_an_approver_sets_the_shared_settings_and_the_audit_row_goes_with_the_change(
    owner: Database, login_as: LoginAs
) -> None:
    approver = login_as(APPROVER)
    with approver.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.AUTO, "carla", datetime.now(UTC))
    assert audit_count(owner, "setting_changed") == 2
    with owner.session() as session:
        role = session.scalar(
            text("SELECT db_role FROM audit_log WHERE action = 'setting_changed' ORDER BY id DESC")
        )
    assert role is not None and role.startswith("bd_test_approver_")
    # No role inserts audit rows; and the server's function refuses a row about a setting
    # that did not change in the same transaction.
    assert "permission denied for table audit_log" in refused(
        approver,
        "INSERT INTO audit_log (at, actor, action, subject)"
        " VALUES (now(), 'carla', 'setting_changed', 'approval_mode')",
    )
    assert "changed no such setting" in refused(
        approver,
        "SELECT bouncedesk_audit('setting_changed', 'carla', 'approval_mode', 'auto', 'auto', '')",
    )
