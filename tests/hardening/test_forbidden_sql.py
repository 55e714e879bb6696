"""As each group role, over plain SQL, every forbidden write of issue #14 is refused by the server.

And what the roles must still do through the app's services keeps working; the server, not
the client, records which database role wrote each audit row and filed or decided each request.
The world (a database with its roles and one login each) is tests/hardening/conftest.py's.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Engine, exc, make_url, text

from desktop.services.quarantine import expire_due
from desktop.services.release import approve
from desktop.store.database import Database, open_database
from desktop.store.roles import create_roles, role_names
from tests.hardening.conftest import NOW, World, _drop_roles
from tests.helpers.databases import MigratedTemplates, drop_pg_database, pg_url

pytestmark = pytest.mark.postgres


def refused(database: Database | Engine, statement: str) -> None:
    """`statement`, run as the database's login, is refused by the server for lack of rights."""
    engine = database if isinstance(database, Engine) else database.engine
    with pytest.raises(exc.DBAPIError) as raised, engine.begin() as connection:
        connection.execute(text(statement))
    assert isinstance(raised.value.orig, psycopg.errors.InsufficientPrivilege), raised.value


AGENT_FORBIDDEN = {
    "audit-forged-approval": "INSERT INTO audit_log (at, actor, action, subject, before, after)"
    " VALUES (now(), 'boss', 'release_approved', 'quarantine 1', 'pending', 'approved')",
    "audit-request-never-filed": "INSERT INTO audit_log (at, actor, action, subject, after)"
    " SELECT now(), 'anna', 'release_requested', 'quarantine ' || id || ' (x)', 'pending'"
    " FROM quarantines WHERE address = 'kees@example.nl'",
    "audit-expiry-not-recorded": "INSERT INTO audit_log (at, actor, action, subject)"
    " SELECT now(), 'anna', 'quarantine_expired', 'quarantine ' || id || ' (x)'"
    " FROM quarantines WHERE address = 'jan@example.nl'",
    "audit-forged-import": "INSERT INTO audit_log (at, actor, action, subject)"
    " VALUES (now(), 'importer', 'import', 'x')",
    "audit-backdated": "INSERT INTO audit_log (at, actor, action, subject)"
    " VALUES (now() - interval '30 days', 'anna', 'release_requested', 'quarantine 1')",
    "audit-role-chosen": "INSERT INTO audit_log (at, actor, action, subject, db_role)"
    " VALUES (now(), 'anna', 'release_requested', 'q', 'boss')",
    "audit-update": "UPDATE audit_log SET actor = 'nobody'",
    "audit-delete": "DELETE FROM audit_log",
    "request-born-approved": "INSERT INTO release_requests (quarantine_id, state,"
    " requested_by, note, created_at, decided_by, decided_at)"
    " SELECT id, 'approved', 'anna', '', now(), 'boss', now() FROM quarantines"
    " WHERE address = 'kees@example.nl'",
    "request-born-approved-no-decider": "INSERT INTO release_requests (quarantine_id, state,"
    " requested_by, note, created_at) SELECT id, 'approved', 'anna', '', now()"
    " FROM quarantines WHERE address = 'kees@example.nl'",
    "request-in-another-role": "INSERT INTO release_requests (quarantine_id, state,"
    " requested_by, note, created_at, requested_role) SELECT id, 'pending', 'anna', '', now(),"
    " 'boss' FROM quarantines WHERE address = 'kees@example.nl'",
    "request-approve": "UPDATE release_requests SET state = 'approved', decided_by = 'boss',"
    " decided_at = now() WHERE state = 'pending'",
    "request-delete": "DELETE FROM release_requests",
    "soft-runs-reset-all": "UPDATE address_states SET soft_run = 0, soft_event_ids = ''",
    "soft-run-forged": "UPDATE address_states SET soft_run = 4, soft_event_ids = '1,2,3,4'",
    "expire-active-early": "UPDATE quarantines SET expired_at = ends_at"
    " WHERE address = 'jan@example.nl'",
    "expire-any-time": "UPDATE quarantines SET expired_at = now() - interval '1 year'",
    "quarantine-release": "UPDATE quarantines SET released_at = now()",
    "quarantine-ends": "UPDATE quarantines SET ends_at = now()",
    "quarantine-address": "UPDATE quarantines SET address = 'someone@else.nl'",
    "quarantine-delete": "DELETE FROM quarantines",
    "event-insert": "INSERT INTO events (message_id, type, at) SELECT id, 'released', now()"
    " FROM messages LIMIT 1",
    "settings-insert": "INSERT INTO db_settings (key, value) VALUES ('approval_mode', 'auto')",
    "message-update": "UPDATE messages SET status = 'delivered'",
    "outbox-update": "UPDATE release_outbox SET state = 'done'",
    "policy-update": "UPDATE db_settings SET value = '1' WHERE key LIKE 'policy.%'",
    "audit-forged-setting": "INSERT INTO audit_log (at, actor, action, subject)"
    " VALUES (now(), 'anna', 'setting_changed', 'approval_mode')",
}
APPROVER_FORBIDDEN = {
    "quarantine-ends-100-years": "UPDATE quarantines SET ends_at = ends_at + interval '100 years'",
    "quarantine-starts": "UPDATE quarantines SET started_at = now()",
    "quarantine-address": "UPDATE quarantines SET address = 'someone@else.nl'",
    "quarantine-unrelease": "UPDATE quarantines SET released_at = NULL"
    " WHERE address = 'done@example.nl'",
    "quarantine-release-backdated": "UPDATE quarantines SET released_at = now() - interval"
    " '20 days' WHERE address = 'kees@example.nl'",
    "quarantine-insert": "INSERT INTO quarantines (address, cause, reason, started_at, ends_at)"
    " VALUES ('x@example.nl', 'hard-bounce', 'unknown', now(), now())",
    "quarantine-delete": "DELETE FROM quarantines",
    "request-rewrite-decided": "UPDATE release_requests SET state = 'pending'"
    " WHERE state = 'applied'",
    "request-rewrite-decider": "UPDATE release_requests SET decided_by = 'someone else'"
    " WHERE state = 'applied'",
    "request-reject-applied": "UPDATE release_requests SET state = 'rejected'"
    " WHERE state = 'applied'",
    "request-requester": "UPDATE release_requests SET requested_by = 'boss'",
    "request-decided-role": "UPDATE release_requests SET decided_role = 'boss'",
    "event-fake-delivered": "INSERT INTO events (message_id, type, at)"
    " SELECT id, 'delivered', now() FROM messages LIMIT 1",
    "event-update": "UPDATE events SET type = 'delivered'",
    "event-delete": "DELETE FROM events",
    "audit-forged-other": "INSERT INTO audit_log (at, actor, action, subject)"
    " VALUES (now(), 'lead', 'setting_changed', 'approval_mode')",
    "audit-truncate": "TRUNCATE audit_log",
    "audit-approval-never-made": "INSERT INTO audit_log (at, actor, action, subject, before,"
    " after) SELECT now(), 'carla', 'release_approved', 'quarantine ' || quarantine_id || ' (x)',"
    " 'pending', 'approved' FROM release_requests WHERE state = 'pending'",
    "audit-rejection-never-made": "INSERT INTO audit_log (at, actor, action, subject)"
    " SELECT now(), 'carla', 'release_rejected', 'quarantine ' || quarantine_id || ' (x)'"
    " FROM release_requests WHERE state = 'pending'",
    "soft-run-forged": "INSERT INTO address_states (address, soft_run, soft_event_ids,"
    " updated_at) VALUES ('new@example.nl', 5, '1,2,3,4,5', now())",
    "soft-run-reset-active": "UPDATE address_states SET soft_run = 0, soft_event_ids = ''"
    " WHERE address = 'kees@example.nl'",
    # Approvers set the shared settings (policy, approval mode: roles.py); never remove them.
    "settings-delete": "DELETE FROM db_settings",
    "outbox-delete": "DELETE FROM release_outbox",
    "audit-forged-policy": "INSERT INTO audit_log (at, actor, action, subject)"
    " VALUES (now(), 'lead', 'policy_changed', 'quarantine policy')",
    # The one audit function takes only what a change of this transaction backs.
    "audit-fn-trigger-action": "SELECT bouncedesk_audit('release_approved', 'carla',"
    " 'quarantine 1 (x)', 'pending', 'approved', '')",
    "audit-fn-expiry": "SELECT bouncedesk_audit('quarantine_expired', 'system',"
    " 'quarantine 1 (x)', 'quarantined', 'ended', '')",
    "audit-fn-import": "SELECT bouncedesk_audit('import', 'carla', 'postfix: x', NULL, '{}', '')",
    "audit-fn-purge": "SELECT bouncedesk_audit('purge', 'carla', 'everything', NULL, '{}', '')",
    "audit-fn-setting-unchanged": "SELECT bouncedesk_audit('setting_changed', 'carla',"
    " 'approval_mode', 'approver', 'auto', '')",
    "audit-fn-policy-unchanged": "SELECT bouncedesk_audit('policy_changed', 'carla',"
    " 'quarantine policy', 'a', 'b', '')",
    "audit-fn-outbox-unchanged": "SELECT bouncedesk_audit('release_target_retry', 'carla',"
    " 'x', 'failed', 'pending', '')",
    "audit-fn-made-up": "SELECT bouncedesk_audit('anything', 'carla', 'x', NULL, NULL, '')",
    # Only the documented settings, and each change with its audit row.
    "settings-unknown-key": "INSERT INTO db_settings (key, value) VALUES ('my_own_key', 'x')",
    "settings-import-marker": "INSERT INTO db_settings (key, value)"
    " VALUES ('import.suspended_indexes', '{}')",
    "settings-erasure-salt": "INSERT INTO db_settings (key, value) VALUES ('erasure_salt', 'x')",
    "settings-removal-generation": "INSERT INTO db_settings (key, value)"
    " VALUES ('removal_generation', '99')",
    "settings-rename": "UPDATE db_settings SET key = 'my_own_key' WHERE key = 'approval_mode'",
    "settings-unaudited": "UPDATE db_settings SET value = 'auto' WHERE key = 'approval_mode'",
    "settings-retention-unaudited": "INSERT INTO db_settings (key, value)"
    " VALUES ('retention_days', '1')",
    "release-without-approval": "UPDATE quarantines SET released_at = now()"
    " WHERE address = 'kees@example.nl'",
    "released-event-without-approval": "INSERT INTO events (message_id, type, at)"
    " SELECT id, 'released', now() FROM messages LIMIT 1",
}
AGENT_FORBIDDEN.update(
    {
        "audit-fn-any": "SELECT bouncedesk_audit('setting_changed', 'anna', 'approval_mode',"
        " 'approver', 'approver', '')",
        "settings-approval-mode": "UPDATE db_settings SET value = 'auto'"
        " WHERE key = 'approval_mode'",
    }
)
# No login role writes the audit log in any way: each of these, as each role.
AUDIT_WRITES = {
    "insert": "INSERT INTO audit_log (at, actor, action, subject)"
    " VALUES (now(), 'x', 'release_requested', 'quarantine 1 (x)')",
    "insert-as-select": "INSERT INTO audit_log (at, actor, action, subject, db_role)"
    " SELECT at, actor, action, subject, 'boss' FROM audit_log",
    "update": "UPDATE audit_log SET actor = 'nobody'",
    "update-time": "UPDATE audit_log SET at = at - interval '1 day'",
    "update-role": "UPDATE audit_log SET db_role = 'boss'",
    "delete": "DELETE FROM audit_log",
    "truncate": "TRUNCATE audit_log",
    "sequence": "SELECT nextval('audit_log_id_seq')",
}
ROLES = ("agent", "approver", "mta")


@pytest.mark.parametrize("name", list(AGENT_FORBIDDEN))
def test_the_server_refuses_the_agent(world: World, name: str) -> None:
    refused(world.agent, AGENT_FORBIDDEN[name])


@pytest.mark.parametrize("name", list(APPROVER_FORBIDDEN))
def test_the_server_refuses_the_approver(world: World, name: str) -> None:
    refused(world.approver, APPROVER_FORBIDDEN[name])


@pytest.mark.parametrize("write", list(AUDIT_WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_no_role_writes_the_audit_log(world: World, role: str, write: str) -> None:
    refused(world.as_role(role), AUDIT_WRITES[write])


@pytest.mark.parametrize("role", ("agent", "mta"))
def test_only_the_approver_may_call_the_audit_function(world: World, role: str) -> None:
    refused(world.as_role(role), "SELECT bouncedesk_audit('import', 'x', 'x', NULL, NULL, NULL)")


def test_the_server_records_who_acted_and_the_workflow_still_works(world: World) -> None:
    with world.agent.unit_of_work() as uow:  # expiry bookkeeping stays every client's job
        assert [q.address for q in expire_due(uow, NOW)] == ["old@example.nl"]
    with world.approver.unit_of_work() as uow:
        assert approve(uow, world.pending, "carla", "", NOW).changed
    with world.owner.engine.connect() as connection:
        roles = {
            str(action): role
            for action, role in connection.execute(text("SELECT action, db_role FROM audit_log"))
        }
        requests = connection.execute(
            text("SELECT requested_role, decided_role FROM release_requests WHERE id = :id"),
            {"id": world.pending},
        ).one()
    assert roles["release_requested"] == world.agent_login
    assert roles["quarantine_expired"] == world.agent_login
    assert roles["release_approved"] == world.approver_login
    assert tuple(requests) == (world.agent_login, world.approver_login)


def test_roles_of_one_database_cannot_connect_to_another(
    world: World, _templates: MigratedTemplates
) -> None:
    other = _templates.pg_copy()
    try:
        other_owner = open_database(pg_url(other))
        create_roles(other_owner.engine)  # `migrate --roles` there too
        other_owner.dispose()
        url = make_url(pg_url(other)).set(username=world.agent_login)
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(
                url.set(drivername="postgresql").render_as_string(hide_password=False),
                connect_timeout=3,
            ).close()
    finally:
        drop_pg_database(other)
        _drop_roles(*role_names(other))


def test_demo_as_an_agent_is_one_clear_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    with world.owner.engine.begin() as connection:  # a demo only goes into an empty database
        connection.execute(text("TRUNCATE messages, quarantines CASCADE"))
    url = make_url(world.owner.url).set(username=world.agent_login)
    status = main(["--db", url.render_as_string(hide_password=False), "demo", "--messages", "5"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "permission denied" in err and "internal" not in err
