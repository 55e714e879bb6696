"""Reader of Mailgun events: Events API pages ({"items": [...]}) and webhook posts."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from email.utils import parseaddr
from typing import Any

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason, parsed_event
from desktop.ingest.feedkit import (
    ReadStats,
    Skipped,
    address,
    clean,
    from_epoch,
    get_dict,
    get_int,
    get_list,
    get_str,
    parse_smtp_reply,
    raw_text,
    record_key,
    strip_brackets,
)
from desktop.ingest.jsonstream import read_json_feed

_ENGAGEMENT = frozenset({"opened", "clicked", "unsubscribed", "stored", "list_member_uploaded"})
_SUPPRESSED = frozenset({"suppress-bounce", "suppress-unsubscribe", "suppress-complaint"})


def read(
    paths: Sequence[str], *, stats: ReadStats | None = None
) -> Iterator[ParsedEvent | BadRecord]:
    """Delivery events from Mailgun event pages and webhooks; engagement events are skipped."""
    return read_json_feed(paths, events_from, stats)


def events_from(
    record: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    if "items" in record:  # an Events API page
        items = record.get("items")
        if not isinstance(items, list):
            yield BadRecord(source, "'items' is not a list")
            return
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield from _event(item, source, json.dumps(item, ensure_ascii=False))
            else:
                yield BadRecord(source, f"item {index} is not a JSON object")
        return
    if "event-data" in record:  # a webhook post; the signature is the receiver's business
        data = record.get("event-data")
        if not isinstance(data, dict):
            yield BadRecord(source, "'event-data' is not a JSON object")
            return
        yield from _event(data, source, text)
        return
    yield from _event(record, source, text)


def _event(
    data: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    name = get_str(data, "event")
    if name is None:
        yield BadRecord(source, "no 'event' field")
        return
    if name in _ENGAGEMENT:
        yield Skipped(name)
        return
    kind = _type(name, data)
    if kind is None:
        yield Skipped(f"unknown event {name}")
        return
    recipient = address(data.get("recipient"))
    at = from_epoch(data.get("timestamp"))
    if recipient is None or at is None:
        yield BadRecord(source, f"{name} event without a usable recipient or timestamp")
        return
    status = get_dict(data, "delivery-status")
    message = get_dict(data, "message")
    headers = get_dict(message, "headers")
    diagnostic = get_str(status, "message") or get_str(status, "description")
    if kind is EventType.REJECTED and diagnostic is None:
        reject = get_dict(data, "reject")
        diagnostic = get_str(reject, "description") or get_str(reject, "reason")
    code = get_int(status, "code")
    parsed_code, parsed_status = parse_smtp_reply(diagnostic)
    header_id = strip_brackets(get_str(headers, "message-id", 998))
    extra = {"mailgun_event": name}
    for key in ("severity", "reason", "log-level"):
        value = get_str(data, key, 100)
        if value is not None:
            extra[key] = value
    if header_id:
        extra["header_message_id"] = header_id
    event_id = get_str(data, "id", 200)
    yield parsed_event(
        source=source,
        type=kind,
        recipient=recipient,
        at=at,
        key=f"mailgun:{event_id}" if event_id else record_key("mailgun", data),
        message_id=header_id,
        sender=_sender(headers) or get_str(get_dict(data, "envelope"), "sender", 320),
        subject=get_str(headers, "subject", 998),
        account=_account(data),
        reply_code=code if code and 200 <= code < 600 else parsed_code,
        status=get_str(status, "enhanced-code", 20) or parsed_status,
        diagnostic=diagnostic,
        remote_host=get_str(status, "mx-host", 255),
        reason=Reason.SPAM_COMPLAINT if kind is EventType.SPAM_COMPLAINT else None,
        raw=raw_text(text),
        extra=extra,
    )


def _type(name: str, data: dict[str, Any]) -> EventType | None:
    if name == "failed":
        reason = get_str(data, "reason") or ""
        if get_str(data, "severity") == "temporary":
            return EventType.DEFERRED
        if reason in _SUPPRESSED:
            return EventType.REJECTED  # Mailgun did not even try: the address is on a list
        code = get_int(get_dict(data, "delivery-status"), "code") or 0
        # "old": retries ran out on temporary failures, like postfix's expired messages
        return (
            EventType.SOFT_BOUNCE if reason == "old" or 400 <= code < 500 else EventType.HARD_BOUNCE
        )
    return {
        "accepted": EventType.QUEUED,
        "delivered": EventType.DELIVERED,
        "rejected": EventType.REJECTED,
        "complained": EventType.SPAM_COMPLAINT,
    }.get(name)


def _sender(headers: dict[str, Any]) -> str | None:
    """The From header's address: the envelope sender is a per-message bounce address."""
    header = get_str(headers, "from", 998)
    return parseaddr(header)[1] or header if header else None


def _account(data: dict[str, Any]) -> str | None:
    variables = get_dict(data, "user-variables")
    account = get_str(variables, "account", 200)
    if account is None:
        tags = [tag for tag in get_list(data, "tags") if isinstance(tag, str)]
        account = next(
            (clean(t.split(":", 1)[1], 200) for t in tags if t.startswith("account:")), None
        )
    return account or None
