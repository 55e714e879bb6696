"""Live feeds: dead-lettered spool bodies counted per source, and Mailgun's seen tokens.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_sources") as table:
        table.add_column(
            sa.Column("dead_letters", sa.BigInteger(), nullable=False, server_default="0")
        )
    # A webhook's one-time token (Mailgun), saved in the transaction that stores its events:
    # a replay is refused after a restart too, and by every service sharing the database.
    op.create_table(
        "webhook_tokens",
        sa.Column("provider", sa.String(20), primary_key=True),
        sa.Column("token", sa.String(200), primary_key=True),
        sa.Column("signed_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_webhook_tokens_signed_at", "webhook_tokens", ["signed_at"])


def downgrade() -> None:
    op.drop_index("ix_webhook_tokens_signed_at", table_name="webhook_tokens")
    op.drop_table("webhook_tokens")
    with op.batch_alter_table("ingest_sources") as table:
        table.drop_column("dead_letters")
