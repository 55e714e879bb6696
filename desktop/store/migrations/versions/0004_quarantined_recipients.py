"""The view an MTA reads: every address quarantined now, with its Postfix access-map answer.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

# "Now" is read by the view itself, so a quarantine whose ends_at has passed drops out at
# that moment, before any `bouncedesk expire` records it. Times are stored as naive UTC:
# PostgreSQL compares with now() taken in UTC; SQLite stores text ("YYYY-MM-DD HH:MM:SS.ffffff")
# that sorts like the time, so it compares with the current time in the same text shape.
_NOW = {
    "postgresql": "(now() AT TIME ZONE 'UTC')",
    "sqlite": "strftime('%Y-%m-%d %H:%M:%f', 'now')",
}
_UNTIL = {
    "postgresql": "to_char({col}, 'YYYY-MM-DD HH24:MI')",
    "sqlite": "strftime('%Y-%m-%d %H:%M', {col})",
}


def view_sql(dialect: str) -> str:
    """One row per address: of its quarantines in force, the one that lasts longest decides."""
    now = _NOW[dialect]
    until = _UNTIL[dialect].format(col="q.ends_at")
    in_force = "{t}.released_at IS NULL AND {t}.started_at <= {now} AND {t}.ends_at > {now}"
    return f"""
    CREATE VIEW quarantined_recipients AS
    SELECT q.address AS address,
           'REJECT 5.7.1 <' || q.address || '> is quarantined (' || q.cause || ') until '
               || {until} || ' UTC' AS action
    FROM quarantines q
    WHERE {in_force.format(t="q", now=now)}
      AND q.id = (
        SELECT o.id FROM quarantines o
        WHERE o.address = q.address AND {in_force.format(t="o", now=now)}
        ORDER BY o.ends_at DESC, o.id DESC
        LIMIT 1
      )
    """


def upgrade() -> None:
    op.execute(view_sql(op.get_bind().dialect.name))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS quarantined_recipients")
