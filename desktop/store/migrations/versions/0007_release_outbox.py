"""Release outbox: one row per release per provider target, written with the release itself.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "release_outbox",
        sa.Column("id", _ID, primary_key=True),
        sa.Column(
            "request_id",
            _ID,
            sa.ForeignKey("release_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("cause", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        # One row per request and target, whatever retries or races happen.
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        # A worker's claim: who holds the row and until when. A worker killed mid-call leaves
        # its claim behind; once the lease runs out another worker takes the row over.
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claim_until", UTCDateTime(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_release_outbox_due", "release_outbox", ["state", "next_attempt_at"])
    op.create_index("ix_release_outbox_request", "release_outbox", ["request_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_release_outbox_request", table_name="release_outbox")
    op.drop_index("ix_release_outbox_due", table_name="release_outbox")
    op.drop_table("release_outbox")
