"""RFC 3464 delivery-status fields, read forgivingly, and the codes found in bounce text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Enhanced status code (RFC 3463): class.subject.detail; not part of an IP address or version.
_STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)")
# qmail and a few others write the enhanced code as "#5.1.1".
_REPLY = re.compile(r"(?<![\d.#-])([245][0-5]\d)(?!\d|\.\d|%)")
_ADDRESS = re.compile(
    r"[^\s<>()\[\]\"',;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)
_NOT_LOCAL = frozenset(" \t\r\n\f\v<>()[]\"',;:@")
_DOMAIN_HEAD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
# In a recipient field the domain may be a bare host name ("rfc822; user@mailhub").
_FIELD_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]+@[A-Za-z0-9][A-Za-z0-9.-]*")
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$")

_PER_RECIPIENT = frozenset(
    {
        "original-recipient",
        "final-recipient",
        "action",
        "status",
        "remote-mta",
        "diagnostic-code",
        "last-attempt-date",
        "final-log-id",
        "will-retry-until",
        "x-actual-recipient",
    }
)
_RECIPIENT_FIELDS = ("final-recipient", "original-recipient", "x-actual-recipient")


@dataclass(slots=True)
class StatusReport:
    """The fields of a message/delivery-status body: one per-message group, recipient groups."""

    message: dict[str, str] = field(default_factory=dict)
    recipients: list[dict[str, str]] = field(default_factory=list)


def parse_status_report(text: str) -> StatusReport:
    """Fields grouped per recipient, tolerating missing blank lines and fields in odd order."""
    report = StatusReport()
    group: dict[str, str] = {}
    last: tuple[dict[str, str], str] | None = None
    for line in text.split("\n"):
        if not line.strip():
            if any(name in group for name in _RECIPIENT_FIELDS):
                report.recipients.append(group)
                group = {}
            continue
        if line[:1] in (" ", "\t"):
            if last is not None:
                target, name = last
                target[name] = f"{target[name]} {line.strip()}"
            continue
        match = _FIELD.match(line)
        if match is None:
            last = None
            continue
        name, value = match.group(1).lower(), match.group(2).strip()
        if name in _PER_RECIPIENT:
            # A repeated field means a new recipient started without the blank line between.
            if name in group and any(key in group for key in _RECIPIENT_FIELDS):
                report.recipients.append(group)
                group = {}
            group.setdefault(name, value)
            last = (group, name)
        else:
            report.message.setdefault(name, value)
            last = (report.message, name)
    if any(name in group for name in _RECIPIENT_FIELDS):
        report.recipients.append(group)
    return report


def address_of(value: str | None) -> str | None:
    """The mail address in a recipient field ("rfc822; <a@b>") or free text, lower-cased."""
    if not value:
        return None
    _, semicolon, rest = value.partition(";")
    match = _ADDRESS.search(rest if semicolon else value)
    if match is None and semicolon:
        match = _FIELD_ADDRESS.search(rest)
    if match is None:
        return None
    return match.group(0).strip(".").lower()


def addresses_in(text: str) -> list[str]:
    """Every mail address in `text`, in order."""
    found: list[str] = []
    at = text.find("@")
    # Scanning from each "@" outwards is much cheaper than matching at every position.
    while at >= 0:
        begin = at
        while begin > 0 and at - begin < 128 and text[begin - 1] not in _NOT_LOCAL:
            begin -= 1
        right = _DOMAIN_HEAD.match(text, at + 1)
        if begin < at and right is not None:
            found.append(f"{text[begin:at]}@{right.group(0)}".strip(".").lower())
            at = text.find("@", right.end())
        else:
            at = text.find("@", at + 1)
    return found


def status_in(text: str | None) -> str | None:
    """The first enhanced status code in `text` (a failure code before a success), as d.d.d."""
    if not text:
        return None
    success = None
    for match in _STATUS.finditer(text):
        code = f"{match.group(1)}.{int(match.group(2))}.{int(match.group(3))}"
        if match.group(1) != "2":
            return code
        success = success or code
    return success


def reply_code_in(text: str | None) -> int | None:
    """The first SMTP reply code in `text` (a 4xx/5xx before a 2xx, as in a session transcript)."""
    if not text:
        return None
    success = None
    for match in _REPLY.finditer(text):
        if match.group(1)[0] != "2":
            return int(match.group(1))
        success = success or int(match.group(1))
    return success


def diagnostic_of(value: str | None) -> str | None:
    """A Diagnostic-Code without its type ("smtp; "), blanks collapsed."""
    if not value:
        return None
    kind, semicolon, rest = value.partition(";")
    text = rest if semicolon and " " not in kind.strip() else value
    text = " ".join(text.split())
    return text or None


def host_of(value: str | None) -> str | None:
    """The host of a Remote-MTA / Reporting-MTA field ("dns; mx.example.org")."""
    if not value:
        return None
    _, semicolon, rest = value.partition(";")
    host = (rest if semicolon else value).strip().strip("[]<>").split()
    return host[0].strip("[]") if host else None
