"""Guard triggers: what the agent and approver roles may write, checked by PostgreSQL itself.

Grants decide which columns a role may write (store/roles.py); these triggers decide which
values: an agent files pending requests and records expiries that are due; an approver moves
a pending request once, releases a quarantine only by approving a request in the same
transaction, and writes only the documented settings. The times of these writes are the
server's clock (now(), overwriting what a client sent: no tolerance for drifting clocks).
Everything else a group role tries is refused with SQLSTATE 42501 ("permission denied: ..."),
which the unit of work reports as PermissionDenied. The table owner (the importer) is not
checked: the triggers fire only for roles that are not members of the owner, so an import pays
one cheap membership test a row. Audit rows are not here: no role may write them
(store/audit_sql.py)."""

from __future__ import annotations

from desktop.store.audit_sql import APPROVER_SETTINGS

# Tables whose group-role writes the guard checks (audit_log has no grant at all: its rows
# come from store/audit_sql.py).
GUARDED = ("release_requests", "quarantines", "events", "address_states", "db_settings")
_NOW = "(now() AT TIME ZONE 'UTC')"  # the server's clock; the columns hold naive UTC
# A release of this session's, approved in this transaction (the audited path to a release).
_APPROVED_HERE = """EXISTS (SELECT 1 FROM release_requests r WHERE r.state = 'approved'
                    AND r.decided_role = session_user AND r.xmin = pg_current_xact_id()::xid"""


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _guard_function(approver: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION bouncedesk_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
    DECLARE
        is_approver boolean := coalesce(pg_has_role(session_user,
            (SELECT r.oid FROM pg_roles r WHERE r.rolname = '{approver}'), 'MEMBER'), false);
        why text;
    BEGIN
        -- Times are the server's: what a client sends for them is overwritten, not trusted.
        IF TG_TABLE_NAME = 'release_requests' AND TG_OP = 'INSERT' THEN
            IF NEW.state <> 'pending' OR NEW.decided_by IS NOT NULL OR NEW.decision_note <> ''
                    OR NEW.decided_at IS NOT NULL THEN
                why := 'a new release request is pending, undecided';
            END IF;
            NEW.created_at := {_NOW};
        ELSIF TG_TABLE_NAME = 'release_requests' THEN
            IF NOT is_approver THEN
                why := 'only an approver decides release requests';
            ELSIF NOT ((OLD.state = 'pending' AND NEW.state IN ('approved', 'rejected'))
                       OR (OLD.state = 'approved' AND NEW.state = 'applied')) THEN
                why := 'a decided release request cannot be changed';
            ELSIF OLD.state = 'approved' AND (NEW.decided_by, NEW.decided_at, NEW.decision_note)
                    IS DISTINCT FROM (OLD.decided_by, OLD.decided_at, OLD.decision_note) THEN
                why := 'a decision cannot be rewritten';
            ELSIF OLD.state = 'pending' THEN
                NEW.decided_at := {_NOW};
            END IF;
        ELSIF TG_TABLE_NAME = 'quarantines' THEN
            IF NEW.expired_at IS DISTINCT FROM OLD.expired_at AND (
                    OLD.expired_at IS NOT NULL OR OLD.released_at IS NOT NULL
                    OR NEW.expired_at IS DISTINCT FROM OLD.ends_at OR OLD.ends_at > {_NOW}) THEN
                why := 'only a quarantine that ran out is recorded as expired, at its end';
            ELSIF NEW.released_at IS DISTINCT FROM OLD.released_at THEN
                IF NOT is_approver OR OLD.released_at IS NOT NULL OR NEW.released_at IS NULL
                        OR NOT {_APPROVED_HERE} AND r.quarantine_id = NEW.id) THEN
                    why := 'a quarantine is released once, by approving a release request';
                END IF;
                NEW.released_at := {_NOW};
            END IF;
        ELSIF TG_TABLE_NAME = 'events' THEN
            IF NEW.type <> 'released' OR NOT {_APPROVED_HERE}) THEN
                why := 'your role adds only the RELEASED event of a release it approved';
            END IF;
            NEW.at := {_NOW};
        ELSIF TG_TABLE_NAME = 'address_states' THEN
            IF NEW.soft_run <> 0 OR NEW.soft_event_ids <> '' THEN
                why := 'your role may only empty a soft-bounce run';
            ELSIF NOT EXISTS (SELECT 1 FROM quarantines q WHERE q.address = NEW.address
                              AND (q.expired_at IS NOT NULL OR q.released_at IS NOT NULL)) THEN
                why := 'a soft-bounce run is emptied only when a quarantine of it ended';
            END IF;
            NEW.updated_at := {_NOW};
        ELSIF TG_TABLE_NAME = 'db_settings' THEN
            IF NOT is_approver OR NEW.key NOT IN ({_list(APPROVER_SETTINGS)})
                    OR (TG_OP = 'UPDATE' AND NEW.key <> OLD.key) THEN
                why := 'your role may not write the setting ' || quote_literal(NEW.key);
            END IF;
        END IF;
        IF why IS NOT NULL THEN
            RAISE EXCEPTION 'permission denied: %', why USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$
    """


def guard_statements(agent: str, approver: str) -> tuple[str, ...]:
    """SQL that (re)creates the guard function and its triggers for these roles."""
    del agent  # every non-owner is checked; the agent's grants are its limit already
    owner = (
        "(SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.quarantines'"
        "::regclass)"
    )
    statements = [_guard_function(approver)]
    # Before migration 0012 the guard also checked audit rows group roles inserted.
    statements.append("DROP TRIGGER IF EXISTS audit_log_guard ON audit_log")
    for table in GUARDED:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
        statements.append(
            "DO $$ BEGIN EXECUTE format("
            f"'CREATE TRIGGER {table}_guard BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW"
            " WHEN (NOT pg_has_role(session_user, %L, ''MEMBER''))"
            f" EXECUTE FUNCTION bouncedesk_guard()', {owner}); END $$"
        )
    return tuple(statements)
