"""The vocabulary of Bounce Desk: event types, statuses, reasons and the records built on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

MAX_ID = 2**63 - 1  # the largest id a BIGINT (PostgreSQL) or INTEGER (SQLite) column holds


class EventType(StrEnum):
    """What happened to one message at one moment."""

    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    DEFERRED = "deferred"  # the help article's "delayed"
    SOFT_BOUNCE = "soft_bounce"
    HARD_BOUNCE = "hard_bounce"
    REJECTED = "rejected"  # not sent: the address was quarantined
    SPAM_COMPLAINT = "spam_complaint"
    QUARANTINED = "quarantined"
    RELEASED = "released"


class MessageStatus(StrEnum):
    """A message's state, derived from its decisive events (see `status_after`)."""

    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    DEFERRED = "deferred"
    SOFT_BOUNCE = "soft_bounce"
    HARD_BOUNCE = "hard_bounce"
    REJECTED = "rejected"
    SPAM_COMPLAINT = "spam_complaint"


class Reason(StrEnum):
    """Why a message failed. The help text and advice hang off these keys; the names are final."""

    ADDRESS_UNKNOWN = "address_unknown"
    DOMAIN_UNKNOWN = "domain_unknown"
    BLOCKED = "blocked"
    MAILBOX_FULL = "mailbox_full"
    MAILBOX_INACTIVE = "mailbox_inactive"
    SERVER_UNREACHABLE = "server_unreachable"
    SERVER_ERROR = "server_error"
    MESSAGE_TOO_LARGE = "message_too_large"
    CONTENT_BLOCKED = "content_blocked"
    POLICY = "policy"
    SPAM_COMPLAINT = "spam_complaint"
    DELAYED = "delayed"
    UNKNOWN = "unknown"


class QuarantineCause(StrEnum):
    """Which rule put an address in quarantine; also the suffix of a "rejected: ..." event."""

    HARD_BOUNCE = "hard-bounce"
    SOFT_BOUNCE = "soft-bounce"  # repeated soft bounces, counted as a hard bounce
    SPAM = "spam"


class RequestState(StrEnum):
    """Life of a release request: pending -> approved -> applied, or pending -> rejected."""

    PENDING = "pending"
    APPROVED = "approved"
    APPLIED = "applied"
    REJECTED = "rejected"


class RiskLevel(StrEnum):
    """How likely a released address is to fail again."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


# Events that settle a message's status; the others (queued after sent, quarantined, released)
# describe the address rather than the message.
_DECISIVE: dict[EventType, MessageStatus] = {
    EventType.QUEUED: MessageStatus.QUEUED,
    EventType.SENT: MessageStatus.SENT,
    EventType.DELIVERED: MessageStatus.DELIVERED,
    EventType.DEFERRED: MessageStatus.DEFERRED,
    EventType.SOFT_BOUNCE: MessageStatus.SOFT_BOUNCE,
    EventType.HARD_BOUNCE: MessageStatus.HARD_BOUNCE,
    EventType.REJECTED: MessageStatus.REJECTED,
    EventType.SPAM_COMPLAINT: MessageStatus.SPAM_COMPLAINT,
}

# A later event of lower rank never overwrites a final outcome: a "sent" that a feed reports
# after the "delivered" (clock skew between log sources) must not hide the delivery.
_RANK: dict[MessageStatus, int] = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DEFERRED: 2,
    MessageStatus.SOFT_BOUNCE: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.HARD_BOUNCE: 3,
    MessageStatus.REJECTED: 3,
    MessageStatus.SPAM_COMPLAINT: 4,
}


def status_after(current: MessageStatus | None, event: EventType) -> MessageStatus | None:
    """The message status once `event` is applied after `current` (events in time order)."""
    new = _DECISIVE.get(event)
    if new is None:
        return current
    if current is None:
        return new
    if _RANK[new] < _RANK[current] and _RANK[current] >= 3:
        return current
    return new


def recipient_domain(address: str) -> str:
    """The part after the last '@', lower-cased ('' when there is none)."""
    _, at, domain = address.rpartition("@")
    return domain.lower() if at else ""


def normalise_address(address: str) -> str:
    """Addresses are compared case-insensitively and without surrounding brackets or blanks."""
    return address.strip().strip("<>").strip().lower()


@dataclass(frozen=True, slots=True)
class Account:
    """A client of the sending platform (an event organiser) that sends messages."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Message:
    """One message to one recipient, with its status derived from its events."""

    id: int
    message_id: str
    account: str
    sender: str
    recipient: str
    subject: str
    status: MessageStatus
    reason: Reason | None
    created_at: datetime
    last_event_at: datetime


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened to a message, as a feed reported it."""

    id: int
    message: int  # Message.id
    type: EventType
    at: datetime
    reply_code: int | None = None
    status: str | None = None  # enhanced status code, e.g. "5.1.1"
    diagnostic: str | None = None  # the remote server's text: untrusted, plain text only
    remote_host: str | None = None
    reason: Reason | None = None
    source: str | None = None  # where it came from, e.g. "postfix:/var/log/maillog:1234"
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Quarantine:
    """An address that receives nothing until `ends_at`, because of `cause`."""

    id: int
    address: str
    cause: QuarantineCause
    reason: Reason
    started_at: datetime
    ends_at: datetime
    released_at: datetime | None = None
    cause_event_ids: tuple[int, ...] = ()

    def active_at(self, moment: datetime) -> bool:
        return self.released_at is None and self.started_at <= moment < self.ends_at


@dataclass(frozen=True, slots=True)
class ReleaseRequest:
    """An agent's request to end a quarantine early, and what became of it."""

    id: int
    quarantine_id: int
    address: str
    state: RequestState
    requested_by: str
    created_at: datetime
    note: str = ""
    risk: RiskLevel | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One append-only line of the audit log: who did what, when, with before/after."""

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    before: str | None = None
    after: str | None = None
    note: str | None = None  # what the person wrote with it (a request's or decision's note)


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    """One event read from a feed, before it is stored: what every ingest reader yields.

    `source` is the path as given plus ":line" or ":offset"; `key` makes imports idempotent
    (the provider's event id, else a stable hash of the record).
    """

    source: str
    type: EventType
    recipient: str
    at: datetime
    key: str
    message_id: str | None = None
    sender: str | None = None
    subject: str | None = None
    account: str | None = None
    reply_code: int | None = None
    status: str | None = None
    diagnostic: str | None = None
    remote_host: str | None = None
    reason: Reason | None = None
    raw: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


# The slots of ParsedEvent, set directly: a frozen dataclass's __init__ goes through
# object.__setattr__ once per field, which makes it four times dearer than this.
_new_object = object.__new__
(_set_source, _set_type, _set_recipient, _set_at, _set_key, _set_message_id, _set_sender,
 _set_subject, _set_account, _set_reply_code, _set_status, _set_diagnostic, _set_remote_host,
 _set_reason, _set_raw, _set_extra) = (
    ParsedEvent.__dict__[name].__set__ for name in ParsedEvent.__slots__
)  # fmt: skip


def parsed_event(
    source: str,
    type: EventType,
    recipient: str,
    at: datetime,
    key: str,
    message_id: str | None = None,
    sender: str | None = None,
    subject: str | None = None,
    account: str | None = None,
    reply_code: int | None = None,
    status: str | None = None,
    diagnostic: str | None = None,
    remote_host: str | None = None,
    reason: Reason | None = None,
    raw: str | None = None,
    extra: dict[str, str] | None = None,
) -> ParsedEvent:
    """`ParsedEvent(...)` for the paths that build one per record of a feed: the same value."""
    event: ParsedEvent = _new_object(ParsedEvent)
    _set_source(event, source)
    _set_type(event, type)
    _set_recipient(event, recipient)
    _set_at(event, at)
    _set_key(event, key)
    _set_message_id(event, message_id)
    _set_sender(event, sender)
    _set_subject(event, subject)
    _set_account(event, account)
    _set_reply_code(event, reply_code)
    _set_status(event, status)
    _set_diagnostic(event, diagnostic)
    _set_remote_host(event, remote_host)
    _set_reason(event, reason)
    _set_raw(event, raw)
    _set_extra(event, {} if extra is None else extra)
    return event


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record a reader could not use: where it is and why, so the rest can still be imported."""

    source: str
    why: str
