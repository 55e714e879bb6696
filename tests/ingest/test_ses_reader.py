"""The Amazon SES reader: SNS envelopes and bare notifications/events of every type."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.domain.model import EventType, Reason
from desktop.ingest import ses
from desktop.ingest.feedkit import ReadStats
from tests.ingest.feed_expect import path_of, pick, split, utc

SNS = path_of("ses", "sns_bounce.json")
LINES = path_of("ses", "events.ndjson")
ARRAY = path_of("ses", "array.json")


def test_a_bounce_inside_its_sns_envelope_gives_one_event_per_recipient() -> None:
    events, bad = split(ses.read([SNS]))
    assert bad == []
    assert [e.recipient for e in events] == ["piet@example.nl", "kees@example.nl"]
    expected = {
        "source": f"{SNS}:1",
        "type": EventType.HARD_BOUNCE,
        "at": datetime(2026, 11, 27, 21, 36, 0, 250000, tzinfo=UTC),
        "key": "ses:0102018c1a2b3c4d-aaaa-bbbb-cccc-000000000001-000000:piet@example.nl",
        "message_id": "0102018c0f0e0d0c-1111-2222-3333-444455556666-000000",
        "sender": "events@organiser.example",
        "subject": "Invitation gala dinner",
        "account": "gala-organiser",
        "reply_code": 550,
        "status": "5.1.1",
        "diagnostic": "550 5.1.1 <piet@example.nl>: Recipient address rejected: User unknown",
        "remote_host": "192.0.2.10",
        "reason": None,
    }
    assert pick(events[0], expected) == expected
    assert events[0].extra["header_message_id"] == (
        "0102018c0f0e0d0c-1111-2222-3333-444455556666-000000-hdr@organiser.example"
    )
    assert events[0].extra["action"] == "failed"


def test_notifications_and_events_of_every_type() -> None:
    stats = ReadStats()
    events, bad = split(ses.read([LINES], stats=stats))
    assert bad == []
    assert [(e.source.rsplit(":", 1)[1], e.type, e.recipient) for e in events] == [
        ("1", EventType.SOFT_BOUNCE, "klaas@example.org"),  # Transient
        ("2", EventType.REJECTED, "gone@example.nl"),  # on the suppression list: not sent
        ("3", EventType.SPAM_COMPLAINT, "angry@example.nl"),
        ("4", EventType.DELIVERED, "jan@example.nl"),
        ("5", EventType.DEFERRED, "anna@slow.example"),
        ("6", EventType.QUEUED, "eva@example.nl"),
        ("6", EventType.QUEUED, "bram@example.nl"),
        ("7", EventType.REJECTED, "virus@example.nl"),
    ]
    transient, _, complaint, delivery, delay, _, _, reject = events
    assert (transient.reply_code, transient.status, transient.remote_host) == (
        452,
        "4.2.2",
        "mx1.example.org",
    )
    assert complaint.reason is Reason.SPAM_COMPLAINT
    assert complaint.at == utc("2026-11-27T21:40:05")
    assert complaint.extra["complaint_feedback_type"] == "abuse"
    assert (delivery.reply_code, delivery.status, delivery.remote_host) == (
        250,
        "2.0.0",
        "192.0.2.10",
    )
    assert delivery.key == "ses:Delivery:0102-msg-0005:jan@example.nl"
    assert (delay.reply_code, delay.status, delay.account) == (421, "4.4.1", "news-co")
    assert delay.extra["delay_type"] == "TransientCommunicationFailure"
    assert reject.diagnostic == "Bad content"
    assert dict(stats.skipped) == {"Open": 1, "Click": 1}


def test_a_json_array_uses_byte_offsets() -> None:
    events, bad = split(ses.read([ARRAY]))
    assert bad == []
    with open(ARRAY, "rb") as handle:
        data = handle.read()
    offsets = [int(e.source.rsplit(":", 1)[1]) for e in events]
    assert offsets[0] == 1
    assert data[offsets[1] :].startswith(b'{"notificationType": "Bounce"')
    assert [e.key for e in events] == [e.key for e in split(ses.read([LINES]))[0][:2]]


def test_non_notifications_are_skipped_and_damage_reported(tmp_path: Path) -> None:
    path = tmp_path / "sns.ndjson"
    path.write_text(
        '{"Type": "SubscriptionConfirmation", "TopicArn": "arn:x", "Message": "confirm"}\n'
        '{"Type": "Notification", "TopicArn": "arn:x", "Message": "{not json"}\n'
        '{"notificationType": "Bounce", "bounce": {"bounceType": "Permanent"}, "mail": {}}\n'
        '{"mail": {}}\n'
    )
    stats = ReadStats()
    events, bad = split(ses.read([str(path)], stats=stats))
    assert events == []
    assert [(b.source.rsplit(":", 1)[1], b.why) for b in bad] == [
        ("2", "SNS Message is not JSON"),
        ("3", "Bounce without bouncedRecipients"),
        ("4", "neither notificationType nor eventType"),
    ]
    assert dict(stats.skipped) == {"SNS SubscriptionConfirmation": 1}


def test_same_files_twice_give_the_same_keys() -> None:
    paths = [SNS, LINES]
    first = [e.key for e in split(ses.read(paths))[0]]
    assert first == [e.key for e in split(ses.read(paths))[0]]
    assert len(set(first)) == len(first)
