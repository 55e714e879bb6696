"""Values handed to and from the store: new messages and events, list filters, audit rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from desktop.domain.model import EventType, MessageStatus, Reason

ANY_CHANGE = "database"  # what a change listener reports when it only knows that a commit happened


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to store; status and reason start from its first events."""

    message_id: str
    account_id: int
    sender: str
    recipient: str
    subject: str
    status: MessageStatus
    reason: Reason | None
    created_at: datetime
    last_event_at: datetime


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to store on message `message` (its database id)."""

    message: int
    type: EventType
    at: datetime
    reply_code: int | None = None
    status: str | None = None
    diagnostic: str | None = None
    remote_host: str | None = None
    reason: Reason | None = None
    source: str | None = None
    raw: str | None = None
    key: str | None = None


SYSTEM_ACTOR = "system"
"""Who the audit log names for what the rules did by themselves (expiries)."""


class AuditRecord(NamedTuple):
    """One audit row for `record_many`: the columns of `record`."""

    actor: str
    action: str
    subject: str
    at: datetime
    before: str | None = None
    after: str | None = None
    note: str | None = None


def expiry_record(quarantine_id: int, address: str, ends_at: datetime, at: datetime) -> AuditRecord:
    """The audit row of a quarantine that ran out (PostgreSQL's trigger writes the same)."""
    return AuditRecord(
        SYSTEM_ACTOR,
        "quarantine_expired",
        f"quarantine {quarantine_id} ({address})",
        at,
        "quarantined",
        f"ended {ends_at.isoformat(timespec='seconds')}",
    )
