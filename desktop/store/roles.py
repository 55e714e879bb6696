"""PostgreSQL group roles of one database that enforce who may do what, whatever a client does.

`<database>_agent` reads everything, files pending release requests in its own name and records
expiries; `<database>_approver` may also decide requests, end quarantines and add the RELEASED
event. For the documented database name, `bouncedesk`, these are `bouncedesk_agent` and
`bouncedesk_approver`. The roles are per database: `migrate --roles` revokes CONNECT from
PUBLIC and grants it to this database's roles only, so an agent of one Bounce Desk database
cannot read another on the same server.

Grants are column-level and guard triggers (store/role_guards.py) check every change a group
role makes: no role but the owner (the importer) can change quarantine times or addresses,
rewrite decided requests or add other events, and the times of a group role's writes are the
server's. No role may write audit rows at all: the server writes them (store/audit_sql.py,
migration 0012), with the acting role (session_user) next to the display name.
Give people login roles that are members: `CREATE ROLE jan LOGIN IN ROLE bouncedesk_agent`.

`<database>_mta` (`bouncedesk_mta` for the documented database) is a login role for the mail
server (Postfix's pgsql map): it may connect and read the view `quarantined_recipients`
(migration 0004) and nothing else. The view runs with its owner's rights, so the role needs no
grant on the tables behind it. Set its password with `ALTER ROLE bouncedesk_mta PASSWORD '...'`
when the server asks for one.

This module is the one place grants are made: a migration adds tables and columns, then
`migrate --roles` (run again after each upgrade) grants the roles what they need of them.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from sqlalchemy import exc, text
from sqlalchemy.engine import Connection, Engine

from desktop.domain.errors import ValidationError
from desktop.store.audit_sql import AUDIT_FUNCTION, audit_statements
from desktop.store.role_guards import guard_statements
from desktop.store.uow import translate_error

DEFAULT_DATABASE = "bouncedesk"
AGENT = "bouncedesk_agent"  # the roles of the database called "bouncedesk"
APPROVER = "bouncedesk_approver"
MTA = "bouncedesk_mta"
MTA_VIEW = "quarantined_recipients"
_NAME_ROOM = 63 - len("_approver")  # PostgreSQL names are at most 63 bytes


class RoleNames(NamedTuple):
    """The roles of one database: two group roles for people, one login for the MTA."""

    agent: str
    approver: str
    mta: str


def role_names(database: str) -> RoleNames:
    """The (agent, approver, mta) roles of the database called `database`."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())
    if len(base) > _NAME_ROOM:
        digest = hashlib.sha1(database.encode(), usedforsecurity=False).hexdigest()[:8]
        base = f"{base[: _NAME_ROOM - 9]}_{digest}"
    return RoleNames(f"{base}_agent", f"{base}_approver", f"{base}_mta")


def _grants(database: str, roles: RoleNames) -> tuple[str, ...]:
    db = _quoted(database)
    agent, approver, mta = roles
    return (
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {db} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {db} TO {agent}",
        f"GRANT CONNECT ON DATABASE {db} TO {mta}",
        f"GRANT USAGE ON SCHEMA public TO {agent}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {agent}",
        # Column-level: the id, the server-set role columns and the decision are not the
        # agent's to write; the guard triggers check the values.
        f"GRANT INSERT (quarantine_id, state, requested_by, note, risk, risk_why, created_at,"
        f" decision_note)"
        f" ON release_requests TO {agent}",
        # No role writes audit rows: the server does (store/audit_sql.py). The approver may
        # call the one function that records what the server cannot describe by itself.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM {agent}, {approver}, {mta}",
        f"REVOKE USAGE ON SEQUENCE audit_log_id_seq FROM {agent}, {approver}",
        f"GRANT EXECUTE ON FUNCTION {AUDIT_FUNCTION} TO {approver}",
        f"GRANT USAGE ON SEQUENCE release_requests_id_seq TO {agent}",
        # Expiry is bookkeeping every client does on refresh: it only sets the expiry marker
        # (the quarantine's effect is governed by ends_at, which an agent cannot touch) and
        # empties a stale soft-bounce run.
        f"GRANT UPDATE (expired_at) ON quarantines TO {agent}",
        f"GRANT UPDATE (soft_run, soft_event_ids, updated_at) ON address_states TO {agent}",
        f"GRANT UPDATE (state, decided_by, decided_at, decision_note) ON release_requests"
        f" TO {approver}",
        f"GRANT UPDATE (released_at) ON quarantines TO {approver}",
        f"GRANT INSERT (message_id, type, at, diagnostic, source) ON events TO {approver}",
        f"GRANT USAGE ON SEQUENCE events_id_seq TO {approver}",
        f"GRANT INSERT (address, soft_run, soft_event_ids, updated_at) ON address_states"
        f" TO {approver}",
        # The shared settings (the quarantine policy, the approval mode) are the approvers'.
        f"GRANT INSERT, UPDATE ON db_settings TO {approver}",
        # Applying a release writes its outbox rows; retry, give-up and the sync worker
        # update them.
        f"GRANT INSERT, UPDATE ON release_outbox TO {approver}",
        f"GRANT USAGE ON SEQUENCE release_outbox_id_seq TO {approver}",
        # The RELEASED event is counted in the event roll-up in the same transaction.
        f"GRANT INSERT, UPDATE ON event_rollup, event_rollup_hourly, event_rollup_domains,"
        f" event_rollup_accounts TO {approver}",
        # The MTA reads the view and nothing else (taken back first: a grant made by hand).
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {mta}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {mta}",
        f"GRANT USAGE ON SCHEMA public TO {mta}",
        f"GRANT SELECT ON {MTA_VIEW} TO {mta}",
    )


def _revokes(roles: RoleNames) -> tuple[str, ...]:
    """What earlier versions granted more widely, taken back before the grants above."""
    return tuple(
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM {who}"
        for who in ("PUBLIC", roles.agent, roles.approver)
    )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_member(connection: Connection, group: str, member: str) -> bool:
    return bool(
        connection.scalar(
            text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                " JOIN pg_roles r ON r.oid = m.member"
                " WHERE g.rolname = :group AND r.rolname = :member"
            ),
            {"group": group, "member": member},
        )
    )


def _create_if_missing(connection: Connection, role: str, login: bool = False) -> None:
    # Two migrations running at once may both find the role missing; the loser's error is
    # swallowed inside the block so its transaction carries on.
    connection.execute(
        text(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} {'LOGIN' if login else 'NOLOGIN'}; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
            "END $$"
        )
    )


def create_roles(engine: Engine) -> RoleNames:
    """Create (if missing) this database's roles, grant and guard them."""
    if engine.dialect.name != "postgresql":
        raise ValidationError(
            "Roles exist only on a shared PostgreSQL database; a local file has one user."
        )
    try:
        return _grant(engine)
    except exc.ProgrammingError as error:
        raise translate_error(error) from error


def _grant(engine: Engine) -> RoleNames:
    with engine.begin() as connection:
        database = str(connection.scalar(text("SELECT current_database()")))
        roles = role_names(database)
        _create_if_missing(connection, roles.agent)
        _create_if_missing(connection, roles.approver)
        _create_if_missing(connection, roles.mta, login=True)
        if not _is_member(connection, roles.agent, roles.approver):
            connection.execute(text(f"GRANT {roles.agent} TO {roles.approver}"))
        grant_existing(connection)
    return roles


def grant_existing(connection: Connection) -> RoleNames | None:
    """Grant and guard this database's roles if they exist (a migration calls this so that an
    upgrade leaves no role with rights the new schema takes away); None when they do not."""
    database = str(connection.scalar(text("SELECT current_database()")))
    roles = role_names(database)
    found = connection.scalar(
        text("SELECT count(*) FROM pg_roles WHERE rolname IN (:a, :b, :c)"),
        {"a": roles.agent, "b": roles.approver, "c": roles.mta},
    )
    if found != 3:
        return None
    for statement in (
        *_revokes(roles),
        *audit_statements(roles.approver),
        *_grants(database, roles),
        *guard_statements(roles.agent, roles.approver),
    ):
        connection.execute(text(statement))
    return roles
