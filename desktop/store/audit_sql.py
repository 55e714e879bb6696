"""PostgreSQL writes its audit log itself: triggers on the workflow tables and one function.

No login role may INSERT, UPDATE or DELETE audit rows (store/roles.py grants none). Rows come:
- from triggers: a release request filed, approved, rejected or applied (release_requests),
  and a quarantine recorded as run out, by `expire`, a refresh or an import that replaced it
  (quarantines.expired_at); the action is the change itself, the display name the one the
  row carries (requested_by, decided_by; "system" for expiries);
- from `bouncedesk_audit(action, actor, subject, before, after, note)`, for what the server
  cannot describe by itself (a setting's old value, the policy in words, an import's counts).
  It takes only actions the caller's role may record and that a change of this same
  transaction backs; the owner (imports, purge, forget, live commits) may record any.
Either way the server sets the time (now()) and the role (session_user, stamped by migration
0003's trigger); the client gives only the display name and a note. Every function here runs
with its owner's rights (SECURITY DEFINER) and a pinned search_path, and PUBLIC may not call it.

`HISTORY_LOAD` is for the demo generator only: as the owner it writes made-up history with its
own audit rows, so the request trigger stays quiet while it is set (and only for the owner).
"""

from __future__ import annotations

# Audit actions the triggers write: the store never sends them on PostgreSQL (store/audit.py).
TRIGGER_ACTIONS = frozenset(
    {
        "release_requested",
        "release_approved",
        "release_rejected",
        "release_applied",
        "quarantine_expired",
    }
)
HISTORY_LOAD = "bouncedesk.history_load"  # a transaction-local setting, honoured for the owner
# The settings an approver may write, and which audit action each change must come with.
# They are defined in services/release.py (approval_mode), services/policy.py (policy.*),
# domain/retention.py (retention_days), services/systemic.py (systemic_*) and
# services/release_targets.py (release_targets: which targets exist, not audited); a test
# keeps this list equal to those constants.
APPROVER_SETTINGS = (
    "approval_mode",
    "policy.soft_bounce_limit",
    "policy.quarantine_seconds",
    "policy.quarantine_on_spam",
    "retention_days",
    "systemic_window_minutes",
    "systemic_min_addresses",
    "systemic_min_share",
    "release_targets",
)
UNAUDITED_SETTINGS = ("release_targets",)
# The approver's bookkeeping on the release outbox (services/release_targets.py,
# release_sync.py, reconcile.py): each goes with an outbox row this transaction changed.
OUTBOX_ACTIONS = (
    "release_target_retry",
    "release_target_given_up",
    "release_target_calling",
    "release_target_call",
    "release_targets_requeued",
)
FOUR_EYES = (
    "permission denied: four eyes: whoever asked for a release cannot approve it;"
    " another approver must"
)
AUDIT_FUNCTION = "bouncedesk_audit(text, text, text, text, text, text)"
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"
_NOW = "(now() AT TIME ZONE 'UTC')"  # the columns hold naive UTC (store/types.py)
_OWNER = "(SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = 'public.audit_log'::regclass)"


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


_REQUEST_TRIGGER = f"""
    CREATE OR REPLACE FUNCTION bouncedesk_audit_request() RETURNS trigger
    LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        subject text;
        released boolean;
    BEGIN
        IF current_setting('{HISTORY_LOAD}', true) = 'on'
                AND pg_has_role(session_user, {_OWNER}, 'MEMBER') THEN
            RETURN NULL;  -- the demo's made-up history carries its own audit rows
        END IF;
        subject := 'quarantine ' || NEW.quarantine_id || ' (' || coalesce((SELECT q.address
            FROM public.quarantines q WHERE q.id = NEW.quarantine_id), '?') || ')';
        IF TG_OP = 'INSERT' THEN
            INSERT INTO public.audit_log (at, actor, action, subject, before, after, note)
            VALUES ({_NOW}, NEW.requested_by, 'release_requested', subject, NULL, NEW.state,
                    NULLIF(NEW.note, ''));
        ELSIF OLD.state = 'pending' AND NEW.state IN ('approved', 'rejected') THEN
            INSERT INTO public.audit_log (at, actor, action, subject, before, after, note)
            VALUES ({_NOW}, NEW.decided_by, 'release_' || NEW.state, subject, 'pending',
                    NEW.state, NULLIF(NEW.decision_note, ''));
        ELSIF OLD.state = 'approved' AND NEW.state = 'applied' THEN
            -- Whether this transaction ended the quarantine, or it had ended already.
            released := EXISTS (SELECT 1 FROM public.quarantines q WHERE q.id = NEW.quarantine_id
                AND q.released_at IS NOT NULL AND q.xmin = pg_current_xact_id()::xid);
            INSERT INTO public.audit_log (at, actor, action, subject, before, after)
            VALUES ({_NOW}, NEW.decided_by, 'release_applied', subject,
                    CASE WHEN released THEN 'quarantined' ELSE 'ended' END, 'released');
        END IF;
        RETURN NULL;
    END $$
"""

_EXPIRY_TRIGGER = f"""
    CREATE OR REPLACE FUNCTION bouncedesk_audit_expiry() RETURNS trigger
    LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
        INSERT INTO public.audit_log (at, actor, action, subject, before, after)
        VALUES ({_NOW}, 'system', 'quarantine_expired',
                'quarantine ' || NEW.id || ' (' || NEW.address || ')', 'quarantined',
                'ended ' || to_char(NEW.ends_at, 'YYYY-MM-DD"T"HH24:MI:SS') || '+00:00');
        RETURN NULL;
    END $$
"""

# Four eyes (#17): in approver mode nobody approves a request they filed themselves, checked
# for every role: the same login and the same display name (case and outer spaces aside).
_FOUR_EYES_TRIGGER = f"""
    CREATE OR REPLACE FUNCTION bouncedesk_four_eyes() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
    BEGIN
        IF OLD.state = 'pending' AND NEW.state = 'approved'
                AND coalesce((SELECT s.value FROM public.db_settings s
                              WHERE s.key = 'approval_mode'), 'approver') = 'approver'
                AND OLD.requested_role = session_user
                AND lower(btrim(OLD.requested_by)) = lower(btrim(NEW.decided_by)) THEN
            RAISE EXCEPTION '{FOUR_EYES}' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$
"""

# A group role's settings change cannot commit without its audit row (checked at commit, as
# the service writes the setting first and then records it).
_SETTINGS_AUDITED = f"""
    CREATE OR REPLACE FUNCTION bouncedesk_settings_audited() RETURNS trigger
    LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
        IF NEW.key IN ({_list(UNAUDITED_SETTINGS)}) THEN
            RETURN NULL;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM public.audit_log a
                WHERE a.xmin = pg_current_xact_id()::xid AND a.db_role = session_user
                AND ((NEW.key LIKE 'policy.%' AND a.action = 'policy_changed')
                     OR (a.action = 'setting_changed' AND a.subject = NEW.key))) THEN
            RAISE EXCEPTION 'permission denied: a change of the setting % is recorded in the audit'
                ' log (use Bounce Desk)', quote_literal(NEW.key)
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
    END $$
"""


def _audit_function(approver: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION bouncedesk_audit(p_action text, p_actor text, p_subject text,
        p_before text, p_after text, p_note text) RETURNS void
    LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        is_owner boolean := pg_has_role(session_user, {_OWNER}, 'MEMBER');
        is_approver boolean := coalesce(pg_has_role(session_user,
            (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = '{approver}'), 'MEMBER'),
            false);
        why text;
    BEGIN
        IF p_action IS NULL OR p_actor IS NULL OR p_subject IS NULL THEN
            why := 'an audit row names its action, actor and subject';
        ELSIF p_action IN ({_list(tuple(sorted(TRIGGER_ACTIONS)))}) THEN
            why := 'the database records ' || quote_literal(p_action) || ' itself';
        ELSIF is_owner THEN
            NULL;  -- the owner (imports, purge, forget, live commits) records its own work
        ELSIF NOT is_approver THEN
            why := 'your role may not record ' || quote_literal(p_action);
        ELSIF p_action = 'setting_changed' AND NOT EXISTS (
                SELECT 1 FROM public.db_settings s WHERE s.key = p_subject
                AND s.key IN ({_list(APPROVER_SETTINGS)})
                AND s.value IS NOT DISTINCT FROM p_after
                AND s.xmin = pg_current_xact_id()::xid) THEN
            why := 'you changed no such setting to that value';
        ELSIF p_action = 'policy_changed' AND NOT EXISTS (
                SELECT 1 FROM public.db_settings s WHERE s.key LIKE 'policy.%'
                AND s.xmin = pg_current_xact_id()::xid) THEN
            why := 'you changed no quarantine policy';
        ELSIF p_action = 'release_target_alert' AND NOT EXISTS (
                SELECT 1 FROM public.release_outbox o WHERE o.target = p_subject
                AND o.state = 'stopped') THEN
            why := 'no release target of that name is stopped';
        ELSIF p_action IN ({_list(OUTBOX_ACTIONS)}) AND NOT EXISTS (
                SELECT 1 FROM public.release_outbox o
                WHERE o.xmin = pg_current_xact_id()::xid) THEN
            why := 'you changed no release target row';
        ELSIF p_action NOT IN ('setting_changed', 'policy_changed', 'release_target_alert',
                               {_list(OUTBOX_ACTIONS)}) THEN
            why := 'your role may not record ' || quote_literal(p_action);
        END IF;
        IF why IS NOT NULL THEN
            RAISE EXCEPTION 'permission denied: %', why USING ERRCODE = 'insufficient_privilege';
        END IF;
        INSERT INTO public.audit_log (at, actor, action, subject, before, after, note)
        VALUES ({_NOW}, p_actor, p_action, p_subject, p_before, p_after, NULLIF(p_note, ''));
    END $$
    """


_FUNCTIONS = (
    "bouncedesk_audit_request()",
    "bouncedesk_audit_expiry()",
    "bouncedesk_four_eyes()",
    "bouncedesk_settings_audited()",
    AUDIT_FUNCTION,
)
_TRIGGERS = (
    ("release_requests_audit", "release_requests"),
    ("quarantines_audit_expiry", "quarantines"),
    ("release_requests_four_eyes", "release_requests"),
    ("db_settings_audited", "db_settings"),
)


def audit_statements(approver: str) -> tuple[str, ...]:
    """SQL that (re)creates the audit triggers and function; the owner of the tables owns them."""
    statements = [
        _REQUEST_TRIGGER,
        _EXPIRY_TRIGGER,
        _FOUR_EYES_TRIGGER,
        _SETTINGS_AUDITED,
        _audit_function(approver),
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in _TRIGGERS),
        "CREATE TRIGGER release_requests_audit AFTER INSERT OR UPDATE OF state"
        " ON release_requests FOR EACH ROW EXECUTE FUNCTION bouncedesk_audit_request()",
        "CREATE TRIGGER quarantines_audit_expiry AFTER UPDATE OF expired_at ON quarantines"
        " FOR EACH ROW WHEN (OLD.expired_at IS NULL AND NEW.expired_at IS NOT NULL)"
        " EXECUTE FUNCTION bouncedesk_audit_expiry()",
        "CREATE TRIGGER release_requests_four_eyes BEFORE UPDATE OF state ON release_requests"
        " FOR EACH ROW EXECUTE FUNCTION bouncedesk_four_eyes()",
        # Deferred to the commit: the service records the change after writing it.
        "DO $$ BEGIN EXECUTE format('CREATE CONSTRAINT TRIGGER db_settings_audited"
        " AFTER INSERT OR UPDATE ON db_settings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
        " WHEN (NOT pg_has_role(session_user, %L, ''MEMBER''))"
        " EXECUTE FUNCTION bouncedesk_settings_audited()',"
        " (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.audit_log'"
        "::regclass)); END $$",
    ]
    for function in _FUNCTIONS:
        statements.append(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        # Run by a superuser (`migrate --roles`), a new function would be the superuser's.
        statements.append(
            "DO $$ BEGIN EXECUTE format('ALTER FUNCTION "
            + function
            + " OWNER TO %I', (SELECT pg_get_userbyid(relowner) FROM pg_class"
            " WHERE oid = 'public.audit_log'::regclass)); END $$"
        )
    return tuple(statements)


def drop_statements() -> tuple[str, ...]:
    """SQL that removes what `audit_statements` made (the migration's downgrade)."""
    return (
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in _TRIGGERS),
        *(f"DROP FUNCTION IF EXISTS {function}" for function in _FUNCTIONS),
    )
