"""Reader of SendGrid Event Webhook posts: JSON arrays, or one event object per line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason, parsed_event
from desktop.ingest.feedkit import (
    ReadStats,
    Skipped,
    address,
    from_epoch,
    get_str,
    parse_smtp_reply,
    raw_text,
    record_key,
    strip_brackets,
)
from desktop.ingest.jsonstream import read_json_feed

_TYPES = {
    "processed": EventType.QUEUED,
    "delivered": EventType.DELIVERED,
    "deferred": EventType.DEFERRED,
    "dropped": EventType.REJECTED,  # SendGrid did not send it (suppressed or invalid address)
    "spamreport": EventType.SPAM_COMPLAINT,
}
_EXTRA_FIELDS = ("bounce_classification", "type", "attempt", "tls")
_ENGAGEMENT = frozenset(
    {"open", "click", "unsubscribe", "group_unsubscribe", "group_resubscribe", "machine_opened"}
)


def read(
    paths: Sequence[str], *, stats: ReadStats | None = None
) -> Iterator[ParsedEvent | BadRecord]:
    """Delivery events from files of SendGrid webhook posts; engagement events are skipped."""
    return read_json_feed(paths, events_from, stats)


def events_from(
    record: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    name = get_str(record, "event")
    if name is None:
        yield BadRecord(source, "no 'event' field")
        return
    if name in _ENGAGEMENT:
        yield Skipped(name)
        return
    kind = _TYPES.get(name)
    if name == "bounce":
        kind = _bounce_type(record)
    if kind is None:
        yield Skipped(f"unknown event {name}")
        return
    recipient = address(record.get("email"))
    at = from_epoch(record.get("timestamp"))
    if recipient is None or at is None:
        yield BadRecord(source, f"{name} event without a usable email or timestamp")
        return
    # bounce and dropped carry the server's words in "reason"; delivered and deferred in "response"
    diagnostic = get_str(record, "reason") or get_str(record, "response")
    reply_code, parsed_status = parse_smtp_reply(diagnostic)
    event_id = get_str(record, "sg_event_id", 200)
    full_id = get_str(record, "sg_message_id", 300)
    smtp_id = strip_brackets(get_str(record, "smtp-id", 998))
    extra = {"sendgrid_event": name}
    if full_id:
        extra["sg_message_id"] = full_id
    for field_name in _EXTRA_FIELDS:
        if field_name in record and (value := get_str(record, field_name, 300)) is not None:
            extra[field_name] = value
    if smtp_id:
        extra["header_message_id"] = smtp_id
    yield parsed_event(
        source=source,
        type=kind,
        recipient=recipient,
        at=at,
        key=f"sendgrid:{event_id}" if event_id else record_key("sendgrid", record),
        message_id=_message_id(full_id) or smtp_id,
        account=get_str(record, "account", 200),
        reply_code=reply_code,
        status=get_str(record, "status", 20) or parsed_status,
        diagnostic=diagnostic,
        reason=Reason.SPAM_COMPLAINT if kind is EventType.SPAM_COMPLAINT else None,
        raw=raw_text(text),
        extra=extra,
    )


def _bounce_type(record: dict[str, Any]) -> EventType:
    kind = get_str(record, "type")
    if kind == "blocked":
        return EventType.SOFT_BOUNCE
    if kind == "bounce":
        return EventType.HARD_BOUNCE
    status = get_str(record, "status") or ""
    return EventType.SOFT_BOUNCE if status.startswith("4") else EventType.HARD_BOUNCE


def _message_id(sg_message_id: str | None) -> str | None:
    """The X-Message-Id part of sg_message_id: the same for every event of one message.

    SendGrid appends ".filter..." / ".recvd..." per processing stage, which differs between
    events of the same message.
    """
    if sg_message_id is None:
        return None
    base = sg_message_id.split(".filter", 1)[0].split(".recvd", 1)[0]
    return base or sg_message_id
