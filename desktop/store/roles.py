"""PostgreSQL group roles of one database that enforce who may do what, whatever a client does.

`<database>_agent` reads everything, files pending release requests in its own name and records
expiries; `<database>_approver` may also decide requests, end quarantines and add the RELEASED
event. For the documented database name, `bouncedesk`, these are `bouncedesk_agent` and
`bouncedesk_approver`. The roles are per database: `migrate --roles` revokes CONNECT from
PUBLIC and grants it to this database's roles only, so an agent of one Bounce Desk database
cannot read another on the same server.

Grants are column-level and guard triggers (store/role_guards.py) check every change a group
role makes: no role but the owner (the importer) can change quarantine times or addresses,
rewrite decided requests, add other events or audit rows of other people's actions. The
server records the acting role (session_user) on audit rows and requests (migration 0003).
Give people login roles that are members: `CREATE ROLE jan LOGIN IN ROLE bouncedesk_agent`.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import exc, text
from sqlalchemy.engine import Connection, Engine

from desktop.domain.errors import ValidationError
from desktop.store.role_guards import guard_statements
from desktop.store.uow import translate_error

DEFAULT_DATABASE = "bouncedesk"
AGENT = "bouncedesk_agent"  # the roles of the database called "bouncedesk"
APPROVER = "bouncedesk_approver"
_NAME_ROOM = 63 - len("_approver")  # PostgreSQL names are at most 63 bytes


def role_names(database: str) -> tuple[str, str]:
    """The (agent, approver) group roles of the database called `database`."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())
    if len(base) > _NAME_ROOM:
        digest = hashlib.sha1(database.encode(), usedforsecurity=False).hexdigest()[:8]
        base = f"{base[: _NAME_ROOM - 9]}_{digest}"
    return f"{base}_agent", f"{base}_approver"


def _grants(database: str, agent: str, approver: str) -> tuple[str, ...]:
    db = _quoted(database)
    return (
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {db} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {db} TO {agent}",
        f"GRANT USAGE ON SCHEMA public TO {agent}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {agent}",
        # Column-level: the id, the server-set role columns and the decision are not the
        # agent's to write; the guard triggers check the values.
        f"GRANT INSERT (quarantine_id, state, requested_by, note, risk, risk_why, created_at,"
        f" decision_note)"
        f" ON release_requests TO {agent}",
        f"GRANT INSERT (at, actor, action, subject, before, after) ON audit_log TO {agent}",
        f"GRANT USAGE ON SEQUENCE release_requests_id_seq, audit_log_id_seq TO {agent}",
        f"GRANT UPDATE (expired_at) ON quarantines TO {agent}",
        f"GRANT UPDATE (soft_run, soft_event_ids, updated_at) ON address_states TO {agent}",
        f"GRANT UPDATE (state, decided_by, decided_at, decision_note) ON release_requests"
        f" TO {approver}",
        f"GRANT UPDATE (released_at) ON quarantines TO {approver}",
        f"GRANT INSERT (message_id, type, at, diagnostic, source) ON events TO {approver}",
        f"GRANT USAGE ON SEQUENCE events_id_seq TO {approver}",
        f"GRANT INSERT (address, soft_run, soft_event_ids, updated_at) ON address_states"
        f" TO {approver}",
    )


def _revokes(agent: str, approver: str) -> tuple[str, ...]:
    """What earlier versions granted more widely, taken back before the grants above."""
    return tuple(
        statement
        for who in ("PUBLIC", agent, approver)
        for statement in (
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM {who}",
        )
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


def _create_if_missing(connection: Connection, role: str) -> None:
    # Two migrations running at once may both find the role missing; the loser's error is
    # swallowed inside the block so its transaction carries on.
    connection.execute(
        text(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} NOLOGIN; END IF; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
            "END $$"
        )
    )


def create_roles(engine: Engine) -> tuple[str, str]:
    """Create (if missing) this database's agent and approver roles, grant and guard them."""
    if engine.dialect.name != "postgresql":
        raise ValidationError(
            "Roles exist only on a shared PostgreSQL database; a local file has one user."
        )
    try:
        return _grant(engine)
    except exc.ProgrammingError as error:
        raise translate_error(error) from error


def _grant(engine: Engine) -> tuple[str, str]:
    with engine.begin() as connection:
        database = str(connection.scalar(text("SELECT current_database()")))
        agent, approver = role_names(database)
        for role in (agent, approver):
            _create_if_missing(connection, role)
        if not _is_member(connection, agent, approver):
            connection.execute(text(f"GRANT {agent} TO {approver}"))
        for statement in (
            *_revokes(agent, approver),
            *_grants(database, agent, approver),
            *guard_statements(agent, approver),
        ):
            connection.execute(text(statement))
    return agent, approver
