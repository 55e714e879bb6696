"""Notes in the audit log, for policy changes and release decisions alike.

The quarantine policy itself lives in `db_settings` (keys `policy.*`), which needs no new
table; what people write beside a change or a decision gets its own audit column, so
`bouncedesk audit --json` shows it without reading the request rows.

Revision ID: 0008
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision: str = "0008"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: no table rebuild, so the append-only triggers stay.
    op.execute("ALTER TABLE audit_log ADD COLUMN note TEXT")


def downgrade() -> None:
    op.execute("ALTER TABLE audit_log DROP COLUMN note")  # SQLite 3.35+: no rebuild either
