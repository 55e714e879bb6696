"""PostgreSQL group roles that enforce who may do what, whatever a client does.

`bouncedesk_agent` reads everything and may file release requests (and write their audit
rows); `bouncedesk_approver` may also decide requests, end quarantines and add the RELEASED
event. Nobody may change or delete audit rows: the roles are not granted it, and a trigger
(migration 0002) refuses it even to the table's owner.

Roles belong to the whole server, not one database, so they are created only when missing;
the grants are per database and are renewed each time (run it again after a migration).
Give people login roles that are members: `CREATE ROLE jan LOGIN IN ROLE bouncedesk_agent`.
"""

from __future__ import annotations

from sqlalchemy import exc, text
from sqlalchemy.engine import Connection, Engine

from desktop.domain.errors import ValidationError
from desktop.store.uow import translate_error

AGENT = "bouncedesk_agent"
APPROVER = "bouncedesk_approver"

# Expiry is bookkeeping every client does on refresh: it only sets the expiry marker (the
# quarantine's effect is governed by ends_at, which an agent cannot touch) and empties a stale
# soft-bounce run.
_AGENT_GRANTS = (
    f"GRANT USAGE ON SCHEMA public TO {AGENT}",
    f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {AGENT}",
    f"GRANT INSERT ON release_requests, audit_log TO {AGENT}",
    f"GRANT USAGE ON SEQUENCE release_requests_id_seq, audit_log_id_seq TO {AGENT}",
    f"GRANT UPDATE (expired_at) ON quarantines TO {AGENT}",
    f"GRANT UPDATE (soft_run, soft_event_ids, updated_at) ON address_states TO {AGENT}",
)
_APPROVER_GRANTS = (
    f"GRANT UPDATE ON release_requests, quarantines TO {APPROVER}",
    f"GRANT INSERT ON events TO {APPROVER}",
    f"GRANT USAGE ON SEQUENCE events_id_seq TO {APPROVER}",
    f"GRANT INSERT, UPDATE ON address_states TO {APPROVER}",
)
# The shared settings (the retention period among them) are the approvers' to set; agents
# only read them.
_SETTINGS_GRANTS = (f"GRANT INSERT, UPDATE ON db_settings TO {APPROVER}",)
# Membership is server-wide too: granted once, so parallel runs do not fight over it.
_IS_MEMBER = (
    "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
    f" JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = '{AGENT}' AND r.rolname = '{APPROVER}'"
)
_REVOKES = tuple(
    f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {who}"
    for who in ("PUBLIC", AGENT, APPROVER)
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
    """Create (if missing) the agent and approver group roles and grant them this database."""
    if engine.dialect.name != "postgresql":
        raise ValidationError(
            "Roles exist only on a shared PostgreSQL database; a local file has one user."
        )
    try:
        _grant(engine)
    except exc.ProgrammingError as error:
        raise translate_error(error) from error
    return AGENT, APPROVER


def _grant(engine: Engine) -> None:
    with engine.begin() as connection:
        for role in (AGENT, APPROVER):
            _create_if_missing(connection, role)
        if not connection.scalar(text(_IS_MEMBER)):
            connection.execute(text(f"GRANT {AGENT} TO {APPROVER}"))
        for statement in (*_AGENT_GRANTS, *_APPROVER_GRANTS, *_SETTINGS_GRANTS, *_REVOKES):
            connection.execute(text(statement))
