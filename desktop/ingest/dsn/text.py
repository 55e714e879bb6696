"""Failed recipients, codes and diagnostics from the human-readable text of non-standard bounces."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.ingest.dsn.fields import address_spans, addresses_in, reply_code_in, status_in
from desktop.ingest.dsn.mail_mime import parse_headers, plain

# Where a bounce starts quoting the returned message: below it addresses and codes are the
# original's, not the failure's. Phrases as MTAs write them (qmail, Exim, Sendmail, Exchange...).
_RETURNED = re.compile(
    r"^[ \t]*([-=_*#>|]{2,}[ \t]*)?(?:(?:below (?:this line )?|this )?is )?(?:an? )?(?:"
    r"original message|copy of (?:the |your )?(?:original )?message|(?:returned|unsent|undelivered)"
    r" (?:message|mail)|(?:original )?message headers|headers of (?:the )?original"
    r"|original headers|text of (?:the |your )?message|message text follows"
    r")[^\n]*$",
    re.I | re.M,
)
_RETURNED_KEYWORDS = (
    "original",
    "copy of",
    "returned",
    "unsent",
    "undelivered",
    "message headers",
    "text of",
    "message text",
)
# A quoted header block (blank line, then Received:/Return-Path: ...) also starts the original.
_QUOTED_HEADERS = re.compile(
    r"\n\n[ \t]*(?:Return-Path|Received|DKIM-Signature|X-Received|Message-I[Dd]|Delivered-To|From"
    r"|Date|MIME-Version):[ \t]",
)
# Both run on lower-cased text: case-insensitive alternations are several times slower.
_TEMPORARY = re.compile(
    r"temporar|delayed|deferred|not yet been delivered|still (?:trying|undelivered|in the queue)"
    r"|will (?:continue to )?(?:retry|try again|keep trying)|will be retried"
    r"|retry (?:timeout|later)"
    r"|warning:|warning only|warning message only|no action is required",
)
_DELAY_SUBJECT = re.compile(r"delay|still being retried|warning|temporar|retrying", re.I)
_QUOTED_FIRST = re.compile(r"\s*[A-Za-z][A-Za-z0-9-]*:[ \t]")
_PERMANENT = re.compile(
    r"permanent|given up|giving up|could not be delivered|couldn't be delivered|undeliverable"
    r"|failed|does not exist|unknown user|user unknown|rejected|not delivered",
)
# Runs on lower-cased text (see _TEMPORARY).
_REMOTE_HOST = re.compile(
    r"(?:remote host|host|server|mx|mail exchanger)\s+"
    r"\[?([a-z0-9][a-z0-9.-]*\.[a-z0-9-]+)\]?"
    r"(?:\s*\[[0-9a-f.:]+\])?\s*(?:said|says|replied|responded|returned|gave)",
)
# The envelope sender in a session transcript ("MAIL FROM:<...>") is not a recipient.
# Nor is an address on a From:/Sender: line of the notice's summary of the original.
_ENVELOPE_SENDER = re.compile(
    r"MAIL\s+FROM:\s*<?\s*([^\s<>]+@[^\s<>]+?)\s*(?:>|$)"
    r"|^[ \t]*(?:From|Sender|Reply-To)[ \t]*:(.*)$",
    re.I | re.M,
)
# Message ids look like addresses; so do "smtp.mailfrom=a@b" tokens of Authentication-Results.
_ID_CONTEXT = re.compile(
    r"^[ \t]*(?:Message[- ]I[Dd]|In-Reply-To|References|Content-I[Dd]|X-[\w-]*I[Dd])[ \t]*:(.*)$"
    r"|\b((?:smtp|header)\.[\w-]+=\S+)",
    re.I | re.M,
)
# Words right before an address that make it the sender or an alias, not a failed recipient.
_SENDER_BEFORE = re.compile(
    r"(?:sent by|sender|generated from|expanded from|envelope-from|mail from|message from|from:)"
    r"[\s:<(\"']*$",
    re.I,
)
_HOST_VERBS = ("said", "says", "replied", "responded", "returned", "gave")
# Exim names the host without a verb, in its bounce message's forms (Exim specification,
# "host mx.example.com [192.0.2.1]" on its own line or after "SMTP error from remote mail
# server after RCPT TO:<a>:", and since 4.90 "... for RCPT TO command, host: mx.example.com
# (192.0.2.1) reason: 550 ..."); the address in brackets keeps other "host" words out.
_EXIM_HOST = re.compile(
    r"(?:^|[\n:,])[ \t]*host:?[ \t]+([a-z0-9][a-z0-9.-]*\.[a-z0-9-]+)[ \t]*[\[(][0-9a-f.:]+[\])]"
)
# A 4xx/5xx reply or status code: the line that carries it is the server's complaint.
_FAILURE_CODE = re.compile(r"[45][0-5]\d(?!\d|\.\d|%)|[45]\.\d{1,3}\.\d{1,3}(?!\d|\.\d)")
_NOT_BEFORE_STATUS = frozenset("0123456789.")
_NOT_BEFORE_REPLY = frozenset("0123456789.#-")
_NOISE_LOCALPARTS = (
    "mailer-daemon",
    "mail-daemon",
    "mailerdaemon",
    "postmaster",
    "noreply",
    "no-reply",
)


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
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters change length when lower-cased
        lowered = text
    hits: set[int] = set()
    for keyword in _RETURNED_KEYWORDS:
        at = lowered.find(keyword)
        while at >= 0:
            hits.add(_line_start(text, at))
            at = lowered.find(keyword, at + len(keyword))
    for start in sorted(hits):
        match = _RETURNED.match(text, start)
        # A marker line is set off by separators or ends in a colon or separators; a sentence
        # such as "The original message was received at ..." is not one.
        if match is None or start == 0:
            continue
        line = match.group(0).rstrip()
        if match.group(1) or line.endswith((":", "-", "=", "*")):
            cut = start
            break
    quoted = _QUOTED_HEADERS.search(text)
    if quoted is not None and 0 < quoted.start() < cut:
        cut = quoted.start()
    return text[:cut], text[cut:]


def quoted_headers(quoted: str) -> list[tuple[str, str]]:
    """The header block of a message quoted as text after a bounce notice."""
    lines = quoted.split("\n")
    # The first line is the marker ("--- Below this line is a copy ...") unless it is a header.
    start = 0 if _QUOTED_FIRST.match(quoted) else 1
    while start < len(lines) and (not lines[start].strip() or ":" not in lines[start]):
        start += 1
        if start > 8:
            return []
    block = "\n".join(line.strip() if not line[:1].isspace() else line for line in lines[start:])
    end = block.find("\n\n")
    return parse_headers((block if end < 0 else block[:end]).encode("utf-8", "replace"))


def is_temporary(text: str, subject: str = "") -> bool:
    """Whether the notice (or its subject) reads as a delay warning rather than a final failure."""
    if _DELAY_SUBJECT.search(subject):
        return True
    text = text[:4000].lower()  # the verdict comes first; the rest is detail
    temporary = _TEMPORARY.search(text)
    if temporary is None:
        return False
    permanent = _PERMANENT.search(text)
    return permanent is None or temporary.start() < permanent.start()


def findings_from_text(notice: str, exclude: set[str]) -> list[TextFinding]:
    """Every failed recipient the notice names, each with the codes and text near it."""
    positions: list[tuple[int, str]] = []
    seen: set[str] = set()
    # Only lines holding an "@" can name a sender or a message id; the rest need no look.
    for line in _lines_with_at(notice):
        for envelope, header in _ENVELOPE_SENDER.findall(line):
            seen.update(addresses_in(f"{envelope} {header}"))
        for header, token in _ID_CONTEXT.findall(line):
            seen.update(addresses_in(f"{header} {token}"))
    for start, address in address_spans(notice):
        if address in seen or address in exclude or address.split("@")[0] in _NOISE_LOCALPARTS:
            continue
        if _SENDER_BEFORE.search(notice[max(0, start - 48) : start]):
            continue  # "A message sent by <x>", "(expanded from <x>)": not the failed one
        seen.add(address)
        positions.append((start, address))
    if not positions:
        return []
    positions.sort()
    overall = _Overall(notice)
    findings: list[TextFinding] = []
    for index, (start, address) in enumerate(positions):
        end = positions[index + 1][0] if index + 1 < len(positions) else len(notice)
        block = notice[_line_start(notice, start) : end]
        host = _remote_host(block)
        findings.append(
            TextFinding(
                recipient=address,
                status=status_in(block) or overall.status(),
                reply_code=reply_code_in(block) or overall.reply_code(),
                diagnostic=_diagnostic(block),
                remote_host=host or overall.remote_host(),
            )
        )
    return findings


class _Overall:
    """Codes of the notice as a whole, for recipients whose own lines carry none."""

    def __init__(self, notice: str) -> None:
        self._notice = notice
        self._cache: dict[str, object] = {}

    def status(self) -> str | None:
        if "status" not in self._cache:
            self._cache["status"] = status_in(self._notice)
        value = self._cache["status"]
        return value if isinstance(value, str) else None

    def reply_code(self) -> int | None:
        if "reply" not in self._cache:
            self._cache["reply"] = reply_code_in(self._notice)
        value = self._cache["reply"]
        return value if isinstance(value, int) else None

    def remote_host(self) -> str | None:
        if "host" not in self._cache:
            self._cache["host"] = _remote_host(self._notice)
        value = self._cache["host"]
        return value if isinstance(value, str) else None


def _remote_host(text: str) -> str | None:
    # The verb is rare and cheap to find; the host pattern before it is not.
    lowered = text.lower()
    if "smtp error from remote" in lowered:
        exim = _EXIM_HOST.search(lowered)
        if exim is not None:
            return exim.group(1)
    if not any(verb in lowered for verb in _HOST_VERBS):
        return None
    match = _REMOTE_HOST.search(lowered)
    return match.group(1) if match else None


def _lines_with_at(text: str) -> list[str]:
    lines: list[str] = []
    at = text.find("@")
    while at >= 0:
        start = _line_start(text, at)
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        lines.append(text[start:end])
        at = text.find("@", end)
    return lines


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, max(pos, 0)) + 1


def _diagnostic(block: str) -> str | None:
    """The line with the first failure code (with its continuation), else the block's start."""
    code = None
    for found in _FAILURE_CODE.finditer(block):
        before = block[found.start() - 1] if found.start() else " "
        # Checked here rather than by a look-behind, which would slow every search down.
        if before not in (_NOT_BEFORE_STATUS if found.group(0)[1] == "." else _NOT_BEFORE_REPLY):
            code = found
            break
    if code is not None:
        start = _line_start(block, code.start())
        lines = block[start:].split("\n", 6)
        taken = [lines[0]]
        for follow in lines[1:6]:
            if not follow.strip():
                break
            taken.append(follow)
        return plain(" ".join(line.strip() for line in taken))[:1000] or None
    lines = [line.strip() for line in block.split("\n", 9)[:8]]
    return plain(" ".join(line for line in lines if line))[:1000] or None
