"""Read bounce mail (RFC 3464 reports, common non-standard notices, ARF complaints) into events."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason, parsed_event
from desktop.domain.validation import plausible_time
from desktop.ingest.dsn.classify import MailKind, classify_part
from desktop.ingest.dsn.extract import BounceFacts, FailedRecipient, extract
from desktop.ingest.dsn.mail_mime import Part, normalise_newlines, parse
from desktop.ingest.dsn.mail_source import RawMessage, iter_messages

__all__ = [
    "ReadStats",
    "bare_message_id",
    "classify_mail",
    "parse_mail",
    "read",
    "read_date",
    "read_with_stats",
]

_DELIVERED_ACTIONS = ("delivered", "relayed", "expanded")
# Bytes found in mail text; translating them away leaves the control bytes of binary data.
_TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\x1b\x0c"
_DATE = re.compile(
    r"(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*([+-]\d{4})"
)
_ZONES: dict[str, timezone] = {}  # "+0100" -> its zone, built once; a few dozen in practice
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


@dataclass(slots=True)
class ReadStats:
    """Counts of what `read_with_stats` saw; mails that are not bounces are counted, not yielded."""

    messages: int = 0
    bounces: int = 0
    feedback: int = 0
    autoreplies: int = 0
    not_bounces: int = 0
    bad: int = 0
    events: int = 0


# Feedback reports that are no complaint by the recipient: RFC 6591's authentication failure
# report is about our SPF/DKIM/DMARC (the mail may even have been delivered), and RFC 5965's
# "not-spam" says the opposite of a complaint. Quarantining the recipient for them is wrong.
NOT_COMPLAINTS = frozenset({"auth-failure", "not-spam"})


def read(paths: Sequence[str]) -> Iterator[ParsedEvent | BadRecord]:
    """Events from .eml files, mbox files and Maildir folders, one message in memory at a time."""
    return read_with_stats(paths, ReadStats())


def read_with_stats(paths: Sequence[str], stats: ReadStats) -> Iterator[ParsedEvent | BadRecord]:
    """Like `read`, counting bounces, complaints, auto-replies and other mail into `stats`."""
    mtime_of: tuple[str, datetime] | None = None  # the current file's, read once per file
    for item in iter_messages(paths):
        if isinstance(item, tuple):
            stats.bad += 1
            yield BadRecord(source=item[0], why=item[1])
            continue
        stats.messages += 1
        if mtime_of is None or mtime_of[0] != item.path:
            mtime_of = (item.path, _mtime(item.path))
        kind, results = parse_mail(item, mtime_of[1])
        if kind == "autoreply":
            stats.autoreplies += 1
        elif kind == "not_bounce":
            stats.not_bounces += 1
        elif kind == "feedback":
            stats.feedback += 1
        elif kind == "bounce":
            stats.bounces += 1
        for result in results:
            if isinstance(result, BadRecord):
                stats.bad += 1
            else:
                stats.events += 1
            yield result


def classify_mail(raw: bytes) -> MailKind:
    """Whether `raw` is a bounce, a spam-complaint report, an auto-reply or other mail."""
    return classify_part(parse(normalise_newlines(raw)))


def parse_mail(
    message: RawMessage, fallback_time: datetime
) -> tuple[MailKind | None, list[ParsedEvent | BadRecord]]:
    """The kind of one message and what it yields; the kind is None when it is not mail at all."""
    data = message.data
    why = _unusable(data)
    if why is not None:
        return None, [BadRecord(message.source, why)]
    try:
        top = parse(normalise_newlines(data))
        if not top.headers:
            return None, [BadRecord(message.source, "not a mail message: no header lines")]
        kind = classify_part(top)
        if kind in ("autoreply", "not_bounce"):
            return kind, []
        facts = extract(top, feedback=kind == "feedback")
        if kind == "feedback" and facts.feedback_type in NOT_COMPLAINTS:
            return "not_bounce", []
    # Mail from remote servers is hostile input; one malformed message must not stop the
    # import of the rest, so a failure becomes a BadRecord that names it.
    except Exception as exc:
        return None, [
            BadRecord(message.source, f"could not parse the message: {type(exc).__name__}")
        ]
    if not facts.recipients:
        what = "complaint report" if kind == "feedback" else "bounce"
        return kind, [BadRecord(message.source, f"{what} names no recipient that could be read")]
    digest = None if facts.bounce_id else hashlib.sha1(data).hexdigest()
    heading = _heading(top, facts)
    events: list[ParsedEvent | BadRecord] = [
        _event(message.source, kind, facts, recipient, fallback_time, digest, heading)
        for recipient in facts.recipients
    ]
    return kind, events


def _event(
    source: str,
    kind: MailKind,
    facts: BounceFacts,
    recipient: FailedRecipient,
    fallback_time: datetime,
    digest: str | None,
    heading: str = "",
) -> ParsedEvent:
    status = recipient.status
    if status is None and recipient.reply_code is not None:
        status = f"{recipient.reply_code // 100}.0.0"
    if status is None and kind == "bounce":
        # RFC 3463 x.0.0 is "other or undefined": the notice gave no code, only its verdict.
        status = "4.0.0" if recipient.action == "delayed" else "5.0.0"
    event_type = _event_type(kind, recipient.action, status)
    original_id = bare_message_id(facts.original.get("message-id"))
    key_parts = (
        original_id or "",
        recipient.address,
        status or "",
        facts.bounce_id or digest or "",
    )
    key = hashlib.sha256("\x1f".join(key_parts).encode("utf-8", "replace")).hexdigest()[:32]
    extra: dict[str, str] = {}
    if facts.verp_recipient:
        extra["verp_recipient"] = facts.verp_recipient
    if facts.feedback_type:
        extra["feedback_type"] = facts.feedback_type
    if recipient.action:
        extra["action"] = recipient.action
    if facts.bounce_id:
        extra["bounce_message_id"] = bare_message_id(facts.bounce_id) or facts.bounce_id
    if facts.reporting_mta:
        extra["reporting_mta"] = facts.reporting_mta
    at, time_note = _event_time(
        recipient.when, facts.arrival_date, facts.bounce_date, fallback_time
    )
    if time_note:
        extra["time_note"] = time_note
    return parsed_event(
        source=source,
        type=event_type,
        recipient=recipient.address,
        at=at,
        key=f"dsn:{key}",
        message_id=original_id,
        sender=facts.original.get("from"),
        subject=facts.original.get("subject"),
        account=facts.original.get("account"),
        reply_code=recipient.reply_code,
        status=status,
        diagnostic=recipient.diagnostic,
        remote_host=recipient.remote_host,
        reason=Reason.SPAM_COMPLAINT if kind == "feedback" else None,
        raw="\n\n".join(part for part in (heading, recipient.raw or "") if part)[:6000] or None,
        extra=extra,
    )


def _heading(top: Part, facts: BounceFacts) -> str:
    """The bounce mail's own headers and the returned message's, for 'Show original'."""
    fields = [
        (name, top.decoded_header(name.lower())) for name in ("From", "To", "Subject", "Date")
    ]
    fields.append(("Message-ID", facts.bounce_id))
    fields += [(f"Original-{name}", facts.original.get(name.lower())) for name in _ORIGINAL]
    return "\n".join(f"{name}: {' '.join(value.split())}" for name, value in fields if value)


_ORIGINAL = ("Message-ID", "From", "Subject")


def _event_time(
    when: str | None, arrival: str | None, dated: str | None, mailbox_time: datetime
) -> tuple[datetime, str | None]:
    """The event's time, and a note saying so when a date the notice gives could not be used.

    The per-recipient date first, then the Arrival-Date, then the Date header; when none can
    be read (or is impossible, like 9999-12-31) the mailbox's delivery time.
    """
    unreadable: list[str] = []
    for name, value in (("Last-Attempt-Date", when), ("Arrival-Date", arrival), ("Date", dated)):
        if not value:
            continue
        moment = read_date(value)
        if moment is not None:
            note = f"unreadable {unreadable[0]}; the {name} is used" if unreadable else None
            return moment, note
        unreadable.append(name)
    if unreadable:
        return mailbox_time, f"unreadable {unreadable[0]}; the mailbox delivery time is used"
    return mailbox_time, None


def bare_message_id(value: str | None) -> str | None:
    """A Message-ID without its angle brackets or comments, as the other feeds store it."""
    if not value:
        return None
    start = value.find("<")
    end = value.find(">", start + 1)
    inner = value[start + 1 : end] if start >= 0 and end > start else value
    return inner.strip() or None


def _event_type(kind: MailKind, action: str | None, status: str | None) -> EventType:
    if kind == "feedback":
        return EventType.SPAM_COMPLAINT
    if action in _DELIVERED_ACTIONS:
        return EventType.DELIVERED
    if action == "delayed":
        return EventType.DEFERRED
    if status is not None and status.startswith("4"):
        return EventType.SOFT_BOUNCE
    if status is not None and status.startswith("2") and action != "failed":
        return EventType.DELIVERED
    return EventType.HARD_BOUNCE


def read_date(*values: str | None) -> datetime | None:
    """The first parsable RFC 5322 date among `values`, in UTC (a zone-less date counts as UTC)."""
    for value in values:
        if not value:
            continue
        text = value.split(";")[-1].strip()
        moment = _quick_date(text)
        if moment is None:
            try:
                moment = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        try:
            found = plausible_time(moment.astimezone(UTC))
        except (OverflowError, ValueError):
            continue
        if found is not None:
            return found
    return None


def _quick_date(text: str) -> datetime | None:
    """The common "Tue, 3 Mar 2026 10:15:01 +0100" form, read without the email package's cost."""
    match = _DATE.match(text)
    if match is None:
        return None
    day, month, year, hour, minute, second, zone = match.groups()
    month_number = _MONTHS.get(month.lower())
    if month_number is None:
        return None
    zone_info = _ZONES.get(zone)
    if zone_info is None:
        offset = int(zone[1:3]) * 60 + int(zone[3:5])
        zone_info = timezone(timedelta(minutes=-offset if zone[0] == "-" else offset))
        if len(_ZONES) < 200:
            _ZONES[zone] = zone_info
    try:
        return datetime(
            int(year),
            month_number,
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            tzinfo=zone_info,
        )
    except ValueError:
        return None


def _unusable(data: bytes) -> str | None:
    if not data.strip():
        return "empty message"
    head = data[:2048]
    # A stray NUL happens in real bounces; many control bytes mean this is not text at all.
    if len(head.translate(None, _TEXT_BYTES)) > len(head) // 10:
        return "binary data, not a mail message"
    return None


def _mtime(path: str) -> datetime:
    try:
        return datetime.fromtimestamp(os.path.getmtime(path), tz=UTC)
    except (OSError, ValueError, OverflowError):
        return datetime.now(tz=UTC)
