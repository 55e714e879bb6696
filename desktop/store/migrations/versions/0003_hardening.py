"""Hardening: one open quarantine per address (duplicates merged first); who acted, by role.

On PostgreSQL every audit row and every release request records the database role that
wrote or decided it (session_user), filled in by a trigger whatever the client sends.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

OPEN = "released_at IS NULL AND expired_at IS NULL"
ONE_OPEN_INDEX = "uq_quarantines_one_open"

# Per address with several open quarantines: the one ending last is kept and widened to start
# with the earliest; the others' cause events are linked to it and they are closed at their
# own end, as `expire` records it. Plain SQL both engines run alike.
_KEEP = f"""
    SELECT q.id FROM quarantines q
    WHERE q.{OPEN.replace(" AND ", " AND q.")}
      AND q.id = (
        SELECT o.id FROM quarantines o
        WHERE o.address = q.address AND o.{OPEN.replace(" AND ", " AND o.")}
        ORDER BY o.ends_at DESC, o.id DESC LIMIT 1)
      AND EXISTS (
        SELECT 1 FROM quarantines d
        WHERE d.address = q.address AND d.id <> q.id AND d.{OPEN.replace(" AND ", " AND d.")})
"""


def _merge_duplicates() -> None:
    bind = op.get_bind()
    keep = [int(row[0]) for row in bind.execute(sa.text(_KEEP))]
    for kept in keep:
        params = {"kept": kept}
        dupes = sa.text(
            "SELECT d.id FROM quarantines d, quarantines k WHERE k.id = :kept"
            f" AND d.address = k.address AND d.id <> k.id AND d.{OPEN.replace(' AND ', ' AND d.')}"
        )
        others = [int(row[0]) for row in bind.execute(dupes, params)]
        bind.execute(
            sa.text(
                "UPDATE quarantines SET started_at = (SELECT MIN(o.started_at) FROM quarantines o"
                " WHERE o.address = quarantines.address"
                f" AND o.{OPEN.replace(' AND ', ' AND o.')}) WHERE id = :kept"
            ),
            params,
        )
        for other in others:
            bind.execute(
                sa.text(
                    "INSERT INTO quarantine_events (quarantine_id, event_id)"
                    " SELECT :kept, e.event_id FROM quarantine_events e"
                    " WHERE e.quarantine_id = :other AND NOT EXISTS (SELECT 1 FROM"
                    " quarantine_events x WHERE x.quarantine_id = :kept AND x.event_id = e.event_id)"
                ),
                {"kept": kept, "other": other},
            )
            bind.execute(
                sa.text("UPDATE quarantines SET expired_at = ends_at WHERE id = :other"),
                {"other": other},
            )


# The database role behind a row, set by the server: a client cannot choose it.
_STAMP_FUNCTION = """
    CREATE OR REPLACE FUNCTION bouncedesk_stamp_role() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'audit_log' THEN
            NEW.db_role := session_user;
        ELSIF TG_OP = 'INSERT' THEN
            NEW.requested_role := session_user;
        ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
            NEW.decided_role := session_user;
        ELSE
            NEW.decided_role := OLD.decided_role;
        END IF;
        RETURN NEW;
    END $$
"""
_STAMPED = (
    ("audit_log", "db_role"),
    ("release_requests", "requested_role"),
    ("release_requests", "decided_role"),
)


def upgrade() -> None:
    _merge_duplicates()
    for table, column in _STAMPED:
        op.add_column(table, sa.Column(column, sa.String(63), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_STAMP_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_log_stamp_role BEFORE INSERT ON audit_log"
            " FOR EACH ROW EXECUTE FUNCTION bouncedesk_stamp_role()"
        )
        op.execute(
            "CREATE TRIGGER release_requests_stamp_role BEFORE INSERT OR UPDATE"
            " ON release_requests FOR EACH ROW EXECUTE FUNCTION bouncedesk_stamp_role()"
        )
    op.create_index(
        ONE_OPEN_INDEX,
        "quarantines",
        ["address"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_stamp_role ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS release_requests_stamp_role ON release_requests")
        op.execute("DROP FUNCTION IF EXISTS bouncedesk_stamp_role()")
    for table, column in _STAMPED:
        op.drop_column(table, column)
    op.drop_index(ONE_OPEN_INDEX, table_name="quarantines")
