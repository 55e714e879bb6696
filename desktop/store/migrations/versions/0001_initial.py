"""Initial schema: accounts, messages, events, quarantines, release requests, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.types import UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "messages",
        sa.Column("id", Id, primary_key=True),
        sa.Column("message_id", sa.String(998), nullable=False),
        sa.Column("account_id", Id, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("recipient_domain", sa.String(255), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(30)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_event_at", UTCDateTime(), nullable=False),
    )
    # Every search is newest first, so every filter index ends in (created_at, id).
    for name, cols in {
        "created": [],
        "recipient": ["recipient"],
        "domain": ["recipient_domain"],
        "sender": ["sender"],
        "account": ["account_id"],
        "status": ["status"],
        "reason": ["reason"],
    }.items():
        op.create_index(f"ix_messages_{name}", "messages", [*cols, "created_at", "id"])
    op.create_index("ix_messages_message_id", "messages", ["message_id"])

    op.create_table(
        "events",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "message_id", Id, sa.ForeignKey("messages.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("reply_code", sa.Integer()),
        sa.Column("status", sa.String(16)),
        sa.Column("diagnostic", sa.Text()),
        sa.Column("remote_host", sa.String(255)),
        sa.Column("reason", sa.String(30)),
        sa.Column("source", sa.Text()),
        sa.Column("raw", sa.Text()),
        sa.Column("key", sa.String(200)),
    )
    op.create_index("ix_events_message", "events", ["message_id", "at", "id"])
    op.create_index(
        "ux_events_key",
        "events",
        ["key"],
        unique=True,
        sqlite_where=sa.text("key IS NOT NULL"),
        postgresql_where=sa.text("key IS NOT NULL"),
    )

    op.create_table(
        "quarantines",
        sa.Column("id", Id, primary_key=True),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("cause", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("released_at", UTCDateTime()),
    )
    op.create_index("ix_quarantines_address", "quarantines", ["address", "started_at"])
    op.create_index("ix_quarantines_ends", "quarantines", ["ends_at"])
    op.create_table(
        "quarantine_events",
        sa.Column(
            "quarantine_id",
            Id,
            sa.ForeignKey("quarantines.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "event_id", Id, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_table(
        "address_states",
        sa.Column("address", sa.String(320), primary_key=True),
        sa.Column("soft_run", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("soft_event_ids", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "release_requests",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "quarantine_id",
            Id,
            sa.ForeignKey("quarantines.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("risk", sa.String(10)),
        sa.Column("risk_why", sa.Text()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_at", UTCDateTime()),
        sa.Column("decision_note", sa.Text(), nullable=False, server_default=""),
    )
    # At most one pending request per quarantine, whatever the clients do.
    op.create_index(
        "ux_release_requests_pending",
        "release_requests",
        ["quarantine_id"],
        unique=True,
        sqlite_where=sa.text("state = 'pending'"),
        postgresql_where=sa.text("state = 'pending'"),
    )
    op.create_index("ix_release_requests_state", "release_requests", ["state", "created_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", Id, primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("before", sa.Text()),
        sa.Column("after", sa.Text()),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "db_settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )

    if op.get_bind().dialect.name == "sqlite":
        _sqlite_text_search()
    else:
        _postgresql_text_search()


def _sqlite_text_search() -> None:
    # External-content FTS5 with the trigram tokenizer: substring search on recipient and
    # subject without scanning the table; triggers keep it in step with messages.
    op.execute(
        "CREATE VIRTUAL TABLE messages_fts USING fts5("
        "recipient, subject, content='messages', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN "
        "INSERT INTO messages_fts(rowid, recipient, subject) "
        "VALUES (new.id, new.recipient, new.subject); END"
    )
    op.execute(
        "CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN "
        "INSERT INTO messages_fts(messages_fts, rowid, recipient, subject) "
        "VALUES ('delete', old.id, old.recipient, old.subject); END"
    )
    op.execute(
        "CREATE TRIGGER messages_fts_au AFTER UPDATE OF recipient, subject ON messages BEGIN "
        "INSERT INTO messages_fts(messages_fts, rowid, recipient, subject) "
        "VALUES ('delete', old.id, old.recipient, old.subject); "
        "INSERT INTO messages_fts(rowid, recipient, subject) "
        "VALUES (new.id, new.recipient, new.subject); END"
    )


def _postgresql_text_search() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_messages_recipient_trgm ON messages USING gin (recipient gin_trgm_ops)"
    )
    op.execute("CREATE INDEX ix_messages_subject_trgm ON messages USING gin (subject gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("messages_fts_ai", "messages_fts_ad", "messages_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS messages_fts")
    for table in (
        "db_settings",
        "audit_log",
        "release_requests",
        "address_states",
        "quarantine_events",
        "quarantines",
        "events",
        "messages",
        "accounts",
    ):
        op.drop_table(table)
