"""The Postmark reader: bounce, delivery and spam complaint webhooks, the Bounces API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from desktop.domain.model import EventType, Reason
from desktop.ingest import postmark
from desktop.ingest.feedkit import ReadStats
from tests.ingest.feed_expect import path_of, pick, split, utc

BOUNCE = path_of("postmark", "bounce.json")
LINES = path_of("postmark", "webhooks.ndjson")
API = path_of("postmark", "bounces_api.json")


def test_a_bounce_webhook() -> None:
    events, bad = split(postmark.read([BOUNCE]))
    assert bad == []
    (event,) = events
    expected = {
        "source": f"{BOUNCE}:1",
        "type": EventType.HARD_BOUNCE,
        "recipient": "piet@example.nl",
        "at": datetime(2026, 11, 27, 21, 36, 0, 456789, tzinfo=UTC),
        "key": "postmark:Bounce:4323372036854775807",
        "message_id": "883953f4-6105-42a2-a16a-77a8eac79483",
        "sender": "events@organiser.example",
        "subject": "Invitation gala dinner",
        "account": "gala-organiser",  # Metadata wins over Tag
        "reply_code": 550,
        "status": "5.1.1",
        "diagnostic": "550 5.1.1 The email account that you tried to reach does not exist.",
        "remote_host": None,
        "reason": None,
    }
    assert pick(event, expected) == expected
    assert event.extra["postmark_type"] == "HardBounce"
    assert event.extra["description"].startswith("The server was unable to deliver")


def test_webhooks_of_every_record_type() -> None:
    stats = ReadStats()
    events, bad = split(postmark.read([LINES], stats=stats))
    assert bad == []
    expected: list[dict[str, Any]] = [
        {
            "source": f"{LINES}:1",
            "type": EventType.DELIVERED,
            "recipient": "jan@example.nl",
            "at": utc("2026-11-27T21:35:05"),
            "key": "postmark:Delivery:00000000-0000-0000-0000-000000000001:jan@example.nl",
            "reply_code": 250,
            "status": "2.0.0",
            "account": "gala-organiser",
        },
        {
            "source": f"{LINES}:2",
            "type": EventType.SOFT_BOUNCE,
            "recipient": "klaas@example.org",
            "status": "4.2.2",
            "account": "gala-organiser",  # from Tag
        },
        {"source": f"{LINES}:3", "type": EventType.DEFERRED, "reply_code": 421},  # Transient
        {
            "source": f"{LINES}:4",
            "type": EventType.SPAM_COMPLAINT,
            "reason": Reason.SPAM_COMPLAINT,
            "key": "postmark:SpamComplaint:1003",
        },
        {"source": f"{LINES}:6", "type": EventType.SOFT_BOUNCE, "status": "5.7.1"},  # filter
    ]
    assert [pick(e, x) for e, x in zip(events, expected, strict=True)] == expected
    assert dict(stats.skipped) == {"AutoResponder": 1, "Open": 1, "Click": 1}


def test_the_bounces_api_response() -> None:
    events, bad = split(postmark.read([API]))
    assert bad == []
    assert [(e.source, e.type, e.recipient, e.at) for e in events] == [
        (f"{API}:1", EventType.HARD_BOUNCE, "lisa@gone.example", utc("2026-11-28T04:00:05")),
        (f"{API}:1", EventType.SOFT_BOUNCE, "kim@nowhere.example", utc("2026-11-27T23:05:00")),
    ]
    assert events[0].diagnostic == "action: failed"
    assert events[1].key == "postmark:Bounce:676862817"


def test_same_files_twice_give_the_same_keys() -> None:
    paths = [BOUNCE, LINES, API]
    first = [e.key for e in split(postmark.read(paths))[0]]
    assert first == [e.key for e in split(postmark.read(paths))[0]]
    assert len(set(first)) == len(first)
