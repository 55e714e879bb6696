"""Release workflow: expiry marker, append-only audit log, change notifications.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

# The message starts with "permission denied" so the unit of work reports it as a refusal
# for the user's role, whichever engine raised it.
APPEND_ONLY = "permission denied: the audit log is append-only"

_PG_FUNCTIONS = (
    f"""
    CREATE OR REPLACE FUNCTION bouncedesk_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
    # One notification per statement, carrying the table name: a bulk import of thousands
    # of rows wakes the other agents once, not thousands of times.
    """
    CREATE OR REPLACE FUNCTION bouncedesk_notify_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('bouncedesk_changes', TG_TABLE_NAME);
        RETURN NULL;
    END $$
    """,
)
_NOTIFY_TABLES = ("quarantines", "release_requests")


def upgrade() -> None:
    # Set once when `bouncedesk expire` (or a refresh) records that a quarantine ran out, so
    # every expiry is audited exactly once however many agents refresh at the same moment.
    op.add_column("quarantines", sa.Column("expired_at", UTCDateTime(), nullable=True))
    op.create_index("ix_release_requests_quarantine", "release_requests", ["quarantine_id", "id"])
    if op.get_bind().dialect.name == "sqlite":
        for name, verb in (("audit_log_no_update", "UPDATE"), ("audit_log_no_delete", "DELETE")):
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {verb} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
        return
    for statement in _PG_FUNCTIONS:
        op.execute(statement)
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log"
        " FOR EACH ROW EXECUTE FUNCTION bouncedesk_audit_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
        " FOR EACH STATEMENT EXECUTE FUNCTION bouncedesk_audit_append_only()"
    )
    for table in _NOTIFY_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION bouncedesk_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    else:
        for table in _NOTIFY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_notify ON {table}")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS bouncedesk_notify_change()")
        op.execute("DROP FUNCTION IF EXISTS bouncedesk_audit_append_only()")
    op.drop_index("ix_release_requests_quarantine", table_name="release_requests")
    op.drop_column("quarantines", "expired_at")
