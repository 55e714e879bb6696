"""Event roll-up: hourly counts per account, receiving domain, event type and reason.

Revision ID: 0010
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

# The hour an event falls in, as each engine stores times (SQLite: SQLAlchemy's text form).
_HOUR = {
    "sqlite": "substr(e.at, 1, 13) || ':00:00.000000'",
    "postgresql": "date_trunc('hour', e.at)",
}


def upgrade() -> None:
    op.create_table(
        "event_rollup",
        sa.Column("hour", UTCDateTime(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(255), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "account_id", "domain", "type", "reason"),
    )
    # The Overview counts today's new quarantines.
    op.create_index("ix_quarantines_started", "quarantines", ["started_at"])
    dialect = op.get_bind().dialect.name
    # An existing database gets its counts now; `bouncedesk stats --rebuild` redoes this.
    op.execute(
        "INSERT INTO event_rollup (hour, account_id, domain, type, reason, n) "
        f"SELECT {_HOUR[dialect]}, m.account_id, m.recipient_domain, e.type, "
        "COALESCE(e.reason, ''), COUNT(*) FROM events e JOIN messages m ON m.id = e.message_id "
        "GROUP BY 1, 2, 3, 4, 5"
    )
    if dialect == "postgresql":
        # New events wake the Overview of every agent: one notification per statement.
        op.execute(
            "CREATE TRIGGER event_rollup_notify AFTER INSERT OR UPDATE ON event_rollup "
            "FOR EACH STATEMENT EXECUTE FUNCTION bouncedesk_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_rollup_notify ON event_rollup")
    op.drop_index("ix_quarantines_started", "quarantines")
    op.drop_table("event_rollup")
