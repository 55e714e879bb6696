"""The Mandrill reader: form-encoded and JSON webhooks, message info with smtp_events."""

from __future__ import annotations

from desktop.domain.model import EventType, Reason
from desktop.ingest import mandrill
from desktop.ingest.feedkit import ReadStats
from tests.ingest.feed_expect import path_of, pick, split, utc

EVENTS = path_of("mandrill", "events.json")
FORM = path_of("mandrill", "webhook.form")
INFO = path_of("mandrill", "message_info.json")

KINDS = [
    (EventType.SENT, "jan@example.nl"),
    (EventType.DEFERRED, "anna@slow.example"),
    (EventType.HARD_BOUNCE, "piet@example.nl"),
    (EventType.SOFT_BOUNCE, "klaas@example.org"),
    (EventType.REJECTED, "gone@example.nl"),
    (EventType.SPAM_COMPLAINT, "angry@example.nl"),
]


def test_a_json_array_of_webhook_events() -> None:
    stats = ReadStats()
    events, bad = split(mandrill.read([EVENTS], stats=stats))
    assert bad == []
    assert [(e.type, e.recipient) for e in events] == KINDS
    deferral, hard = events[1], events[2]
    expected = {
        "at": utc("2026-11-27T21:36:02"),
        "key": "mandrill:6b2c3d4e5f60718293a4b5c6d7e8f9a0:deferral:1795815362",
        "message_id": "6b2c3d4e5f60718293a4b5c6d7e8f9a0",
        "sender": "news@organiser.example",
        "subject": "Reminder",
        "account": "news-co",
        "reply_code": 451,
        "status": "4.3.5",
        "diagnostic": "451 4.3.5 Temporarily unavailable, try again later.",
        "remote_host": "203.0.113.5",
    }
    assert pick(deferral, expected) == expected
    assert (hard.reply_code, hard.status) == (550, "5.1.1")
    assert hard.diagnostic == "550 5.1.1 The email account that you tried to reach does not exist."
    assert hard.extra["bounce_description"] == "bad_mailbox"
    assert events[4].extra["reject_reason"] == "hard-bounce"
    assert events[5].reason is Reason.SPAM_COMPLAINT
    assert dict(stats.skipped) == {"open": 1, "click": 1, "unsub": 1}


def test_form_encoded_webhook_bodies_one_per_line() -> None:
    events, bad = split(mandrill.read([FORM]))
    assert [(e.type, e.recipient) for e in events] == KINDS
    assert [e.source.rsplit(":", 1)[1] for e in events] == ["1", "1", "1", "2", "2", "2"]
    assert [(b.source, b.why) for b in bad] == [(f"{FORM}:3", "mandrill_events is not valid JSON")]
    assert [e.key for e in events] == [e.key for e in split(mandrill.read([EVENTS]))[0]]


def test_message_info_gives_one_event_per_smtp_attempt() -> None:
    events, bad = split(mandrill.read([INFO]))
    assert bad == []
    assert [(e.type, e.at, e.reply_code, e.status, e.remote_host) for e in events] == [
        (EventType.DEFERRED, utc("2026-11-27T21:35:02"), 450, "4.2.1", "198.51.100.20"),
        (EventType.DELIVERED, utc("2026-11-27T22:05:02"), 250, "2.0.0", "198.51.100.20"),
    ]
    assert {e.message_id for e in events} == {"b0718293a4b5c6d7e8f9a0b1c2d3e4f5"}
    assert {e.account for e in events} == {"gala-organiser"}
    assert [e.key for e in events] == [
        "mandrill:b0718293a4b5c6d7e8f9a0b1c2d3e4f5:smtp:0",
        "mandrill:b0718293a4b5c6d7e8f9a0b1c2d3e4f5:smtp:1",
    ]


def test_same_files_twice_give_the_same_keys() -> None:
    paths = [EVENTS, INFO]
    first = [e.key for e in split(mandrill.read(paths))[0]]
    assert first == [e.key for e in split(mandrill.read(paths))[0]]
    assert len(set(first)) == len(first)
