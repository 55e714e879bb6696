"""Failed recipients, codes and diagnostics from the human-readable text of non-standard bounces."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.ingest.dsn_fields import addresses_in, reply_code_in, status_in
from desktop.ingest.mail_mime import parse_headers, plain

# Where a bounce starts quoting the returned message: below it addresses and codes are the
# original's, not the failure's. Phrases as MTAs write them (qmail, Exim, Sendmail, Exchange...).
_RETURNED = re.compile(
    r"^[ \t]*([-=_*#>|]{2,}[ \t]*)?(?:below (?:this line )?is )?(?:an? )?(?:"
    r"original message|copy of (?:the |your )?(?:original )?message|(?:returned|unsent|undelivered)"
    r" (?:message|mail)|(?:original )?message headers|headers of (?:the )?original"
    r"|original headers|text of (?:the |your )?message|message text follows"
    r")[^\n]*$",
    re.I | re.M,
)
# A quoted header block (blank line, then Received:/Return-Path: ...) also starts the original.
_QUOTED_HEADERS = re.compile(
    r"\n\n[ \t]*(?:Return-Path|Received|DKIM-Signature|X-Received|Message-I[Dd]|Delivered-To|From"
    r"|Date|MIME-Version):[ \t]",
)
_TEMPORARY = re.compile(
    r"temporar|delayed|deferred|not yet been delivered|still (?:trying|undelivered|in the queue)"
    r"|will (?:continue to )?(?:retry|try again|keep trying)|retry (?:timeout|later)|warning:",
    re.I,
)
_PERMANENT = re.compile(
    r"permanent|given up|giving up|could not be delivered|couldn't be delivered|undeliverable"
    r"|failed|does not exist|unknown user|user unknown|rejected|not delivered",
    re.I,
)
_REMOTE_HOST = re.compile(
    r"(?:remote host|host|server|mx|mail exchanger)\s+\[?([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+)\]?"
    r"(?:\s*\[[0-9a-fA-F.:]+\])?\s*(?:said|says|replied|responded|returned|gave)",
    re.I,
)
# The envelope sender in a session transcript ("MAIL FROM:<...>") is not a recipient.
# Nor is an address on a From:/Sender: line of the notice's summary of the original.
_ENVELOPE_SENDER = re.compile(
    r"MAIL\s+FROM:\s*<?\s*([^\s<>]+@[^\s<>]+?)\s*(?:>|$)|^[ \t]*(?:From|Sender|Reply-To)[ \t]*:(.*)$",
    re.I | re.M,
)
# Message ids look like addresses; so do "smtp.mailfrom=a@b" tokens of Authentication-Results.
_ID_CONTEXT = re.compile(
    r"^[ \t]*(?:Message[- ]I[Dd]|In-Reply-To|References|Content-I[Dd]|X-[\w-]*I[Dd])[ \t]*:(.*)$"
    r"|\b((?:smtp|header)\.[\w-]+=\S+)",
    re.I | re.M,
)
_NOISE_LOCALPARTS = ("mailer-daemon", "mail-daemon", "mailerdaemon", "postmaster", "noreply", "no-reply")


@dataclass(frozen=True, slots=True)
class TextFinding:
    """One failed recipient as a text bounce describes it."""

    recipient: str
    status: str | None
    reply_code: int | None
    diagnostic: str | None
    remote_host: str | None


def split_returned(text: str) -> tuple[str, str]:
    """(the failure notice, the quoted original message) of a bounce's text."""
    cut = len(text)
    for match in _RETURNED.finditer(text):
        # A marker line is set off by separators or ends in a colon or separators; a sentence
        # such as "The original message was received at ..." is not one.
        line = match.group(0).rstrip()
        if match.start() > 0 and (match.group(1) or line.endswith((":", "-", "=", "*"))):
            cut = match.start()
            break
    quoted = _QUOTED_HEADERS.search(text)
    if quoted is not None and 0 < quoted.start() < cut:
        cut = quoted.start()
    return text[:cut], text[cut:]


def quoted_headers(quoted: str) -> list[tuple[str, str]]:
    """The header block of a message quoted as text after a bounce notice."""
    lines = quoted.split("\n")
    start = 0
    while start < len(lines) and (not lines[start].strip() or ":" not in lines[start]):
        start += 1
        if start > 8:
            return []
    block = "\n".join(line.strip() if not line[:1].isspace() else line for line in lines[start:])
    end = block.find("\n\n")
    return parse_headers((block if end < 0 else block[:end]).encode("utf-8", "replace"))


def is_temporary(text: str) -> bool:
    """Whether the notice reads as a delay warning rather than a final failure."""
    temporary = _TEMPORARY.search(text)
    if temporary is None:
        return False
    permanent = _PERMANENT.search(text)
    return permanent is None or temporary.start() < permanent.start()


def findings_from_text(notice: str, exclude: set[str]) -> list[TextFinding]:
    """Every failed recipient the notice names, each with the codes and text near it."""
    positions: list[tuple[int, str]] = []
    seen: set[str] = set()
    for envelope, header in _ENVELOPE_SENDER.findall(notice):
        seen.update(addresses_in(f"{envelope} {header}"))
    for header, token in _ID_CONTEXT.findall(notice):
        seen.update(addresses_in(f"{header} {token}"))
    lowered = notice.lower()
    for address in addresses_in(notice):
        if address in seen or address in exclude or address.split("@")[0] in _NOISE_LOCALPARTS:
            continue
        seen.add(address)
        positions.append((lowered.find(address), address))
    positions.sort()
    findings: list[TextFinding] = []
    for index, (start, address) in enumerate(positions):
        end = positions[index + 1][0] if index + 1 < len(positions) else len(notice)
        block = notice[_line_start(notice, start) : end]
        findings.append(_finding(address, block, notice))
    return findings


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, max(pos, 0)) + 1


def _finding(address: str, block: str, notice: str) -> TextFinding:
    status = status_in(block) or status_in(notice)
    reply = reply_code_in(block) or reply_code_in(notice)
    host_match = _REMOTE_HOST.search(block) or _REMOTE_HOST.search(notice)
    return TextFinding(
        recipient=address,
        status=status,
        reply_code=reply,
        diagnostic=_diagnostic(block) or _diagnostic(notice),
        remote_host=host_match.group(1).lower() if host_match else None,
    )


def _diagnostic(block: str) -> str | None:
    """The lines carrying a reply or status code (with their continuation), else the block."""
    lines = [line.strip() for line in block.split("\n")]
    for index, line in enumerate(lines):
        if reply_code_in(line) is not None or status_in(line) is not None:
            taken = [line]
            for follow in lines[index + 1 : index + 6]:
                if not follow:
                    break
                taken.append(follow)
            return plain(" ".join(taken))[:1000] or None
    text = plain(" ".join(line for line in lines[:8] if line))
    return text[:1000] or None
