"""Reader of Amazon SES notifications and events, bare or inside their SNS envelope."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason, parsed_event
from desktop.ingest.feedkit import (
    ReadStats,
    Skipped,
    address,
    from_iso,
    get_dict,
    get_list,
    get_str,
    parse_smtp_reply,
    raw_text,
    record_key,
    server_text,
    strip_brackets,
)
from desktop.ingest.jsonstream import read_json_feed

_ENGAGEMENT = frozenset({"Open", "Click", "Rendering Failure", "Subscription"})
# Bounces SES reports without having tried: the address was on a suppression list.
_SUPPRESSED = frozenset({"Suppressed", "OnAccountSuppressionList"})


def read(
    paths: Sequence[str], *, stats: ReadStats | None = None
) -> Iterator[ParsedEvent | BadRecord]:
    """Events from SES notifications, one per line or in a JSON array."""
    return read_json_feed(paths, events_from, stats)


@dataclass(frozen=True, slots=True)
class _Mail:
    """What every event of one SES message shares (the notification's "mail" object)."""

    source: str
    text: str
    kind: str
    message_id: str | None
    sender: str | None
    subject: str | None
    account: str | None
    header_id: str | None
    sent_at: Any


def events_from(
    record: dict[str, Any], source: str, text: str
) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    if "Type" in record and "TopicArn" in record:  # the SNS envelope
        if get_str(record, "Type") != "Notification":
            yield Skipped(f"SNS {get_str(record, 'Type')}")
            return
        inner = record.get("Message")
        try:
            message = json.loads(inner) if isinstance(inner, str) else inner
        except (ValueError, RecursionError):
            yield BadRecord(source, "SNS Message is not JSON")
            return
        if not isinstance(message, dict):
            yield BadRecord(source, "SNS Message is not a JSON object")
            return
        record = message
    kind = get_str(record, "notificationType") or get_str(record, "eventType")
    if kind is None:
        yield BadRecord(source, "neither notificationType nor eventType")
        return
    if kind in _ENGAGEMENT:
        yield Skipped(kind)
        return
    mail_object = get_dict(record, "mail")
    headers = get_dict(mail_object, "commonHeaders")
    tags = get_dict(mail_object, "tags")
    account_tag = tags.get("account")
    mail = _Mail(
        source=source,
        text=raw_text(text),
        kind=kind,
        message_id=get_str(mail_object, "messageId", 200),
        sender=get_str(mail_object, "source", 320),
        subject=get_str(headers, "subject", 998),
        account=(
            account_tag[0][:200]
            if isinstance(account_tag, list) and account_tag and isinstance(account_tag[0], str)
            else None
        ),
        header_id=strip_brackets(get_str(headers, "messageId", 998)),
        sent_at=mail_object.get("timestamp"),
    )
    handler = _HANDLERS.get(kind)
    if handler is None:
        yield Skipped(f"unknown notification {kind}")
        return
    yield from handler(record, mail)


def _bounce(record: dict[str, Any], mail: _Mail) -> Iterator[ParsedEvent | BadRecord]:
    bounce = get_dict(record, "bounce")
    bounce_type = get_str(bounce, "bounceType")
    sub_type = get_str(bounce, "bounceSubType") or ""
    if sub_type in _SUPPRESSED:
        kind = EventType.REJECTED
    elif bounce_type == "Permanent":
        kind = EventType.HARD_BOUNCE
    else:  # Transient and Undetermined: nothing says the address is gone
        kind = EventType.SOFT_BOUNCE
    remote = get_str(bounce, "remoteMtaIp", 255) or _mta(get_str(bounce, "reportingMTA", 255))
    extra = {"bounce_type": bounce_type or "", "bounce_sub_type": sub_type}
    for person in _people(bounce, "bouncedRecipients", mail):
        if isinstance(person, BadRecord):
            yield person
            continue
        recipient, entry = person
        diagnostic = server_text(get_str(entry, "diagnosticCode"))
        reply_code, status = parse_smtp_reply(diagnostic)
        action = get_str(entry, "action", 40)
        yield _event(
            mail,
            kind,
            recipient,
            bounce.get("timestamp"),
            bounce,
            "feedbackId",
            reply_code=reply_code,
            status=get_str(entry, "status", 20) or status,
            diagnostic=diagnostic,
            remote_host=remote,
            extra={**extra, "action": action} if action else extra,
        )


def _complaint(record: dict[str, Any], mail: _Mail) -> Iterator[ParsedEvent | BadRecord | Skipped]:
    complaint = get_dict(record, "complaint")
    feedback = get_str(complaint, "complaintFeedbackType", 40)
    if feedback == "not-spam":
        yield Skipped("complaint not-spam")
        return
    for person in _people(complaint, "complainedRecipients", mail):
        if isinstance(person, BadRecord):
            yield person
            continue
        yield _event(
            mail,
            EventType.SPAM_COMPLAINT,
            person[0],
            complaint.get("timestamp"),
            complaint,
            "feedbackId",
            reason=Reason.SPAM_COMPLAINT,
            extra={"complaint_feedback_type": feedback} if feedback else {},
        )


def _delivery(record: dict[str, Any], mail: _Mail) -> Iterator[ParsedEvent | BadRecord]:
    delivery = get_dict(record, "delivery")
    response = get_str(delivery, "smtpResponse")
    reply_code, status = parse_smtp_reply(response)
    for recipient in get_list(delivery, "recipients"):
        found = address(recipient)
        if found is None:
            yield BadRecord(mail.source, "delivery recipient is not an address")
            continue
        yield _event(
            mail,
            EventType.DELIVERED,
            found,
            delivery.get("timestamp"),
            delivery,
            None,
            reply_code=reply_code,
            status=status,
            diagnostic=response,
            remote_host=get_str(delivery, "remoteMtaIp", 255),
        )


def _delay(record: dict[str, Any], mail: _Mail) -> Iterator[ParsedEvent | BadRecord]:
    delay = get_dict(record, "deliveryDelay")
    delay_type = get_str(delay, "delayType", 60) or ""
    for person in _people(delay, "delayedRecipients", mail):
        if isinstance(person, BadRecord):
            yield person
            continue
        recipient, entry = person
        diagnostic = server_text(get_str(entry, "diagnosticCode"))
        reply_code, status = parse_smtp_reply(diagnostic)
        yield _event(
            mail,
            EventType.DEFERRED,
            recipient,
            delay.get("timestamp"),
            delay,
            None,
            reply_code=reply_code,
            status=get_str(entry, "status", 20) or status,
            diagnostic=diagnostic,
            extra={"delay_type": delay_type},
        )


def _send_or_reject(record: dict[str, Any], mail: _Mail) -> Iterator[ParsedEvent | BadRecord]:
    kind = EventType.QUEUED if mail.kind == "Send" else EventType.REJECTED
    detail = get_dict(record, "reject")
    for recipient in get_list(get_dict(record, "mail"), "destination"):
        found = address(recipient)
        if found is None:
            yield BadRecord(mail.source, "destination is not an address")
            continue
        yield _event(
            mail, kind, found, mail.sent_at, detail, None, diagnostic=get_str(detail, "reason")
        )


def _people(
    body: dict[str, Any], key: str, mail: _Mail
) -> Iterator[tuple[str, dict[str, Any]] | BadRecord]:
    entries = get_list(body, key)
    if not entries:
        yield BadRecord(mail.source, f"{mail.kind} without {key}")
    for entry in entries:
        found = address(entry.get("emailAddress")) if isinstance(entry, dict) else None
        if found is None or not isinstance(entry, dict):
            yield BadRecord(mail.source, f"an entry of {key} has no emailAddress")
            continue
        yield found, entry


def _event(
    mail: _Mail,
    kind: EventType,
    recipient: str,
    when: Any,
    body: dict[str, Any],
    id_field: str | None,
    *,
    reply_code: int | None = None,
    status: str | None = None,
    diagnostic: str | None = None,
    remote_host: str | None = None,
    reason: Reason | None = None,
    extra: dict[str, str] | None = None,
) -> ParsedEvent | BadRecord:
    at = from_iso(when) or from_iso(mail.sent_at)
    if at is None:
        return BadRecord(mail.source, f"{mail.kind} without a usable timestamp")
    feedback = get_str(body, id_field, 200) if id_field else None
    if feedback:
        key = f"ses:{feedback}:{recipient}"
    elif mail.message_id:
        key = f"ses:{mail.kind}:{mail.message_id}:{recipient}"
        if kind is EventType.DEFERRED:  # a message can be delayed many times
            key += f":{at.isoformat()}"
    else:
        key = record_key("ses", [mail.text, recipient])
    full_extra = {"ses_type": mail.kind, **(extra or {})}
    if mail.header_id:
        full_extra["header_message_id"] = mail.header_id
    return parsed_event(
        source=mail.source,
        type=kind,
        recipient=recipient,
        at=at,
        key=key,
        message_id=mail.message_id,
        sender=mail.sender,
        subject=mail.subject,
        account=mail.account,
        reply_code=reply_code,
        status=status,
        diagnostic=diagnostic,
        remote_host=remote_host,
        reason=reason,
        raw=mail.text,
        extra=full_extra,
    )


def _mta(reporting: str | None) -> str | None:
    """ "dns; mx.example.com" -> "mx.example.com"."""
    if reporting is None:
        return None
    return reporting.partition(";")[2].strip() or reporting


_HANDLERS = {
    "Bounce": _bounce,
    "Complaint": _complaint,
    "Delivery": _delivery,
    "DeliveryDelay": _delay,
    "Send": _send_or_reject,
    "Reject": _send_or_reject,
}
