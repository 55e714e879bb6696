"""Event roll-up: hourly counts per account, receiving domain, event type and reason.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

# Each key column as SQL over events e joined with their messages m, per engine.
_SQL = {
    "sqlite": {
        "hour": "substr(e.at, 1, 13) || ':00:00.000000'",
        "day": "substr(e.at, 1, 10) || ' 00:00:00.000000'",
    },
    "postgresql": {"hour": "date_trunc('hour', e.at)", "day": "date_trunc('day', e.at)"},
}
_COMMON = {
    "account_id": "m.account_id",
    "domain": "m.recipient_domain",
    "type": "e.type",
    "reason": "COALESCE(e.reason, '')",
}
# The full roll-up and three small ones for the Overview's common questions (store/rollup.py).
_TABLES = {
    "event_rollup": ("hour", "account_id", "domain", "type", "reason"),
    "event_rollup_hourly": ("hour", "type", "reason"),
    "event_rollup_domains": ("day", "domain", "type"),
    "event_rollup_accounts": ("day", "account_id", "type", "reason"),
}
_TYPES: dict[str, Any] = {
    "hour": UTCDateTime(),
    "day": UTCDateTime(),
    "account_id": sa.Integer(),
    "domain": sa.String(255),
    "type": sa.String(20),
    "reason": sa.String(30),
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, columns in _TABLES.items():
        op.create_table(
            table,
            *(sa.Column(name, _TYPES[name], nullable=False) for name in columns),
            sa.Column("n", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint(*columns),
        )
        # An existing database gets its counts now; `bouncedesk stats --rebuild` redoes this.
        parts = [_SQL[dialect].get(name) or _COMMON[name] for name in columns]
        groups = ", ".join(str(i + 1) for i in range(len(columns)))
        op.execute(
            f"INSERT INTO {table} ({', '.join(columns)}, n) SELECT {', '.join(parts)}, COUNT(*) "
            f"FROM events e JOIN messages m ON m.id = e.message_id GROUP BY {groups}"
        )
    # Questions about one domain or one account read the full roll-up through these.
    op.create_index("ix_event_rollup_domain", "event_rollup", ["domain", "hour"])
    op.create_index("ix_event_rollup_account", "event_rollup", ["account_id", "hour"])
    # The Overview counts today's new quarantines through 0008's ix_quarantines_started.
    if dialect == "postgresql":
        # New events wake the Overview of every agent: one notification per statement.
        op.execute(
            "CREATE TRIGGER event_rollup_notify AFTER INSERT OR UPDATE ON event_rollup "
            "FOR EACH STATEMENT EXECUTE FUNCTION bouncedesk_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_rollup_notify ON event_rollup")
    for table in _TABLES:
        op.drop_table(table)
