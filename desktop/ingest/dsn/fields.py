"""RFC 3464 delivery-status fields, read forgivingly, and the codes found in bounce text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Enhanced status code (RFC 3463): class.subject.detail; not part of an IP address or version.
# The character before a code is checked in Python, not by a look-behind: a pattern that starts
# with a plain character class lets the regex engine skip ahead, several times faster.
_STATUS = re.compile(r"([245])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)")
# qmail and a few others write the enhanced code as "#5.1.1".
_REPLY = re.compile(r"([245][0-5]\d)(?!\d|\.\d|%)")
_NOT_BEFORE_STATUS = frozenset("0123456789.")
_NOT_BEFORE_REPLY = frozenset("0123456789.#-")
_ADDRESS = re.compile(
    r"[^\s<>()\[\]\"',;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)
_LOCAL_REVERSED = re.compile(r"[^\s<>()\[\]\"',;:@]*")
_DOMAIN_HEAD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
# In a recipient field the domain may be a bare host name ("rfc822; user@mailhub").
_FIELD_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]+@[A-Za-z0-9][A-Za-z0-9.-]*")
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)", re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

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


@dataclass(slots=True)
class StatusReport:
    """The fields of a message/delivery-status body: one per-message group, recipient groups."""

    message: dict[str, str] = field(default_factory=dict)
    recipients: list[dict[str, str]] = field(default_factory=list)


def parse_status_report(text: str) -> StatusReport:
    """Fields grouped per recipient, tolerating missing blank lines and fields in odd order."""
    report = StatusReport()
    group: dict[str, str] = {}
    for block in _BLANK_LINE.split(text):
        if _has_recipient(group):
            report.recipients.append(group)
            group = {}
        for raw_name, raw_value in _FIELD.findall(block):
            name = raw_name.lower()
            value = " ".join(raw_value.split()) if "\n" in raw_value else raw_value.strip()
            if name not in _PER_RECIPIENT:
                report.message.setdefault(name, value)
                continue
            # A repeated field means a new recipient started without the blank line between.
            if name in group and _has_recipient(group):
                report.recipients.append(group)
                group = {}
            group.setdefault(name, value)
    if _has_recipient(group):
        report.recipients.append(group)
    return report


def _has_recipient(group: dict[str, str]) -> bool:
    return (
        "final-recipient" in group
        or "original-recipient" in group
        or ("x-actual-recipient" in group)
    )


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
    return [address for _, address in address_spans(text)]


def address_spans(text: str) -> list[tuple[int, str]]:
    """(where it starts, the address lower-cased) for every mail address in `text`, in order."""
    found: list[tuple[int, str]] = []
    at = text.find("@")
    # Scanning from each "@" outwards is much cheaper than matching at every position.
    while at >= 0:
        # The local part, read backwards from the "@" (reversed so a regex can anchor on it).
        local = _LOCAL_REVERSED.match(text[max(0, at - 128) : at][::-1])
        begin = at - (local.end() if local else 0)
        right = _DOMAIN_HEAD.match(text, at + 1)
        if begin < at and right is not None:
            local_part = text[begin:at]
            if local_part.startswith("/"):  # a file path such as /home/u/.forward/x@y
                local_part = local_part.rsplit("/", 1)[1]
            if local_part.strip("."):
                address = f"{local_part}@{right.group(0)}".strip(".").lower()
                found.append((at - len(local_part), address))
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
        start = match.start()
        if start and text[start - 1] in _NOT_BEFORE_STATUS:
            continue
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
        start = match.start()
        if start and text[start - 1] in _NOT_BEFORE_REPLY:
            continue
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
