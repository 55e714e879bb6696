"""Shared parts of the live-source tests: Postfix log lines, a report that records, a runner."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import create_engine, text

from desktop.live.sources import Source

WAIT_SECONDS = 20.0


@dataclass
class RecordingReport:
    """A SourceReport that keeps what it is told (thread-safe enough: appends only)."""

    committed: list[tuple[str, int, datetime | None]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def events_committed(self, source: str, count: int, last_event_at: datetime | None) -> None:
        self.committed.append((source, count, last_event_at))

    def error(self, source: str, message: str) -> None:
        self.errors.append((source, message))


@contextmanager
def running(source: Source, report: RecordingReport | None = None) -> Iterator[RecordingReport]:
    """Run `source` on a thread; stop it and wait for it on leaving."""
    report = report or RecordingReport()
    stop = threading.Event()
    thread = threading.Thread(target=source.run, args=(stop, report), daemon=True)
    thread.start()
    try:
        yield report
    finally:
        stop.set()
        thread.join(WAIT_SECONDS)
        assert not thread.is_alive(), "the source did not stop"


def wait_until(condition: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def stored(db_url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def execute(db_url: str, sql: str) -> None:
    """Run one statement and commit it (a test's change to the schema, say)."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as connection:
            connection.execute(text(sql))
    finally:
        engine.dispose()


def event_count(db_url: str) -> int:
    """Events the feeds brought (the `quarantined` markers the rules add left out)."""
    rows = stored(db_url, "SELECT count(*) FROM events WHERE type <> 'quarantined'")
    return int(rows[0][0])  # type: ignore[call-overload]


def message_ids(db_url: str) -> set[str]:
    rows = stored(db_url, "SELECT DISTINCT message_id FROM messages")
    return {str(row[0]) for row in rows}


# --- Postfix log lines -----------------------------------------------------------------------


def _stamp(second: int) -> str:
    """A syslog stamp `second` seconds after Nov 1, 10:00 (November holds 800,000 messages)."""
    day, rest = divmod(10 * 3600 + second, 86400)
    hour, rest = divmod(rest, 3600)
    minute, sec = divmod(rest, 60)
    return f"Nov {1 + day:2d} {hour:02d}:{minute:02d}:{sec:02d}"


def _line(second: int, program: str, qid: str, rest: str) -> str:
    return f"{_stamp(second)} mail01 postfix/{program}[{1000 + second % 97}]: {qid}: {rest}"


def message_lines(number: int) -> tuple[list[str], list[str], int]:
    """(lines that open message `number`, lines that finish it, events they make).

    A third bounce hard, a fifth are deferred and then expire (a deferral and a soft bounce,
    which needs the deferral remembered across any break), the rest are delivered.
    """
    qid = f"{0xA0000000 + number:X}"
    second = number * 3
    to = f"user{number}@example.nl"
    head = [
        _line(second, "cleanup", qid, f"message-id=<m{number}@platform.example>"),
        _line(
            second, "qmgr", qid, "from=<news@platform.example>, size=2100, nrcpt=1 (queue active)"
        ),
    ]
    relay = "relay=mx.example.nl[192.0.2.10]:25, delay=1.1, delays=0.1/0/0.5/0.5"
    if number % 5 == 1:
        tail = [
            _line(second + 1, "smtp", qid, f"to=<{to}>, {relay}, dsn=4.4.1, status=deferred "
                  "(connect to mx.example.nl[192.0.2.10]:25: Connection refused)"),
            _line(second + 2, "qmgr", qid, "from=<news@platform.example>, status=expired, "
                  "returned to sender"),
            _line(second + 2, "qmgr", qid, "removed"),
        ]  # fmt: skip
        return head, tail, 2
    if number % 3 == 0:
        said = f"host mx.example.nl[192.0.2.10] said: 550 5.1.1 <{to}>: User unknown"
        status = f"dsn=5.1.1, status=bounced ({said} (in reply to RCPT TO command))"
    else:
        status = "dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9ABCDEF012)"
    tail = [
        _line(second + 1, "smtp", qid, f"to=<{to}>, {relay}, {status}"),
        _line(second + 1, "qmgr", qid, "removed"),
    ]
    return head, tail, 1


def postfix_log(first: int, count: int, lag: int = 3) -> tuple[list[str], int]:
    """Lines of messages `first` ... `first + count - 1`, each finished `lag` messages later
    (so a message's lines straddle any cut), and the number of events they make."""
    lines: list[str] = []
    events = 0
    tails: list[list[str]] = []
    for number in range(first, first + count):
        head, tail, made = message_lines(number)
        lines.extend(head)
        tails.append(tail)
        events += made
        if len(tails) > lag:
            lines.extend(tails.pop(0))
    for tail in tails:
        lines.extend(tail)
    return lines, events


def append(path: str, lines: list[str], end: str = "\n") -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + end if lines else "")
