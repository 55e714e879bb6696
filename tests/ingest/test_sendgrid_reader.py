"""The SendGrid Event Webhook reader: every event type, arrays and JSON lines, damage."""

from __future__ import annotations

from typing import Any

from desktop.domain.model import EventType, Reason
from desktop.ingest import sendgrid
from desktop.ingest.feedkit import ReadStats
from tests.ingest.feed_expect import assert_sound, path_of, pick, split, utc

POST = path_of("sendgrid", "post.json")
LINES = path_of("sendgrid", "events.ndjson")


def test_a_webhook_post_array() -> None:
    stats = ReadStats()
    events, bad = split(sendgrid.read([POST], stats=stats))
    assert bad == []
    expected: list[dict[str, Any]] = [
        {
            "source": f"{POST}:4",  # byte offset of the element in the array
            "type": EventType.QUEUED,
            "recipient": "jan@example.nl",
            "at": utc("2026-11-27T21:35:01"),
            "key": "sendgrid:cHJvY2Vzc2VkLTAwMDE",
            "message_id": "Xq3vR8kTQm2aB1cD4eF5gw",
            "account": "gala-organiser",
            "reply_code": None,
            "diagnostic": None,
        },
        {
            "type": EventType.DELIVERED,
            "at": utc("2026-11-27T21:35:05"),
            "key": "sendgrid:ZGVsaXZlcmVkLTAwMDI",
            "message_id": "Xq3vR8kTQm2aB1cD4eF5gw",  # same message as the processed event
            "reply_code": 250,
            "status": "2.0.0",
            "diagnostic": "250 2.0.0 OK 1795815305 d2si1234 - gsmtp",
            "reason": None,
        },
    ]
    assert [pick(e, x) for e, x in zip(events, expected, strict=True)] == expected
    with open(POST, "rb") as handle:
        data = handle.read()
    offset = int(events[1].source.rsplit(":", 1)[1])
    assert data[offset:].startswith(
        b'{\n    "email": "jan@example.nl",\n    "timestamp": 1795815305'
    )
    assert events[0].extra["header_message_id"] == "invite-1001@platform.example"
    assert events[1].extra["sg_message_id"].endswith(".filterdrecv-5c9d8f7-abcde-1-6564A1B2-3.1")
    assert dict(stats.skipped) == {"open": 1, "click": 1}


def test_json_lines_of_every_delivery_event() -> None:
    stats = ReadStats()
    events, bad = split(sendgrid.read([LINES], stats=stats))
    assert bad == []
    expected: list[dict[str, Any]] = [
        {
            "source": f"{LINES}:1",
            "type": EventType.HARD_BOUNCE,
            "recipient": "piet@example.nl",
            "at": utc("2026-11-27T21:36:00"),
            "message_id": "Pq1wE2rT3yU4iO5pA6sDfg",
            "account": "gala-organiser",
            "reply_code": 550,
            "status": "5.1.1",
            "diagnostic": "550 5.1.1 The email account that you tried to reach does not exist.",
        },
        {
            "source": f"{LINES}:2",
            "type": EventType.SOFT_BOUNCE,  # type=blocked
            "recipient": "klaas@example.org",
            "reply_code": 554,
            "status": "5.7.1",
        },
        {
            "source": f"{LINES}:3",
            "type": EventType.DEFERRED,
            "reply_code": 421,
            "status": "4.7.0",
            "diagnostic": "421 4.7.0 Try again later, closing connection.",
        },
        {
            "source": f"{LINES}:4",
            "type": EventType.REJECTED,  # dropped: never sent
            "recipient": "old@example.nl",
            "status": "5.0.0",
            "diagnostic": "Bounced Address",
        },
        {
            "source": f"{LINES}:5",
            "type": EventType.SPAM_COMPLAINT,
            "recipient": "angry@example.nl",
            "reason": Reason.SPAM_COMPLAINT,
            "account": "newsletter-co",
        },
    ]
    assert [pick(e, x) for e, x in zip(events, expected, strict=True)] == expected
    assert events[0].extra["bounce_classification"] == "Invalid Address"
    assert events[1].extra["type"] == "blocked"
    assert events[2].extra["attempt"] == "3"
    assert dict(stats.skipped) == {
        "unsubscribe": 1,
        "group_unsubscribe": 1,
        "group_resubscribe": 1,
    }


def test_bad_lines_are_reported_and_good_ones_kept() -> None:
    path = path_of("sendgrid", "bad.ndjson")
    items = list(sendgrid.read([path]))
    assert_sound(items)
    events, bad = split(items)
    assert [e.source for e in events] == [f"{path}:1", f"{path}:7", f"{path}:9"]
    assert [b.source.rsplit(":", 1)[1] for b in bad] == ["2", "3", "4", "5", "6", "6", "8"]
    # no sg_event_id: the key is a hash of the record, stable from one read to the next
    assert events[1].key.startswith("sendgrid:sha1:")


def test_same_files_twice_give_the_same_keys() -> None:
    first = [e.key for e in split(sendgrid.read([POST, LINES]))[0]]
    assert first == [e.key for e in split(sendgrid.read([POST, LINES]))[0]]
    assert len(set(first)) == len(first)
