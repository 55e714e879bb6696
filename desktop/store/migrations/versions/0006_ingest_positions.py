"""Ingest positions: where each live source (log follow, mailbox) stopped, saved with its events.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "ingest_positions",
        # The source's configured name: one row per followed log or watched mailbox.
        sa.Column("source", sa.String(200), primary_key=True),
        # Which file (device:inode plus a fingerprint of its first bytes) or mailbox
        # (UIDVALIDITY) the offset belongs to; a different one means it was rotated or reset.
        sa.Column("identity", sa.String(200), nullable=False, server_default=""),
        sa.Column("offset", sa.BigInteger(), nullable=False, server_default="0"),
        # The reader's half-assembled state (JSON), valid exactly at `offset`.
        sa.Column("state", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_positions")
