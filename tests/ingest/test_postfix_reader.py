"""The postfix maillog reader: stitching by queue id, mapping of statuses, years and damage."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import EventType
from desktop.ingest import postfix
from desktop.ingest.feedkit import ReadStats
from tests.ingest.feed_expect import assert_sound, path_of, pick, split, utc

MAILLOG = path_of("postfix", "maillog")

EXPECTED: list[dict[str, Any]] = [
    {
        "source": f"{MAILLOG}:6",
        "type": EventType.DELIVERED,
        "recipient": "jan@example.nl",
        "at": utc("2026-11-27T21:35:02"),
        "message_id": "invite-1001@platform.example",
        "sender": "events@organiser.example",
        "subject": "Invitation gala dinner",
        "account": None,
        "reply_code": 250,
        "status": "2.0.0",
        "diagnostic": "250 2.0.0 Ok: queued as 9ABCDEF012",
        "remote_host": "mx.example.nl",
        "reason": None,
    },
    {
        "source": f"{MAILLOG}:11",
        "type": EventType.HARD_BOUNCE,
        "recipient": "piet@example.nl",
        "at": utc("2026-11-27T21:36:11"),
        "message_id": "invite-1002@platform.example",
        "sender": "events@organiser.example",
        "reply_code": 550,
        "status": "5.1.1",
        "diagnostic": "550 5.1.1 <piet@example.nl>: Recipient address rejected: "
        "User unknown in virtual mailbox table",
        "remote_host": "mx.example.nl",
        "reason": None,
    },
    {
        "source": f"{MAILLOG}:12",
        "type": EventType.SOFT_BOUNCE,  # bounced, but with a 4.x.x status
        "recipient": "klaas@example.org",
        "reply_code": 452,
        "status": "4.2.2",
        "diagnostic": "452 4.2.2 Mailbox full",
        "remote_host": "mx1.example.org",
    },
    {
        "source": f"{MAILLOG}:17",
        "type": EventType.DEFERRED,
        "recipient": "anna@slow.example",
        "message_id": "reminder-77@platform.example",
        "sender": "news@organiser.example",
        "reply_code": None,
        "status": "4.4.1",
        "diagnostic": "connect to mx.slow.example[203.0.113.5]:25: Connection timed out",
        "remote_host": "mx.slow.example",
    },
    {
        "source": f"{MAILLOG}:18",
        "type": EventType.DEFERRED,
        "reply_code": 421,
        "status": "4.7.0",
        "diagnostic": "421 4.7.0 Try again later, closing connection.",
    },
    {
        "source": f"{MAILLOG}:19",
        "type": EventType.DELIVERED,
        "at": utc("2026-11-27T22:40:33"),
        "reply_code": 250,
        "remote_host": "mx.slow.example",
    },
    {
        "source": f"{MAILLOG}:23",
        "type": EventType.DELIVERED,
        "recipient": "ops@mail01.platform.example",
        "message_id": "local-5@platform.example",
        "sender": "support@platform.example",
        "reply_code": None,
        "diagnostic": "delivered to mailbox",
        "remote_host": None,
    },
    {
        "source": f"{MAILLOG}:29",
        "type": EventType.DEFERRED,
        "recipient": "lisa@gone.example",
        "status": "4.4.3",
        "remote_host": None,
    },
    {
        "source": f"{MAILLOG}:30",
        "type": EventType.SOFT_BOUNCE,  # qmgr gave up: "status=expired, returned to sender"
        "recipient": "lisa@gone.example",
        "at": utc("2026-11-28T04:00:05"),
        "message_id": "invite-1003@platform.example",
        "sender": "events@organiser.example",
        "status": "4.4.7",
        "diagnostic": "Host or domain name not found. Name service error for name=gone.example "
        "type=MX: Host not found, try again",
    },
]


def test_maillog_events_field_by_field() -> None:
    stats = ReadStats()
    events, bad = split(postfix.read([MAILLOG], year=2026, stats=stats))
    assert bad == []
    assert [pick(e, x) for e, x in zip(events, EXPECTED, strict=True)] == EXPECTED
    assert events[0].extra == {
        "queue_id": "4F1A2B3C4D",
        "header_message_id": "invite-1001@platform.example",
        "delay": "1.2",
    }
    assert events[-1].extra["expired"] == "true"
    assert events[1].raw is not None and events[1].raw.startswith("Nov 27 21:36:11 mail01")
    assert stats.skipped["not postfix"] == 1  # the dovecot line
    assert stats.skipped["smtpd line"] == 4  # connect, client, disconnect, NOQUEUE reject


def test_lines_of_one_message_in_two_rotated_files_are_stitched() -> None:
    old, new = path_of("postfix", "rotated/maillog.1"), path_of("postfix", "rotated/maillog")
    events, bad = split(postfix.read([old, new], year=2026))
    assert bad == []
    assert [(e.source, e.type) for e in events] == [
        (f"{old}:3", EventType.DEFERRED),
        (f"{new}:1", EventType.DELIVERED),
    ]
    delivered = events[1]
    assert delivered.message_id == "invite-2001@platform.example"
    assert delivered.sender == "events@organiser.example"
    assert delivered.at == utc("2026-11-28T00:29:59")


def test_year_comes_from_the_file_mtime_and_rolls_over(tmp_path: Path) -> None:
    path = tmp_path / "maillog"
    shutil.copy(path_of("postfix", "maillog.newyear"), path)
    stamp = datetime(2027, 1, 1, 6, 0, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    events, bad = split(postfix.read([str(path)]))
    assert bad == []
    assert [e.at for e in events] == [utc("2026-12-31T23:59:59"), utc("2027-01-01T00:30:01")]
    assert events[1].message_id == "newyear-1@platform.example"


def test_explicit_year_and_server_zone() -> None:
    amsterdam_winter = timezone(timedelta(hours=1))
    events, _ = split(postfix.read([MAILLOG], year=2025, tz=amsterdam_winter))
    assert events[0].at == datetime(2025, 11, 27, 20, 35, 2, tzinfo=UTC)


def test_iso_and_rfc5424_timestamps() -> None:
    path = path_of("postfix", "maillog.iso")
    events, bad = split(postfix.read([path]))
    assert bad == []
    assert [(e.type, e.recipient, e.at) for e in events] == [
        (EventType.HARD_BOUNCE, "eva@example.nl", datetime(2026, 11, 27, 20, 35, 2, 500000, UTC)),
        (EventType.DELIVERED, "eva2@example.nl", utc("2026-11-27T20:40:00")),
    ]
    assert events[0].message_id == "iso-1@platform.example"
    assert events[0].reply_code == 550 and events[0].status == "5.7.1"


def test_bad_lines_are_reported_by_line_and_good_ones_kept() -> None:
    path = path_of("postfix", "maillog.bad")
    items = list(postfix.read([path], year=2026))
    assert_sound(items)
    events, bad = split(items)
    assert [(b.source, b.why) for b in bad] == [
        (f"{path}:2", "not a syslog line"),
        (f"{path}:4", "impossible date in syslog line"),
        (f"{path}:5", "unrecognised postfix delivery line"),
        (f"{path}:6", "delivery line without a recipient"),
        (f"{path}:8", "line is not valid UTF-8"),
    ]
    assert [(e.source, e.type) for e in events] == [
        (f"{path}:3", EventType.DELIVERED),
        (f"{path}:7", EventType.HARD_BOUNCE),
        (f"{path}:9", EventType.DEFERRED),
    ]
    assert events[1].message_id == "5F1A2B3C4D"  # no cleanup line seen: the queue id stands in
    assert all(e.at.year == 2026 for e in events)  # the bogus Feb 30 did not roll the year


def test_same_file_twice_gives_the_same_keys() -> None:
    first = [e.key for e in split(postfix.read([MAILLOG], year=2026))[0]]
    second = [e.key for e in split(postfix.read([MAILLOG], year=2026))[0]]
    assert first == second
    assert len(set(first)) == len(first)


def test_open_queue_ids_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postfix, "MAX_OPEN", 2)
    lines = [
        f"Nov 27 10:00:0{i} h postfix/cleanup[1]: ABCDEF{i}0: message-id=<m{i}@x>" for i in range(5)
    ]
    lines += [
        f"Nov 27 10:00:1{i} h postfix/smtp[2]: ABCDEF{i}0: to=<r@x.nl>, relay=none, delay=1, "
        "delays=0/0/0/0, dsn=4.4.1, status=deferred (timeout)"
        for i in (0, 4)
    ]
    path = tmp_path / "maillog"
    path.write_text("\n".join(lines))
    events, _ = split(postfix.read([str(path)], year=2026))
    # The oldest queue id was forgotten, so its message-id is lost; the newest is still known.
    assert [e.message_id for e in events] == ["ABCDEF00", "m4@x"]


_LINE = (
    "Nov 27 21:36:11 mail01 postfix/smtp[2004]: 5B6C7D8E9F: to=<piet@example.nl>, "
    "relay=mx.example.nl[192.0.2.10]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=5.1.1, "
    "status=bounced (host mx.example.nl[192.0.2.10] said: 550 5.1.1 unknown (in reply to RCPT TO))"
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.log"
    path.write_bytes(data)
    assert_sound(list(postfix.read([str(path)], year=2026)))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(0, len(_LINE)),
    insert=st.text(st.characters(blacklist_characters="\n"), max_size=30),
    at=st.integers(0, len(_LINE)),
)
def test_mutated_delivery_lines_never_raise(tmp_path: Path, cut: int, insert: str, at: int) -> None:
    mutated = (_LINE[:at] + insert + _LINE[at:])[: max(cut, 1)]
    path = tmp_path / "mutated.log"
    path.write_text(f"{_LINE}\n{mutated}\n{_LINE}\n", encoding="utf-8", errors="surrogatepass")
    items = list(postfix.read([str(path)], year=2026))
    assert_sound(items)
    events, _ = split(items)
    assert sum(1 for e in events if e.source.endswith((":1", ":3"))) == 2
