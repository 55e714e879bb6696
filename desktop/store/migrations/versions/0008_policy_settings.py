"""Notes in the audit log, and the index the paged quarantine list walks.

The quarantine policy itself lives in `db_settings` (keys `policy.*`), which needs no new
table; what people write beside a change or a decision gets its own audit column, so
`bouncedesk audit --json` shows it without reading the request rows. The quarantine list,
newest first, pages by (started_at, id) over every open quarantine: the index lets a page
seek to its cursor instead of sorting all of them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: no table rebuild, so the append-only triggers stay.
    op.execute("ALTER TABLE audit_log ADD COLUMN note TEXT")
    op.create_index("ix_quarantines_started", "quarantines", ["started_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_quarantines_started", table_name="quarantines")
    op.execute("ALTER TABLE audit_log DROP COLUMN note")  # SQLite 3.35+: no rebuild either
