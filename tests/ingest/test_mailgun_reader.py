"""The Mailgun reader: webhooks, Events API pages, severities and suppressions."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.model import EventType, Reason
from desktop.ingest import mailgun
from desktop.ingest.feedkit import ReadStats
from tests.ingest.feed_expect import path_of, pick, split

WEBHOOK = path_of("mailgun", "failed_permanent.json")
LINES = path_of("mailgun", "webhooks.ndjson")
PAGE = path_of("mailgun", "events_page.json")


def test_a_pretty_printed_permanent_failure_webhook() -> None:
    events, bad = split(mailgun.read([WEBHOOK]))
    assert bad == []
    (event,) = events
    expected = {
        "source": f"{WEBHOOK}:1",
        "type": EventType.HARD_BOUNCE,
        "recipient": "piet@example.nl",
        "key": "mailgun:G9Bn5sl1TC6nu79C8C0bwg",
        "message_id": "20261127213600.1.AB12CD34@mg.organiser.example",
        "sender": "events@organiser.example",  # the From header, not the VERP envelope sender
        "subject": "Invitation gala dinner",
        "account": "gala-organiser",
        "reply_code": 550,
        "status": "5.1.1",
        "diagnostic": "5.1.1 The email account that you tried to reach does not exist.",
        "remote_host": "mx.example.nl",
        "reason": None,
    }
    assert pick(event, expected) == expected
    assert event.at.isoformat() == "2026-11-27T21:36:00.512000+00:00"
    assert event.extra["header_message_id"] == event.message_id
    assert event.extra["severity"] == "permanent"


def test_webhooks_one_per_line() -> None:
    stats = ReadStats()
    events, bad = split(mailgun.read([LINES], stats=stats))
    assert bad == []
    assert [(e.source.rsplit(":", 1)[1], e.type, e.recipient) for e in events] == [
        ("1", EventType.QUEUED, "jan@example.nl"),
        ("2", EventType.DELIVERED, "jan@example.nl"),
        ("3", EventType.DEFERRED, "anna@slow.example"),  # severity temporary
        ("4", EventType.SOFT_BOUNCE, "anna@slow.example"),  # permanent, reason "old"
        ("5", EventType.REJECTED, "gone@example.nl"),  # suppress-bounce: never tried
        ("6", EventType.REJECTED, "x@example.nl"),
        ("7", EventType.SPAM_COMPLAINT, "angry@example.nl"),
    ]
    delivered, deferred = events[1], events[2]
    assert (delivered.reply_code, delivered.diagnostic, delivered.remote_host) == (
        250,
        "OK",
        "mx.example.nl",
    )
    assert (deferred.reply_code, deferred.status) == (452, "4.2.2")
    assert events[4].reply_code is None  # Mailgun's own 605 is not an SMTP reply
    assert events[4].diagnostic == "Not delivering to previously bounced address"
    assert events[5].diagnostic == "Sandbox subdomains are for test purposes only"
    assert events[6].reason is Reason.SPAM_COMPLAINT
    assert dict(stats.skipped) == {"opened": 1, "clicked": 1, "unsubscribed": 1}


def test_an_events_api_page() -> None:
    stats = ReadStats()
    events, bad = split(mailgun.read([PAGE], stats=stats))
    assert bad == []
    (event,) = events
    assert (event.source, event.type, event.recipient, event.account) == (
        f"{PAGE}:1",
        EventType.HARD_BOUNCE,
        "eva@example.nl",
        "gala-organiser",  # from an "account:" tag
    )
    assert (event.reply_code, event.status) == (554, "5.7.1")
    assert event.raw is not None and '"page-0001-abc"' in event.raw
    assert dict(stats.skipped) == {"stored": 1}


def test_damaged_records(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    path.write_text(
        '{"items": "nope"}\n'
        '{"event-data": [1]}\n'
        '{"items": [1, {"event": "delivered", "timestamp": 1795815305, "id": "ok"}]}\n'
        '{"event-data": {"event": "delivered", "timestamp": 1795815305, '
        '"recipient": "a@b.nl", "id": "fine"}}\n'
    )
    events, bad = split(mailgun.read([str(path)]))
    assert [e.key for e in events] == ["mailgun:fine"]
    assert [(b.source.rsplit(":", 1)[1], b.why) for b in bad] == [
        ("1", "'items' is not a list"),
        ("2", "'event-data' is not a JSON object"),
        ("3", "item 0 is not a JSON object"),
        ("3", "delivered event without a usable recipient or timestamp"),
    ]


def test_same_files_twice_give_the_same_keys() -> None:
    paths = [WEBHOOK, LINES, PAGE]
    first = [e.key for e in split(mailgun.read(paths))[0]]
    assert first == [e.key for e in split(mailgun.read(paths))[0]]
    assert len(set(first)) == len(first)
