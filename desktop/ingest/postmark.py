"""Reader of Postmark bounce, delivery and spam complaint webhooks and Bounces API pages."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason, parsed_event
from desktop.ingest.feedkit import (
    ReadStats,
    Skipped,
    address,
    from_iso,
    get_dict,
    get_str,
    parse_smtp_reply,
    raw_text,
    record_key,
    server_text,
)
from desktop.ingest.jsonstream import read_json_feed

# Postmark's bounce Type -> our event. Types about the address itself (it does not exist, it
# moved) are hard; the message being held or filtered is soft; not sending at all is rejected.
_BOUNCE_TYPES = {
    "HardBounce": EventType.HARD_BOUNCE,
    "BadEmailAddress": EventType.HARD_BOUNCE,
    "AddressChange": EventType.HARD_BOUNCE,
    "SoftBounce": EventType.SOFT_BOUNCE,
    "DnsError": EventType.SOFT_BOUNCE,
    "SpamNotification": EventType.SOFT_BOUNCE,  # a filter refused it: not a complaint
    "VirusNotification": EventType.SOFT_BOUNCE,
    "Blocked": EventType.SOFT_BOUNCE,
    "DMARCPolicy": EventType.SOFT_BOUNCE,
    "SMTPApiError": EventType.SOFT_BOUNCE,
    "Unknown": EventType.SOFT_BOUNCE,
    "Transient": EventType.DEFERRED,
    "ManuallyDeactivated": EventType.REJECTED,
    "TemplateRenderingFailed": EventType.REJECTED,
    "SpamComplaint": EventType.SPAM_COMPLAINT,
}
# Not failures of delivery: replies and subscription traffic that Postmark files as bounces.
_NOT_FAILURES = frozenset(
    {
        "AutoResponder",
        "Subscribe",
        "Unsubscribe",
        "OpenRelayTest",
        "ChallengeVerification",
        "Unconfirmed",
        "InboundError",
    }
)
_ENGAGEMENT = frozenset({"Open", "Click", "SubscriptionChange"})


def read(
    paths: Sequence[str], *, stats: ReadStats | None = None
) -> Iterator[ParsedEvent | BadRecord]:
    """Events from Postmark webhook posts and Bounces API responses."""
    return read_json_feed(paths, events_from, stats)


def events_from(
    record: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    if "Bounces" in record:  # GET /bounces: {"TotalCount": n, "Bounces": [...]}
        bounces = record.get("Bounces")
        if not isinstance(bounces, list):
            yield BadRecord(source, "'Bounces' is not a list")
            return
        for index, bounce in enumerate(bounces):
            if isinstance(bounce, dict):
                yield from _bounce(bounce, source, json.dumps(bounce, ensure_ascii=False))
            else:
                yield BadRecord(source, f"Bounces[{index}] is not a JSON object")
        return
    record_type = get_str(record, "RecordType")
    if record_type == "Delivery":
        yield from _delivery(record, source, text)
    elif record_type in ("Bounce", "SpamComplaint") or (
        record_type is None and "TypeCode" in record
    ):
        yield from _bounce(record, source, text)
    elif record_type in _ENGAGEMENT:
        yield Skipped(record_type)
    elif record_type is None:
        yield BadRecord(source, "no 'RecordType' field")
    else:
        yield Skipped(f"unknown record {record_type}")


def _bounce(
    record: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    bounce_type = get_str(record, "Type") or "Unknown"
    if get_str(record, "RecordType") == "SpamComplaint":
        bounce_type = "SpamComplaint"
    if bounce_type in _NOT_FAILURES:
        yield Skipped(bounce_type)
        return
    kind = _BOUNCE_TYPES.get(bounce_type, EventType.SOFT_BOUNCE)
    recipient = address(record.get("Email"))
    at = from_iso(record.get("BouncedAt"))
    if recipient is None or at is None:
        yield BadRecord(source, "bounce without a usable Email or BouncedAt")
        return
    details = server_text(get_str(record, "Details"))
    reply_code, status = parse_smtp_reply(details)
    record_id = get_str(record, "ID", 100)
    extra = {"postmark_type": bounce_type}
    for name in ("Description", "TypeCode", "MessageStream", "ServerID"):
        value = get_str(record, name)
        if value is not None:
            extra[name.lower()] = value
    record_type = get_str(record, "RecordType") or "Bounce"
    yield parsed_event(
        source=source,
        type=kind,
        recipient=recipient,
        at=at,
        key=f"postmark:{record_type}:{record_id}" if record_id else record_key("postmark", record),
        message_id=get_str(record, "MessageID", 200),
        sender=get_str(record, "From", 320),
        subject=get_str(record, "Subject", 998),
        account=_account(record),
        reply_code=reply_code,
        status=status,
        diagnostic=details,
        reason=Reason.SPAM_COMPLAINT if kind is EventType.SPAM_COMPLAINT else None,
        raw=raw_text(text),
        extra=extra,
    )


def _delivery(record: dict[str, Any], source: str, text: str) -> Iterator[ParsedEvent | BadRecord]:
    recipient = address(record.get("Recipient"))
    at = from_iso(record.get("DeliveredAt"))
    if recipient is None or at is None:
        yield BadRecord(source, "delivery without a usable Recipient or DeliveredAt")
        return
    details = server_text(get_str(record, "Details"))
    reply_code, status = parse_smtp_reply(details)
    message_id = get_str(record, "MessageID", 200)
    yield parsed_event(
        source=source,
        type=EventType.DELIVERED,
        recipient=recipient,
        at=at,
        key=(
            f"postmark:Delivery:{message_id}:{recipient}"
            if message_id
            else record_key("postmark", record)
        ),
        message_id=message_id,
        account=_account(record),
        reply_code=reply_code,
        status=status,
        diagnostic=details,
        raw=raw_text(text),
        extra={"postmark_type": "Delivery"},
    )


def _account(record: dict[str, Any]) -> str | None:
    return get_str(get_dict(record, "Metadata"), "account", 200) or get_str(record, "Tag", 200)
