"""The rows the bulk writer stores, one named tuple per table: the only place that knows their
column order. The import and the demo build their rows here, so they cannot drift apart.

Times in these rows are already converted by `BulkWriter.stamp` (the writer bypasses
SQLAlchemy's column types); enums are stored as their text.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, NamedTuple

from desktop.domain.model import EventType, recipient_domain
from desktop.domain.policy import QuarantineStart

# Column sizes PostgreSQL enforces (SQLite does not): longer values are cut, never refused.
KEY_LENGTH, STATUS_LENGTH, HOST_LENGTH, ACCOUNT_LENGTH = 200, 16, 255, 200


class MessageRecord(NamedTuple):
    id: int
    message_id: str
    account_id: int
    sender: str
    recipient: str
    recipient_domain: str
    subject: str
    status: str
    reason: str | None
    created_at: Any
    last_event_at: Any


class EventRecord(NamedTuple):
    id: int
    message_id: int
    type: str
    at: Any
    reply_code: int | None
    status: str | None
    diagnostic: str | None
    remote_host: str | None
    reason: str | None
    source: str
    raw: str | None
    key: str | None


class QuarantineRecord(NamedTuple):
    id: int
    address: str
    cause: str
    reason: str
    started_at: Any
    ends_at: Any
    released_at: Any


class QuarantineEventRecord(NamedTuple):
    quarantine_id: int
    event_id: int


class RequestRecord(NamedTuple):
    id: int
    quarantine_id: int
    state: str
    requested_by: str
    note: str
    risk: str
    risk_why: str
    created_at: Any
    decided_by: str | None
    decided_at: Any
    decision_note: str


class AuditLogRecord(NamedTuple):
    id: int
    at: Any
    actor: str
    action: str
    subject: str
    before: str | None
    after: str | None


MESSAGE_COLUMNS = MessageRecord._fields
EVENT_COLUMNS = EventRecord._fields
QUARANTINE_COLUMNS = QuarantineRecord._fields
QUARANTINE_EVENT_COLUMNS = QuarantineEventRecord._fields
REQUEST_COLUMNS = RequestRecord._fields
AUDIT_COLUMNS = AuditLogRecord._fields


def message_record(
    id: int,
    message_id: str,
    account_id: int,
    sender: str,
    recipient: str,
    subject: str,
    status: str,
    reason: str | None,
    created_at: Any,
    last_event_at: Any,
) -> MessageRecord:
    """A message row; its domain is split off the recipient as everywhere else."""
    return MessageRecord(
        id, message_id, account_id, sender, recipient, recipient_domain(recipient), subject,
        status, reason, created_at, last_event_at,
    )  # fmt: skip


def quarantine_marker(
    event_id: int, message_id: int, start: QuarantineStart, at: Any, source: str, key: str | None
) -> EventRecord:
    """The `quarantined` event written on the message whose event started a quarantine.

    `at` is `start.started_at`, stamped.
    """
    return EventRecord(
        event_id, message_id, EventType.QUARANTINED.value, at, None, None,
        f"quarantined: {start.cause.value}", None, start.reason.value, source, None, key,
    )  # fmt: skip


def quarantine_record(
    quarantine_id: int,
    address: str,
    start: QuarantineStart,
    stamp: Any,
    released_at: datetime | None = None,
) -> QuarantineRecord:
    """A quarantine row; `stamp` is the writer's time conversion."""
    return QuarantineRecord(
        quarantine_id, address, start.cause.value, start.reason.value, stamp(start.started_at),
        stamp(start.ends_at), stamp(released_at) if released_at is not None else None,
    )  # fmt: skip


def stored_key(key: str) -> str:
    """The key as stored: a key too long for the column is replaced by its digest (stable)."""
    if len(key) <= KEY_LENGTH:
        return key
    return "sha1:" + hashlib.sha1(key.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()
