"""Pull failed recipients, codes and the original message's identifiers out of a parsed bounce."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.ingest.dsn.classify import JMRP_PATTERN
from desktop.ingest.dsn.fields import (
    address_of,
    addresses_in,
    diagnostic_of,
    host_of,
    parse_status_report,
    reply_code_in,
    status_in,
)
from desktop.ingest.dsn.mail_mime import Part, decode_words, parse_headers, plain
from desktop.ingest.dsn.text import (
    TextFinding,
    findings_from_text,
    is_temporary,
    quoted_headers,
    split_returned,
)

_REPORT_TYPES = ("message/delivery-status", "message/global-delivery-status")
_ORIGINAL_TYPES = ("message/rfc822", "message/global", "text/rfc822-headers")
_HEADERS_TYPES = ("text/rfc822-headers", "message/rfc822-headers", "message/global-headers")
_FIELDS_IN_TEXT = re.compile(r"^(?:Final|Original)-Recipient[ \t]*:", re.I | re.M)
# VERP: the sender encodes the recipient in the return address, e.g. bounces+jan=example.nl@...
_VERP = re.compile(r"^[^@+=]+[+-]([^@+=]+)=([A-Za-z0-9.-]+\.[A-Za-z]{2,})@", re.I)
_ACCOUNT_HEADERS = ("x-account", "x-mailer-account", "x-account-id", "x-bouncedesk-account")
_ORIGINAL_ID_HEADERS = ("x-original-message-id", "x-message-id")
# The returned original's headers worth reading; the rest (Received, DKIM...) are skipped.
_ORIGINAL_FIELDS = re.compile(
    r"^(message-id|from|subject|to|"
    + "|".join(_ACCOUNT_HEADERS + _ORIGINAL_ID_HEADERS)
    + r")[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)",
    re.I | re.M,
)


@dataclass(slots=True)
class FailedRecipient:
    """One recipient of a bounce or complaint with everything the mail says about it."""

    address: str
    action: str | None = None
    status: str | None = None
    reply_code: int | None = None
    diagnostic: str | None = None
    remote_host: str | None = None
    when: str | None = None
    raw: str | None = None


@dataclass(slots=True)
class BounceFacts:
    """What one bounce or complaint mail says: recipients plus the original's identifiers."""

    recipients: list[FailedRecipient] = field(default_factory=list)
    original: dict[str, str] = field(default_factory=dict)
    bounce_id: str | None = None
    bounce_date: str | None = None
    arrival_date: str | None = None
    verp_recipient: str | None = None
    feedback_type: str | None = None
    reporting_mta: str | None = None


def extract(top: Part, feedback: bool) -> BounceFacts:
    """Facts of a bounce (or, with `feedback`, an ARF report) already parsed into parts."""
    bounce_id = (top.header("message-id") or "").strip() or None
    facts = BounceFacts(bounce_id=bounce_id, bounce_date=top.header("date"))
    parts = list(top.walk())
    facts.original = _original_headers(top, parts)
    facts.verp_recipient = _verp(top)
    notice = _Notice(parts)
    if not facts.original and notice.quoted:
        facts.original = _identifiers(quoted_headers(notice.quoted), top)
    if feedback:
        _read_feedback(parts, facts, notice.text)
        return facts
    reports = [part.text() for part in parts if part.ctype in _REPORT_TYPES]
    if not reports:
        # Broken reports: the fields sent as text/plain, or pasted into the notice itself.
        texts_of_parts = [part.text() for part in parts if part.ctype == "text/plain"]
        reports = [text for text in texts_of_parts if _FIELDS_IN_TEXT.search(text)]
    texts = _LazyFindings(notice, lambda: _own_addresses(top, facts))
    for text in reports:
        _read_report(text, facts, texts)
    if not facts.recipients:
        _read_text(top, facts, notice.text, texts.get_all(), texts.exclude())
    return facts


class _Notice:
    """The human-readable notice and the original quoted below it, read only when needed."""

    def __init__(self, parts: list[Part]) -> None:
        self._parts = parts
        self._split: tuple[str, str] | None = None

    def _get(self) -> tuple[str, str]:
        if self._split is None:
            self._split = split_returned(_notice_text(self._parts))
        return self._split

    @property
    def text(self) -> str:
        return self._get()[0]

    @property
    def quoted(self) -> str:
        return self._get()[1]


def _read_text(
    top: Part, facts: BounceFacts, notice: str, texts: dict[str, TextFinding], exclude: set[str]
) -> None:
    """Recipients of a bounce without a report: the notice, X-Failed-Recipients, the original."""
    action = "delayed" if is_temporary(notice, top.decoded_header("subject") or "") else "failed"
    named = list(texts) or addresses_in(top.header("x-failed-recipients") or "")
    if not named:
        # The notice names nobody; a returned message sent to a single address names it.
        to = [a for a in addresses_in(facts.original.get("to", "")) if a not in exclude]
        named = to if len(to) == 1 else []
    for address in named:
        item = texts.get(address) or _whole_notice(address, notice)
        facts.recipients.append(
            FailedRecipient(
                address,
                action,
                item.status,
                item.reply_code,
                item.diagnostic,
                item.remote_host,
                raw=notice[:4000],
            )
        )


def _whole_notice(address: str, notice: str) -> TextFinding:
    return TextFinding(
        address, status_in(notice), reply_code_in(notice), plain(notice)[:1000] or None, None
    )


class _LazyFindings:
    """The notice's own account of each recipient, read only when a report leaves gaps."""

    def __init__(self, notice: _Notice, exclude: Callable[[], set[str]]) -> None:
        self._notice = notice
        self._exclude_source = exclude
        self._exclude: set[str] | None = None
        self._found: dict[str, TextFinding] | None = None

    def exclude(self) -> set[str]:
        """Addresses of the bounce itself and of the original sender."""
        if self._exclude is None:
            self._exclude = self._exclude_source()
        return self._exclude

    def get_all(self) -> dict[str, TextFinding]:
        if self._found is None:
            found = findings_from_text(self._notice.text, self.exclude())
            self._found = {item.recipient: item for item in found}
        return self._found

    def get(self, address: str) -> TextFinding | None:
        return self.get_all().get(address)


def _read_report(text: str, facts: BounceFacts, texts: _LazyFindings) -> None:
    report = parse_status_report(text)
    facts.arrival_date = facts.arrival_date or report.message.get("arrival-date")
    facts.reporting_mta = facts.reporting_mta or host_of(report.message.get("reporting-mta"))
    for group in report.recipients:
        address = (
            address_of(group.get("final-recipient"))
            or address_of(group.get("original-recipient"))
            or address_of(group.get("x-actual-recipient"))
        )
        if address is None:
            continue
        diagnostic = diagnostic_of(group.get("diagnostic-code"))
        found = texts.get(address) if diagnostic is None else None
        if found is not None:
            diagnostic = found.diagnostic
        status = _best_status(status_in(group.get("status")), status_in(diagnostic))
        if status is None:
            found = found or texts.get(address)
            status = found.status if found else None
        facts.recipients.append(
            FailedRecipient(
                address=address,
                action=_action(group.get("action")),
                status=status,
                reply_code=reply_code_in(diagnostic),
                diagnostic=diagnostic,
                remote_host=host_of(group.get("remote-mta")),
                when=group.get("last-attempt-date"),
                raw="\n".join(f"{key}: {value}" for key, value in group.items())[:4000],
            )
        )


def _action(value: str | None) -> str | None:
    """The action keyword ("failed", "delayed", ...) without comments, lower-case."""
    words = (value or "").split()
    return words[0].lower() if words else None


def _best_status(field_status: str | None, diagnostic_status: str | None) -> str | None:
    """The remote server's own code from the diagnostic, else the reporting MTA's Status.

    The Status field is the reporting MTA's summary (often a generic 4.4.7 or x.0.0); the code
    in the remote server's reply says what actually went wrong.
    """
    if diagnostic_status is None or diagnostic_status[0] == "2":
        return field_status
    return diagnostic_status


def _read_feedback(parts: list[Part], facts: BounceFacts, notice: str) -> None:
    fields: dict[str, str] = {}
    for part in parts:
        if part.ctype == "message/feedback-report":
            fields = parse_status_report(part.text()).message
            break
    facts.feedback_type = (fields.get("feedback-type") or "abuse").lower()
    facts.arrival_date = fields.get("arrival-date") or fields.get("received-date")
    address = (
        address_of(fields.get("original-rcpt-to"))
        or address_of(facts.original.get("to"))
        or address_of(fields.get("removal-recipient"))
        or _jmrp_recipient(parts)
    )
    if address is not None:
        raw = "\n".join(f"{key}: {value}" for key, value in fields.items())
        facts.recipients.append(
            FailedRecipient(address, diagnostic=plain(notice)[:1000] or None, raw=raw[:4000])
        )


def _jmrp_recipient(parts: list[Part]) -> str | None:
    for part in parts:
        if part.ctype == "message/rfc822":
            for _, value in part.enclosed_headers(JMRP_PATTERN):
                return address_of(value)
    return None


def _notice_text(parts: list[Part]) -> str:
    """The human-readable notice: the text parts before the returned message or the report."""
    texts: list[str] = []
    skip_depth: int | None = None
    for part in parts:
        if skip_depth is not None and part.depth > skip_depth:
            continue
        skip_depth = None
        if part.ctype in _ORIGINAL_TYPES:
            skip_depth = part.depth
            continue
        if part.ctype in ("text/plain", "text/html") and not (texts and part.ctype == "text/html"):
            texts.append(part.text())
    return "\n\n".join(texts)


def _original_headers(top: Part, parts: list[Part]) -> dict[str, str]:
    for part in parts:
        if part.depth == 0:
            continue
        if part.ctype in _HEADERS_TYPES:
            return _identifiers(parse_headers(part.payload()), top)
        if part.ctype in ("message/rfc822", "message/global"):
            return _identifiers(part.enclosed_headers(_ORIGINAL_FIELDS), top)
    return _identifiers([], top)


def _identifiers(headers: list[tuple[str, str]], top: Part) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in headers:
        if name in ("message-id", "from", "subject", "to") and name not in found and value:
            found[name] = decode_words(value)
        elif name in _ACCOUNT_HEADERS and "account" not in found and value:
            found["account"] = value
        elif name in _ORIGINAL_ID_HEADERS and "x-message-id" not in found and value:
            found["x-message-id"] = value
    for name in _ACCOUNT_HEADERS:
        own = top.header(name)
        if own and "account" not in found:
            found["account"] = own
    # On the bounce itself only this one names the original; its X-Message-ID is its own.
    own_id = top.header("x-original-message-id")
    if own_id and "message-id" not in found:
        found["message-id"] = own_id
    if "message-id" not in found and "x-message-id" in found:
        found["message-id"] = found["x-message-id"]
    return found


def _own_addresses(top: Part, facts: BounceFacts) -> set[str]:
    """Addresses that belong to the bounce or the original sender, never failed recipients."""
    values = [top.header(name) or "" for name in ("from", "to", "cc", "reply-to", "return-path")]
    values.append(facts.original.get("from", ""))
    values.append(facts.original.get("message-id", ""))
    values.append(top.header("message-id") or "")
    return set(addresses_in(" ".join(values)))


def _verp(top: Part) -> str | None:
    for name in ("x-original-to", "delivered-to", "to", "envelope-to"):
        value = top.header(name)
        if not value or "=" not in value:  # a VERP address always holds "="
            continue
        for address in addresses_in(value):
            if address.startswith("srs"):
                continue
            match = _VERP.match(address)
            if match is not None:
                return f"{match.group(1)}@{match.group(2)}".lower()
    return None
