"""Retention and erasure: cascades find their rows by index, and forgetting may redact audit rows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

_APPEND_ONLY = "permission denied: the audit log is append-only"

# While `bouncedesk forget` holds a row in audit_erasures (inserted and deleted inside its own
# transaction, so no one else ever sees it) an audit row's text may be rewritten to put a salted
# hash where the forgotten address was; its id, time, actor and action never change, and rows
# are never deleted. The roles are granted no UPDATE on audit_log at all.
_PG_GUARD = f"""
    CREATE OR REPLACE FUNCTION bouncedesk_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM audit_erasures)
           AND NEW.id = OLD.id AND NEW.at = OLD.at
           AND NEW.actor = OLD.actor AND NEW.action = OLD.action THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{_APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
    END $$
"""
_PG_GUARD_0002 = f"""
    CREATE OR REPLACE FUNCTION bouncedesk_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{_APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
    END $$
"""
_SQLITE_GUARD = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "WHEN NOT EXISTS (SELECT 1 FROM audit_erasures) OR NEW.id IS NOT OLD.id "
    "OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action "
    f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
)
_SQLITE_GUARD_0002 = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
)


def upgrade() -> None:
    # Deleting events (purge, forget) cascades to quarantine_events by event id; without this
    # index every deleted event scans the whole table.
    op.create_index("ix_quarantine_events_event", "quarantine_events", ["event_id"])
    op.create_table("audit_erasures", sa.Column("id", sa.Integer(), primary_key=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute(_SQLITE_GUARD)
    else:
        op.execute(_PG_GUARD)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute(_SQLITE_GUARD_0002)
    else:
        op.execute(_PG_GUARD_0002)
    op.drop_table("audit_erasures")
    op.drop_index("ix_quarantine_events_event", "quarantine_events")
