"""An event's original record made readable: a log line, a DSN mail decoded, webhook JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_string
from email.message import Message as MailMessage
from email.policy import compat32

from desktop.domain.model import EventType

# Mail headers worth showing from the bounce itself and the returned message.
_HEADERS = (
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Original-Message-ID",
    "Original-From",
    "Original-Subject",
)
_MAX_TEXT = 20_000  # a record is shown as a whole up to here; beyond, it is cut (with a note)


@dataclass(frozen=True, slots=True)
class OriginalRecord:
    """One stored event with the raw record it came from (text from outside: plain only)."""

    event_id: int
    type: EventType
    at: datetime
    source: str | None
    raw: str | None
    reply_code: int | None = None
    status: str | None = None
    remote_host: str | None = None
    diagnostic: str | None = None


def _decoded(part: MailMessage) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("utf-8", errors="replace")
    raw = part.get_payload()
    return raw if isinstance(raw, str) else ""


def _status_fields(part: MailMessage) -> str:
    # message/delivery-status: blocks of header fields, decoded by the parser into sub-parts
    blocks = part.get_payload()
    lines: list[str] = []
    if isinstance(blocks, list):
        for block in blocks:
            if isinstance(block, MailMessage):
                lines += [
                    f"{name}: {' '.join(str(value).split())}" for name, value in block.items()
                ]
                lines.append("")
    else:
        lines.append(_decoded(part).strip())
    return "\n".join(lines).strip()


def _mail(text: str) -> str:
    mail = message_from_string(text, policy=compat32)
    out = [f"{name}: {' '.join(str(mail[name]).split())}" for name in _HEADERS if mail[name]]
    explanation: str | None = None
    statuses: list[str] = []
    for part in mail.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status" or kind == "message/feedback-report":
            statuses.append(_status_fields(part))
        elif kind == "text/plain" and explanation is None and not statuses:
            explanation = _decoded(part).strip()
    if explanation:
        out += ["", explanation]
    for status in statuses:
        out += ["", "--- delivery status ---", status]
    return "\n".join(out)


def _looks_like_mail(text: str) -> bool:
    head = text[:2000]
    return bool(re.search(r"(?im)^(?:from|received|return-path|content-type|mime-version):", head))


def readable(raw: str | None) -> str:
    """The record as plain text for a person: JSON indented, a mail's headers and its
    delivery-status part decoded, a log line as it is."""
    if not raw:
        return ""
    text = raw[:_MAX_TEXT]
    note = (
        f"\n\n[... {len(raw) - _MAX_TEXT} more characters not shown]"
        if len(raw) > _MAX_TEXT
        else ""
    )
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        try:
            return json.dumps(json.loads(stripped), indent=2, ensure_ascii=False) + note
        except ValueError:
            return text + note
    if _looks_like_mail(text):
        try:
            return _mail(text) + note
        except (ValueError, LookupError, TypeError):
            return text + note
    return text + note


def find_phrase(text: str, phrase: str | None) -> tuple[int, int] | None:
    """Where `phrase` is in `text`, case and line folding aside (None when it is not)."""
    if not phrase or not phrase.strip():
        return None
    pattern = r"\s+".join(re.escape(word) for word in phrase.split())
    found = re.search(pattern, text, re.IGNORECASE)
    return whole_words(text, *found.span()) if found else None


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`..`end` widened to whole words: a rule that matched "greylist" marks all of
    "Greylisted", not a piece of it."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def escalation_block(record: OriginalRecord, message_id: str, recipient: str) -> str:
    """The compact technical facts a receiving provider's postmaster form asks for."""
    at = record.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    said = " ".join((record.diagnostic or "").split())
    lines = [
        f"Time: {at}",
        f"Recipient: {recipient}",
        f"Remote host: {record.remote_host or 'unknown'}",
        f"Reply code: {record.reply_code or 'none'}",
        f"Enhanced status code: {record.status or 'none'}",
        f"Our Message-ID: {f'<{ours}>' if (ours := message_id.strip('<> ')) else 'unknown'}",
    ]
    if said:
        lines.append(f"Server said: {said[:500]}")
    return "\n".join(lines)
