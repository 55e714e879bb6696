"""Guard triggers: what the agent and approver roles may write, checked by PostgreSQL itself.

Grants decide which columns a role may write (store/roles.py); these triggers decide which
values: an agent files pending requests and records expiries that are due; an approver moves
a pending request once and releases a quarantine now. Everything else a group role tries is
refused with SQLSTATE 42501 ("permission denied: ..."), which the unit of work reports as
PermissionDenied. The table owner (the importer) is not checked: the triggers fire only for
roles that are not members of the owner, so an import pays one cheap membership test a row.
"""

from __future__ import annotations

# Audit actions each role's services write (services/release.py, services/quarantine.py).
AGENT_ACTIONS = ("release_requested", "quarantine_expired")
APPROVER_ACTIONS = ("release_approved", "release_rejected", "release_applied")
# An approver's own bookkeeping, about no quarantine: the shared settings (services/policy.py,
# the approval mode, systemic thresholds) and the release outbox (services/release_targets.py,
# the sync worker of services/release_sync.py and reconcile.py).
OUTBOX_ACTIONS = (
    "release_target_retry",
    "release_target_given_up",
    "release_target_calling",
    "release_target_call",
    "release_targets_requeued",
)
APPROVER_BOOKKEEPING = (
    "setting_changed",
    "policy_changed",
    "release_target_alert",
    *OUTBOX_ACTIONS,
)
# How far a time a group role writes may be from the server's clock (clients' clocks drift).
SLACK = "interval '10 minutes'"
GUARDED = ("audit_log", "release_requests", "quarantines", "events", "address_states")


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _guard_function(approver: str) -> str:
    near_now = f"BETWEEN now() - {SLACK} AND now() + {SLACK}"
    return f"""
    CREATE OR REPLACE FUNCTION bouncedesk_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        is_approver boolean := pg_has_role(session_user, '{approver}', 'MEMBER');
        quarantine bigint;
        why text;
    BEGIN
        IF TG_TABLE_NAME = 'audit_log' THEN
            quarantine := substring(NEW.subject from '^quarantine ([0-9]{{1,18}}) ')::bigint;
            IF NOT (NEW.action IN ({_list(AGENT_ACTIONS)})
                    OR (is_approver AND NEW.action IN ({_list(APPROVER_ACTIONS)}))
                    OR (is_approver AND NEW.action IN ({_list(APPROVER_BOOKKEEPING)}))) THEN
                why := 'your role may not record ' || quote_literal(NEW.action);
            ELSIF NEW.at IS NULL OR NOT NEW.at {near_now} THEN
                why := 'audit rows are written at the time they happen';
            -- The approver's own changes, about no quarantine: each row must go with a change
            -- this transaction made (xmin is the writing transaction of a row version).
            ELSIF NEW.action = 'setting_changed' AND NOT EXISTS (
                    SELECT 1 FROM db_settings s WHERE s.key = NEW.subject
                    AND s.xmin = pg_current_xact_id()::xid) THEN
                why := 'you changed no such setting';
            ELSIF NEW.action = 'policy_changed' AND NOT EXISTS (
                    SELECT 1 FROM db_settings s WHERE s.key LIKE 'policy.%'
                    AND s.xmin = pg_current_xact_id()::xid) THEN
                why := 'you changed no quarantine policy';
            ELSIF NEW.action = 'release_target_alert' AND NOT EXISTS (
                    SELECT 1 FROM release_outbox o WHERE o.target = NEW.subject
                    AND o.state = 'stopped') THEN
                why := 'no release target of that name is stopped';
            ELSIF NEW.action IN ({_list(OUTBOX_ACTIONS)}) AND NOT EXISTS (
                    SELECT 1 FROM release_outbox o WHERE o.xmin = pg_current_xact_id()::xid) THEN
                why := 'you changed no release target row';
            ELSIF NEW.action IN ({_list(APPROVER_BOOKKEEPING)}) THEN
                NULL;
            ELSIF quarantine IS NULL THEN
                why := 'an audit row names the quarantine it is about';
            -- Each row must describe a change this login made, as the server recorded it.
            ELSIF NEW.action = 'release_requested' AND NOT EXISTS (
                    SELECT 1 FROM release_requests r WHERE r.quarantine_id = quarantine
                    AND r.requested_role = session_user AND r.created_at {near_now}) THEN
                why := 'no release request of yours for that quarantine';
            ELSIF NEW.action IN ('release_approved', 'release_applied') AND NOT EXISTS (
                    SELECT 1 FROM release_requests r WHERE r.quarantine_id = quarantine
                    AND r.decided_role = session_user AND r.state IN ('approved', 'applied')
                    AND r.decided_at {near_now}) THEN
                why := 'you approved no release request for that quarantine';
            ELSIF NEW.action = 'release_rejected' AND NOT EXISTS (
                    SELECT 1 FROM release_requests r WHERE r.quarantine_id = quarantine
                    AND r.decided_role = session_user AND r.state = 'rejected'
                    AND r.decided_at {near_now}) THEN
                why := 'you rejected no release request for that quarantine';
            ELSIF NEW.action = 'quarantine_expired' AND NOT EXISTS (
                    SELECT 1 FROM quarantines q WHERE q.id = quarantine
                    AND q.expired_at IS NOT NULL) THEN
                why := 'that quarantine is not recorded as expired';
            END IF;
        ELSIF TG_TABLE_NAME = 'release_requests' AND TG_OP = 'INSERT' THEN
            IF NEW.state <> 'pending' OR NEW.decided_by IS NOT NULL OR NEW.decision_note <> ''
                    OR NEW.decided_at IS NOT NULL THEN
                why := 'a new release request is pending, undecided';
            ELSIF NOT NEW.created_at {near_now} THEN
                why := 'a release request is filed now';
            END IF;
        ELSIF TG_TABLE_NAME = 'release_requests' THEN
            IF NOT is_approver THEN
                why := 'only an approver decides release requests';
            ELSIF NOT ((OLD.state = 'pending' AND NEW.state IN ('approved', 'rejected'))
                       OR (OLD.state = 'approved' AND NEW.state = 'applied')) THEN
                why := 'a decided release request cannot be changed';
            ELSIF OLD.state = 'approved' AND (NEW.decided_by, NEW.decided_at, NEW.decision_note)
                    IS DISTINCT FROM (OLD.decided_by, OLD.decided_at, OLD.decision_note) THEN
                why := 'a decision cannot be rewritten';
            ELSIF OLD.state = 'pending' AND NOT NEW.decided_at {near_now} THEN
                why := 'a decision is made now';
            END IF;
        ELSIF TG_TABLE_NAME = 'quarantines' THEN
            IF NEW.expired_at IS DISTINCT FROM OLD.expired_at AND (
                    OLD.expired_at IS NOT NULL OR OLD.released_at IS NOT NULL
                    OR NEW.expired_at IS DISTINCT FROM OLD.ends_at
                    OR OLD.ends_at > now() + {SLACK}) THEN
                why := 'only a quarantine that ran out is recorded as expired, at its end';
            ELSIF NEW.released_at IS DISTINCT FROM OLD.released_at AND (
                    NOT is_approver OR OLD.released_at IS NOT NULL OR NEW.released_at IS NULL
                    OR NOT NEW.released_at {near_now}) THEN
                why := 'only an approver releases a quarantine, once, now';
            END IF;
        ELSIF TG_TABLE_NAME = 'events' THEN
            IF NEW.type <> 'released' OR NOT NEW.at {near_now} THEN
                why := 'your role adds only the RELEASED event of a release, now';
            END IF;
        ELSIF TG_TABLE_NAME = 'address_states' THEN
            IF NEW.soft_run <> 0 OR NEW.soft_event_ids <> '' THEN
                why := 'your role may only empty a soft-bounce run';
            ELSIF NOT EXISTS (SELECT 1 FROM quarantines q WHERE q.address = NEW.address
                              AND (q.expired_at IS NOT NULL OR q.released_at IS NOT NULL)) THEN
                why := 'a soft-bounce run is emptied only when a quarantine of it ended';
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
    for table in GUARDED:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
        statements.append(
            "DO $$ BEGIN EXECUTE format("
            f"'CREATE TRIGGER {table}_guard BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW"
            " WHEN (NOT pg_has_role(session_user, %L, ''MEMBER''))"
            f" EXECUTE FUNCTION bouncedesk_guard()', {owner}); END $$"
        )
    return tuple(statements)
