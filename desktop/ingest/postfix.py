"""Reader of Postfix maillog files: delivery lines stitched to their message by queue id."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from desktop.domain.model import BadRecord, EventType, ParsedEvent, parsed_event
from desktop.ingest.feedkit import (
    ReadStats,
    address,
    clean,
    from_iso,
    parse_smtp_reply,
    raw_text,
    strip_brackets,
    text_key,
)
from desktop.ingest.jsonstream import read_line_blocks

MAX_OPEN = 200_000  # queue ids remembered at once; the oldest are forgotten beyond this

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_BSD_STAMP = re.compile(
    r"(?P<mon>[A-Z][a-z]{2}) (?P<day>[ \d]?\d) (?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)"
)
# What follows the 15-character stamp: optional fraction, host, program[pid], message.
_BSD_TAG = re.compile(r"(?:\.\d+)? \S+ (?P<prog>[^\s\[:]+)(?:\[\d+\])?: ")
_ISO = re.compile(
    r"(?P<iso>\d{4}-\d\d-\d\dT\S+) (?P<host>\S+) (?P<prog>[^\s\[:]+)(?:\[\d+\])?: (?P<msg>.*)"
)
_RFC5424 = re.compile(
    r"<\d{1,3}>1 (?P<iso>\S+) (?P<host>\S+) (?P<prog>\S+) \S+ \S+"
    r" (?:-|(?:\[[^\]]*\])+) ?(?P<msg>.*)"
)
# Short queue ids are upper-case hex; long ones use a vowel-free alphabet with a 'z' inside.
_QID = (
    r"[0-9A-F]{6,15}"
    r"|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{6,20}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{1,12}"
)
_QUEUED = re.compile(r"(?P<qid>" + _QID + r"): (?P<rest>.*)")
# The usual line in one match: a BSD stamp, host, program[pid] and a queue id. What does not
# match takes the general path (_header, _QUEUED), which also says why a line is skipped or bad.
_BSD_QUEUED = re.compile(
    r"[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ ([^\s\[:]+)(?:\[\d+\])?: "
    r"(" + _QID + r"): "
)
_DELIVERY = re.compile(
    r"to=<(?P<to>[^>]*)>,(?P<mid>.*?) dsn=(?P<dsn>\d\.\d{1,3}\.\d{1,3}), status=(?P<status>[a-z]+)"
    r"(?: \((?P<text>.*)\))?\s*$"
)
# The usual shape, matched in one go; _DELIVERY takes the variants (extra fields, reordering).
_DELIVERY_FAST = re.compile(
    r"to=<(?P<to>[^>]*)>,(?: orig_to=<[^>]*>,)? relay=(?P<relay>[^\s,]*),(?: conn_use=\d+,)?"
    r" delay=(?P<delay>[\d.]+),(?: delays=[\d./]+,)? dsn=(?P<dsn>\d\.\d{1,3}\.\d{1,3}),"
    r" status=(?P<status>[a-z]+)(?: \((?P<text>.*)\))?\s*$"
)
_RELAY_HOST = re.compile(r"(?P<host>[^\s\[,]+)\[")
_RELAY = re.compile(r"relay=(?P<host>[^\s\[,]+)\[(?P<ip>[^\]]*)\]")
_DELAY = re.compile(r"delay=(?P<delay>[\d.]+)")
_SAID = re.compile(
    r"host (?P<host>[^\s\[]+)\[(?P<ip>[^\]]*)\] said: (?P<said>.*?)(?: \(in reply to [^()]*\))?$"
)
_CONNECT = re.compile(r"connect to (?P<host>[^\s\[]+)\[(?P<ip>[^\]]*)\]")
_MESSAGE_ID = re.compile(r"message-id=(?P<mid>\S*)")
_FROM = re.compile(r"from=<(?P<from>[^>]*)>")
_SUBJECT = re.compile(r"(?:warning|info): header Subject: (?P<subject>.*?) from \S+;")


@dataclass(slots=True)
class _Message:
    """What earlier lines told about one queue id, kept until qmgr says it is removed."""

    message_id: str | None = None
    sender: str | None = None
    subject: str | None = None
    # recipient -> last deferral text; None until a deferral, as most messages never have one
    deferred: dict[str, str] | None = None


@dataclass(slots=True)
class _Clock:
    """Turns year-less syslog stamps into times, rolling the year over at Dec -> Jan."""

    year: int | None
    hint: datetime | None
    tz: tzinfo
    last_month: int = 0
    cache_key: str = ""
    cache_value: datetime | None = None

    def at(self, month: int, day: int, hms: tuple[int, int, int], key: str) -> datetime:
        if key == self.cache_key and self.cache_value is not None:
            return self.cache_value
        if self.year is None:
            hint = self.hint or datetime.now(self.tz)
            # The file ends at its mtime; a first line in a later month belongs to the year before.
            year = hint.year - 1 if month > hint.month else hint.year
        else:
            year = self.year + 1 if self.last_month - month >= 6 else self.year
        local = datetime(
            year, month, day, *hms, tzinfo=self.tz
        )  # raises on Feb 30: no state change
        self.year, self.last_month = year, month
        self.cache_key, self.cache_value = key, local.astimezone(UTC)
        return self.cache_value


def read(
    paths: Sequence[str],
    *,
    year: int | None = None,
    tz: tzinfo = UTC,
    stats: ReadStats | None = None,
) -> Iterator[ParsedEvent | BadRecord]:
    """Delivery events from maillog files given oldest first (maillog.1 then maillog).

    Syslog stamps without a year take `year` (the year of each file's first line) or else the
    year of the file's modification time; they are read in `tz` (the mail server's zone).
    """
    reader = _Reader(stats or ReadStats())
    for path in paths:
        clock = _Clock(year=year, hint=_mtime(path, tz) if year is None else None, tz=tz)
        yield from reader.read_file(path, clock)


def _mtime(path: str, tz: tzinfo) -> datetime | None:
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, tz)
    except (OSError, OverflowError, ValueError):
        return None


class _Reader:
    """Holds the open queue ids across the files of one call; runs on the caller's thread."""

    def __init__(self, stats: ReadStats) -> None:
        self._open: dict[str, _Message] = {}
        self._stats = stats

    def read_file(self, path: str, clock: _Clock) -> Iterator[ParsedEvent | BadRecord]:
        # The loop runs once per line of a log that may hold millions: the usual lines are
        # handled here, without a call, and anything else goes to _line.
        usual_line, queued, line_of, skipped = _BSD_QUEUED.match, self._queued, self._line, 0
        for item in read_line_blocks(path):
            if isinstance(item, BadRecord):
                yield item
                continue
            first, lines = item
            for number, line in enumerate(lines, first):
                if "/smtpd[" in line or "/anvil[" in line:
                    # Half of a relay's log: incoming connections, nothing about deliveries.
                    skipped += 1
                    continue
                usual = usual_line(line)
                if usual is not None and line[:15] == clock.cache_key and "postfix" in usual[1]:
                    # The same second as the line before, as most lines are: no stamp to read.
                    at = clock.cache_value
                    assert at is not None
                    results = queued(usual[2], line[usual.end() :], at, line, path, number)
                elif line:
                    results = line_of(line, path, number, clock)
                else:
                    continue
                if results:
                    yield from results
            if skipped:
                self._stats.skipped["smtpd line"] += skipped
                skipped = 0

    def _line(
        self, line: str, path: str, number: int, clock: _Clock
    ) -> tuple[ParsedEvent | BadRecord, ...]:
        """What a line the usual shape does not fit adds (see read_file), or why it is bad."""
        parsed = _header(line, clock)
        if isinstance(parsed, str):
            return (BadRecord(f"{path}:{number}", parsed),) if line.strip() else ()
        at, prog, msg = parsed
        if "postfix" not in prog:
            self._stats.skipped["not postfix"] += 1
            return ()
        queued = _QUEUED.match(msg)
        if queued is None:
            self._stats.skipped["no queue id"] += 1
            return ()
        return self._queued(queued.group("qid"), queued.group("rest"), at, line, path, number)

    def _queued(
        self, qid: str, rest: str, at: datetime, line: str, path: str, number: int
    ) -> tuple[ParsedEvent | BadRecord, ...]:
        """What a postfix line about queue id `qid` adds; `rest` follows the id."""
        if rest.startswith("to=<"):
            return (self._delivery(qid, rest, at, line, f"{path}:{number}"),)
        if rest.startswith("removed"):
            self._open.pop(qid, None)
        elif rest.startswith("message-id="):
            found = _MESSAGE_ID.match(rest)
            self._message(qid).message_id = (
                strip_brackets(clean(found.group("mid"))) if found else None
            )
        elif rest.startswith("from=<"):
            return self._from(qid, rest, at, line, f"{path}:{number}")
        elif "header Subject: " in rest:
            found = _SUBJECT.search(rest)
            if found:
                self._message(qid).subject = clean(found.group("subject"), 998)
        elif rest.startswith("uid=") and (found_from := _FROM.search(rest)):
            self._message(qid).sender = clean(found_from.group("from")) or None
        else:
            self._stats.skipped["other postfix line"] += 1
        return ()

    def _message(self, qid: str) -> _Message:
        message = self._open.get(qid)
        if message is None:
            if len(self._open) >= MAX_OPEN:
                del self._open[next(iter(self._open))]
            message = self._open[qid] = _Message()
        return message

    def _from(
        self, qid: str, rest: str, at: datetime, line: str, source: str
    ) -> tuple[ParsedEvent | BadRecord, ...]:
        found = _FROM.match(rest)
        message = self._message(qid)
        if found:
            message.sender = clean(found.group("from")) or None
        if "status=expired" not in rest:
            return ()
        if not message.deferred:
            self._stats.skipped["expired without known recipients"] += 1
            return ()
        expired = tuple(
            self._expired(qid, message, recipient, text, at, line, source)
            for recipient, text in message.deferred.items()
        )
        message.deferred = None
        return expired

    def _expired(
        self,
        qid: str,
        message: _Message,
        recipient: str,
        text: str,
        at: datetime,
        line: str,
        source: str,
    ) -> ParsedEvent:
        said, reply_code, remote_host = _explain(text)
        return parsed_event(
            source=source,
            type=EventType.SOFT_BOUNCE,
            recipient=recipient,
            at=at,
            key=text_key("postfix", f"{line}\n{recipient}"),
            message_id=message.message_id or qid,
            sender=message.sender,
            subject=message.subject,
            reply_code=reply_code,
            status="4.4.7",
            diagnostic=said or "message has expired in the queue",
            remote_host=remote_host,
            raw=raw_text(line),
            extra=self._extra(qid, message, expired="true"),
        )

    def _delivery(
        self, qid: str, rest: str, at: datetime, line: str, source: str
    ) -> ParsedEvent | BadRecord:
        fast = _DELIVERY_FAST.match(rest)
        found = fast or _DELIVERY.match(rest)
        if found is None:
            return BadRecord(source, "unrecognised postfix delivery line")
        to, word, dsn, text = found.group("to", "status", "dsn", "text")
        recipient = address(to)
        if recipient is None:
            return BadRecord(source, "delivery line without a recipient")
        text = text or ""
        kind = _TYPES.get(word)
        if word == "bounced":
            kind = EventType.HARD_BOUNCE if dsn.startswith("5") else EventType.SOFT_BOUNCE
        if kind is None:
            return BadRecord(source, f"unknown postfix status {word!r}")
        message = self._message(qid)
        if kind is EventType.DEFERRED:
            if message.deferred is None:
                message.deferred = {}
            message.deferred[recipient] = text
        elif message.deferred:
            message.deferred.pop(recipient, None)
        said, reply_code, remote_host = _explain(text)
        extra = self._extra(qid, message)
        if fast:
            relay_host = _RELAY_HOST.match(fast.group("relay"))
            extra["delay"] = fast.group("delay")
        else:
            relay_host = _RELAY.search(found.group("mid"))
            delay = _DELAY.search(found.group("mid"))
            if delay:
                extra["delay"] = delay.group("delay")
        # Positional (in ParsedEvent's field order): one of these per delivery line.
        return parsed_event(
            source, kind, recipient, at, text_key("postfix", line), message.message_id or qid,
            message.sender, message.subject, None, reply_code, dsn, said or None,
            remote_host or (relay_host.group("host") if relay_host else None), None,
            raw_text(line), extra,
        )  # fmt: skip

    @staticmethod
    def _extra(qid: str, message: _Message, **more: str) -> dict[str, str]:
        extra = {"queue_id": qid, **more}
        if message.message_id:
            extra["header_message_id"] = message.message_id
        return extra


_TYPES = {
    "sent": EventType.DELIVERED,  # postfix "sent" means the next hop accepted the message
    "deferred": EventType.DEFERRED,
    "expired": EventType.SOFT_BOUNCE,
    "bounced": EventType.HARD_BOUNCE,
}


def _explain(text: str) -> tuple[str, int | None, str | None]:
    """The remote server's own words, its reply code and its name, out of postfix's text."""
    said = _SAID.match(text)
    if said:
        words = clean(said.group("said"))
        return words, parse_smtp_reply(words)[0], said.group("host")
    connect = _CONNECT.match(text)
    return clean(text), parse_smtp_reply(text)[0], connect.group("host") if connect else None


def _header(line: str, clock: _Clock) -> tuple[datetime, str, str] | str:
    """(time, program, message) of a syslog line, or why it is not one."""
    first = line[:1]
    if first.isalpha():
        tag = _BSD_TAG.match(line, 15)
        if tag is None:
            return "not a syslog line"
        stamp = line[:15]
        if stamp == clock.cache_key and clock.cache_value is not None:
            return clock.cache_value, tag.group("prog"), line[tag.end() :]
        found = _BSD_STAMP.fullmatch(stamp)
        if found is None or (month := _MONTHS.get(found.group("mon"))) is None:
            return "not a syslog line"
        try:
            hms = (int(found.group("h")), int(found.group("m")), int(found.group("s")))
            at = clock.at(month, int(found.group("day")), hms, stamp)
        except (ValueError, OverflowError):
            return "impossible date in syslog line"
        return at, tag.group("prog"), line[tag.end() :]
    found = _RFC5424.match(line) if first == "<" else _ISO.match(line)
    if found is None:
        return "not a syslog line"
    moment = from_iso(found.group("iso"), clock.tz)
    if moment is None:
        return "unreadable time in syslog line"
    return moment, found.group("prog"), found.group("msg")
