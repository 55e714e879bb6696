"""Ingest sources: the freshness of each live source (webhook, log follow, mailbox).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "ingest_sources",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("last_event_at", UTCDateTime(), nullable=True),
        sa.Column("last_received_at", UTCDateTime(), nullable=True),
        sa.Column("day", sa.String(10), nullable=True),
        sa.Column("events_today", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("events_total", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_sources")
