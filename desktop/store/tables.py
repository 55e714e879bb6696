"""The tables, as SQLAlchemy 2 typed mappings. The schema itself is owned by the migrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.store.types import UTCDateTime

# SQLite only aliases the rowid for exactly "INTEGER PRIMARY KEY"; BIGINT there would lose
# autoincrement. PostgreSQL gets a bigint.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class AccountRow(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class MessageRow(Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    sender: Mapped[str] = mapped_column(String(320))
    recipient: Mapped[str] = mapped_column(String(320))  # normalised: lower case
    recipient_domain: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reply_code: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(16))
    diagnostic: Mapped[str | None] = mapped_column(Text)
    remote_host: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str | None] = mapped_column(String(30))
    source: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(200))  # import idempotency


class QuarantineRow(Base):
    __tablename__ = "quarantines"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    address: Mapped[str] = mapped_column(String(320))
    cause: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(30))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # set once, on expiry


class QuarantineEventRow(Base):
    """Which events caused a quarantine, so the agent can be shown why."""

    __tablename__ = "quarantine_events"
    quarantine_id: Mapped[int] = mapped_column(
        ForeignKey("quarantines.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )


class AddressStateRow(Base):
    """Per-address policy memory: the current run of soft bounces."""

    __tablename__ = "address_states"
    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    soft_run: Mapped[int] = mapped_column(Integer, default=0)
    soft_event_ids: Mapped[str] = mapped_column(Text, default="")  # comma-separated event ids
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReleaseRequestRow(Base):
    __tablename__ = "release_requests"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    quarantine_id: Mapped[int] = mapped_column(ForeignKey("quarantines.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12))
    requested_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    risk: Mapped[str | None] = mapped_column(String(10))
    risk_why: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")
    requested_role: Mapped[str | None] = mapped_column(String(63))  # set by the server
    decided_role: Mapped[str | None] = mapped_column(String(63))  # set by the server


class AuditRow(Base):
    """Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    db_role: Mapped[str | None] = mapped_column(String(63))  # set by the server (PostgreSQL)
    note: Mapped[str | None] = mapped_column(Text)  # migration 0008


class SettingRow(Base):
    """Settings that belong to the database, shared by every agent (e.g. approval mode)."""

    __tablename__ = "db_settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReleaseOutboxRow(Base):
    """One release to deliver to one provider target (migration 0007)."""

    __tablename__ = "release_outbox"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("release_requests.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(320))
    cause: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claim_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")


class IngestPositionRow(Base):
    """Where a live source stopped: saved in the transaction that stores its events."""

    __tablename__ = "ingest_positions"
    source: Mapped[str] = mapped_column(String(200), primary_key=True)
    identity: Mapped[str] = mapped_column(String(200), default="")
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EventRollupRow(Base):
    """Events counted per hour, account, receiving domain, type and reason (migration 0010).

    Kept in the same transaction as the events themselves (store/rollup.py), so the Overview
    and `bouncedesk stats` read a few thousand rows instead of millions of events.
    """

    __tablename__ = "event_rollup"
    hour: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)  # "" for none
    n: Mapped[int] = mapped_column(BigInteger)


class HourlyRollupRow(Base):
    """The roll-up per hour, type and reason only: the Overview's tiles and chart."""

    __tablename__ = "event_rollup_hourly"
    hour: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class DomainRollupRow(Base):
    """The roll-up per UTC day, receiving domain and type: the top domains of a period."""

    __tablename__ = "event_rollup_domains"
    day: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class AccountRollupRow(Base):
    """The roll-up per UTC day, account, type and reason: the clients table of a period."""

    __tablename__ = "event_rollup_accounts"
    day: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class MessageRollupRow(Base):
    """Messages per sending hour, account, receiving domain, status and reason (migration 0015).

    Kept by triggers on `messages` (store/message_rollup.py): the rates' denominators.
    """

    __tablename__ = "message_rollup"
    hour: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)  # "" for none
    n: Mapped[int] = mapped_column(BigInteger)


class MessageHourlyRow(Base):
    """The message roll-up per sending hour, status and reason only: tiles and totals."""

    __tablename__ = "message_rollup_hourly"
    hour: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class MessageDomainsRow(Base):
    """The message roll-up per UTC sending day, receiving domain and status."""

    __tablename__ = "message_rollup_domains"
    day: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class MessageAccountsRow(Base):
    """The message roll-up per UTC sending day, account, status and reason: the clients."""

    __tablename__ = "message_rollup_accounts"
    day: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class AuditErasureRow(Base):
    """A marker `forget` holds inside its own transaction while it redacts audit rows."""

    __tablename__ = "audit_erasures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
