"""The rows the bulk writer stores, one builder per table: the only place that knows their
column order. The import and the demo build their rows here, so they cannot drift apart.

Times in these rows are already converted by `BulkWriter.stamp` (the writer bypasses
SQLAlchemy's column types); enums are stored as their text.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from desktop.domain.model import EventType, recipient_domain
from desktop.domain.policy import QuarantineStart

# Column sizes PostgreSQL enforces (SQLite does not): longer values are cut, never refused.
KEY_LENGTH, STATUS_LENGTH, HOST_LENGTH, ACCOUNT_LENGTH = 200, 16, 255, 200


# One row is a plain tuple in column order: SQLite's executemany binds an exact tuple twice as
# fast as a named one (200,000 events: 1.1 s against 2.0 s), so the builders below return
# tuples and the few columns read back are named by their index.
Row = tuple[Any, ...]

MESSAGE_COLUMNS = (
    "id", "message_id", "account_id", "sender", "recipient", "recipient_domain", "subject",
    "status", "reason", "created_at", "last_event_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "message_id", "type", "at", "reply_code", "status", "diagnostic", "remote_host",
    "reason", "source", "raw", "key",
)  # fmt: skip
QUARANTINE_COLUMNS = ("id", "address", "cause", "reason", "started_at", "ends_at", "released_at")
QUARANTINE_EVENT_COLUMNS = ("quarantine_id", "event_id")
REQUEST_COLUMNS = (
    "id", "quarantine_id", "state", "requested_by", "note", "risk", "risk_why", "created_at",
    "decided_by", "decided_at", "decision_note",
)  # fmt: skip
AUDIT_COLUMNS = ("id", "at", "actor", "action", "subject", "before", "after", "note")

ROW_ID = 0  # every table with ids has it first
MESSAGE_MESSAGE_ID = MESSAGE_COLUMNS.index("message_id")
EVENT_KEY = EVENT_COLUMNS.index("key")
QUARANTINE_ADDRESS = QUARANTINE_COLUMNS.index("address")


def message_row(
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
) -> Row:
    """A message row; its domain is split off the recipient as everywhere else."""
    return (
        id, message_id, account_id, sender, recipient, recipient_domain(recipient), subject,
        status, reason, created_at, last_event_at,
    )  # fmt: skip


def event_row(
    id: int,
    message_id: int,
    type: str,
    at: Any,
    reply_code: int | None,
    status: str | None,
    diagnostic: str | None,
    remote_host: str | None,
    reason: str | None,
    source: str,
    raw: str | None,
    key: str | None,
) -> Row:
    """An event row (`message_id` is the message's database id)."""
    return (
        id, message_id, type, at, reply_code, status, diagnostic, remote_host, reason, source,
        raw, key,
    )  # fmt: skip


def quarantine_marker(
    event_id: int, message_id: int, start: QuarantineStart, at: Any, source: str, key: str | None
) -> Row:
    """The `quarantined` event written on the message whose event started a quarantine.

    `at` is `start.started_at`, stamped.
    """
    return event_row(
        event_id, message_id, EventType.QUARANTINED.value, at, None, None,
        f"quarantined: {start.cause.value}", None, start.reason.value, source, None, key,
    )  # fmt: skip


def quarantine_row(
    quarantine_id: int,
    address: str,
    start: QuarantineStart,
    stamp: Any,
    released_at: datetime | None = None,
) -> Row:
    """A quarantine row; `stamp` is the writer's time conversion."""
    return (
        quarantine_id, address, start.cause.value, start.reason.value, stamp(start.started_at),
        stamp(start.ends_at), stamp(released_at) if released_at is not None else None,
    )  # fmt: skip


def request_row(
    id: int,
    quarantine_id: int,
    state: str,
    requested_by: str,
    note: str,
    risk: str,
    risk_why: str,
    created_at: Any,
    decided_by: str | None,
    decided_at: Any,
    decision_note: str,
) -> Row:
    """A release request row."""
    return (
        id, quarantine_id, state, requested_by, note, risk, risk_why, created_at, decided_by,
        decided_at, decision_note,
    )  # fmt: skip


def audit_row(
    id: int,
    at: Any,
    actor: str,
    action: str,
    subject: str,
    before: str | None,
    after: str | None,
    note: str = "",
) -> Row:
    """An audit log row; an empty note is stored as none, as the audit log does."""
    return (id, at, actor, action, subject, before, after, note or None)


def stored_key(key: str) -> str:
    """The key as stored: a key too long for the column is replaced by its digest (stable)."""
    if len(key) <= KEY_LENGTH:
        return key
    return "sha1:" + hashlib.sha1(key.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()
