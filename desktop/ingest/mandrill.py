"""Reader of Mandrill webhook posts (form-encoded or JSON) and message info with smtp_events."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason, parsed_event
from desktop.ingest.feedkit import (
    ReadStats,
    Skipped,
    address,
    from_epoch,
    get_dict,
    get_list,
    get_str,
    parse_smtp_reply,
    raw_text,
    record_key,
    server_text,
)
from desktop.ingest.jsonstream import JsonRecord, iter_json, map_record, read_lines

_EVENTS = {
    "send": EventType.SENT,
    "deferral": EventType.DEFERRED,
    "hard_bounce": EventType.HARD_BOUNCE,
    "soft_bounce": EventType.SOFT_BOUNCE,
    "reject": EventType.REJECTED,
    "spam": EventType.SPAM_COMPLAINT,
}
_ENGAGEMENT = frozenset({"open", "click", "unsub", "whitelist", "blacklist", "inbound"})
# smtp_events "type" of the message info API: what one SMTP attempt ended in.
_SMTP_TYPES = {
    "sent": EventType.DELIVERED,  # the receiving server accepted it
    "deferred": EventType.DEFERRED,
    "soft-bounced": EventType.SOFT_BOUNCE,
    "bounced": EventType.HARD_BOUNCE,
}
_FORM_PREFIX = "mandrill_events="


def read(
    paths: Sequence[str], *, stats: ReadStats | None = None
) -> Iterator[ParsedEvent | BadRecord]:
    """Events from Mandrill webhook bodies (one per line) or JSON arrays of events."""
    for path in paths:
        yield from _read_file(path, stats)


def _read_file(path: str, stats: ReadStats | None) -> Iterator[ParsedEvent | BadRecord]:
    if not _is_form(path):
        for item in iter_json(path):
            yield from map_record(item, events_from, stats)
        return
    for line_item in read_lines(path):
        if isinstance(line_item, BadRecord):
            yield line_item
            continue
        number, line = line_item
        if not line.strip():
            continue
        source = f"{path}:{number}"
        for record in _form_events(line, source):
            yield from map_record(record, events_from, stats)


def _is_form(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(64).lstrip().startswith(_FORM_PREFIX.encode())
    except OSError:
        return False


def _form_events(line: str, source: str) -> Iterator[JsonRecord | BadRecord]:
    """The events in one form-encoded webhook body: mandrill_events=<url-encoded JSON array>."""
    values = parse_qs(line.strip(), keep_blank_values=True).get("mandrill_events")
    if not values:
        yield BadRecord(source, "no mandrill_events field")
        return
    try:
        events = json.loads(values[0])
    except (ValueError, RecursionError):
        yield BadRecord(source, "mandrill_events is not valid JSON")
        return
    if not isinstance(events, list):
        events = [events]
    for event in events:
        yield JsonRecord(source, event, json.dumps(event, ensure_ascii=False))


def events_from(
    record: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    name = get_str(record, "event")
    if name is None:
        if "smtp_events" in record or "state" in record:
            yield from _message_info(record, source, text)
        else:
            yield BadRecord(source, "neither a webhook event nor a message info record")
        return
    if name in _ENGAGEMENT:
        yield Skipped(name)
        return
    kind = _EVENTS.get(name)
    if kind is None:
        yield Skipped(f"unknown event {name}")
        return
    msg = get_dict(record, "msg")
    recipient = address(msg.get("email"))
    at = from_epoch(record.get("ts"))
    if recipient is None or at is None:
        yield BadRecord(source, f"{name} event without a usable msg.email or ts")
        return
    smtp_events = [e for e in get_list(msg, "smtp_events") if isinstance(e, dict)]
    last = smtp_events[-1] if smtp_events else {}
    diagnostic = server_text(get_str(msg, "diag") or get_str(last, "diag"))
    reply_code, status = parse_smtp_reply(diagnostic)
    message_id = get_str(msg, "_id", 200) or get_str(record, "_id", 200)
    extra = {"mandrill_event": name}
    for field_name in ("bounce_description", "bgtools_code", "state"):
        value = get_str(msg, field_name, 200)
        if value is not None:
            extra[field_name] = value
    reject_reason = get_str(get_dict(msg, "reject"), "reason", 200)
    if reject_reason is not None:  # the rejection list entry: hard-bounce, spam, unsub, ...
        extra["reject_reason"] = reject_reason
    ts = get_str(record, "ts", 40)
    yield parsed_event(
        source=source,
        type=kind,
        recipient=recipient,
        at=at,
        # one message has several events (deferrals, then a bounce): the id alone is not enough
        key=f"mandrill:{message_id}:{name}:{ts}" if message_id else record_key("mandrill", record),
        message_id=message_id,
        sender=get_str(msg, "sender", 320),
        subject=get_str(msg, "subject", 998),
        account=get_str(get_dict(msg, "metadata"), "account", 200),
        reply_code=reply_code,
        status=status,
        diagnostic=diagnostic,
        remote_host=get_str(last, "destination_ip", 255),
        reason=Reason.SPAM_COMPLAINT if kind is EventType.SPAM_COMPLAINT else None,
        raw=raw_text(text),
        extra=extra,
    )


def _message_info(
    record: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    """One event per SMTP attempt of a message info record (messages/info, messages/search)."""
    recipient = address(record.get("email"))
    message_id = get_str(record, "_id", 200)
    if recipient is None or message_id is None:
        yield BadRecord(source, "message info without email or _id")
        return
    attempts = get_list(record, "smtp_events")
    if not attempts:
        yield Skipped(f"message info without smtp_events ({get_str(record, 'state')})")
        return
    for index, attempt in enumerate(attempts):
        if not isinstance(attempt, dict):
            yield BadRecord(source, f"smtp_events[{index}] is not a JSON object")
            continue
        diagnostic = server_text(get_str(attempt, "diag"))
        reply_code, status = parse_smtp_reply(diagnostic)
        kind = _SMTP_TYPES.get(get_str(attempt, "type") or "") or _by_code(reply_code)
        at = from_epoch(attempt.get("ts"))
        if kind is None or at is None:
            yield BadRecord(source, f"smtp_events[{index}] has no known type or usable ts")
            continue
        extra = {"mandrill_smtp_type": get_str(attempt, "type") or ""}
        for field_name in ("source_ip", "size"):
            value = get_str(attempt, field_name, 100)
            if value is not None:
                extra[field_name] = value
        yield parsed_event(
            source=source,
            type=kind,
            recipient=recipient,
            at=at,
            key=f"mandrill:{message_id}:smtp:{index}",
            message_id=message_id,
            sender=get_str(record, "sender", 320),
            subject=get_str(record, "subject", 998),
            account=get_str(get_dict(record, "metadata"), "account", 200),
            reply_code=reply_code,
            status=status,
            diagnostic=diagnostic,
            remote_host=get_str(attempt, "destination_ip", 255),
            raw=raw_text(text),
            extra=extra,
        )


def _by_code(code: int | None) -> EventType | None:
    if code is None:
        return None
    return {2: EventType.DELIVERED, 4: EventType.DEFERRED, 5: EventType.HARD_BOUNCE}.get(
        code // 100
    )
