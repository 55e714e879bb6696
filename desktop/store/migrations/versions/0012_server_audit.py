"""The audit log is written by the database only (PostgreSQL): triggers and one function.

Release requests (filed, approved, rejected, applied) and expiries are audited by triggers;
everything else through the SECURITY DEFINER function bouncedesk_audit. The server sets the
time, the role and, for the triggers, the action. Four eyes holds in the database. When the
roles exist already (`migrate --roles` was run), they are granted anew in the same transaction:
INSERT on audit_log is taken back, the guard sets times itself and checks settings keys.
SQLite has no roles: nothing changes there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.audit_sql import audit_statements, drop_statements
from desktop.store.roles import grant_existing, role_names

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    database = str(bind.scalar(sa.text("SELECT current_database()")))
    for statement in audit_statements(role_names(database).approver):
        bind.execute(sa.text(statement))
    grant_existing(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in drop_statements():
        bind.execute(sa.text(statement))
    # The roles keep 0012's grants until `migrate --roles` of the older version runs.
