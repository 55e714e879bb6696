"""Retry windows per sending side and the state that says what happens next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain.model import Event, EventType, MessageStatus
from desktop.domain.outcome import NextStep, duration_text, moment_text, next_step
from desktop.domain.retry import (
    DEFAULT_WINDOWS,
    parse_overrides,
    sending_side,
    will_retry_until,
    window_for,
)

NOW = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "side"),
    [
        (
            "Dec  5 13:00:00 mx1 postfix/smtp[123]: 4F1A: to=<a@b.nl>, status=deferred (x)",
            "postfix",
        ),
        ('{"notificationType":"Bounce","bounce":{"bounceType":"Transient"}}', "ses"),
        ('{"Type":"Notification","TopicArn":"arn:aws:sns:eu-west-1:1:b","Message":"{}"}', "ses"),
        ('{"email":"a@b.nl","event":"deferred","sg_event_id":"x","timestamp":1}', "sendgrid"),
        ('{"signature":{},"event-data":{"event":"failed","severity":"temporary"}}', "mailgun"),
        ('{"RecordType":"Bounce","Type":"SoftBounce","Email":"a@b.nl"}', "postmark"),
        ('{"event":"soft_bounce","msg":{"_id":"abc","ts":1,"email":"a@b.nl"}}', "mandrill"),
        ("Reporting-MTA: dns; mx.example.org\nAction: delayed\nStatus: 4.4.1\n", "mta"),
        (None, "mta"),
        ("something else entirely", "mta"),
    ],
)
def test_the_sending_side_is_read_from_the_raw_record(raw: str | None, side: str) -> None:
    assert sending_side(raw) == side


def test_documented_defaults() -> None:
    # postconf(5): maximal_queue_lifetime = 5d, maximal_backoff_time = 4000s
    assert DEFAULT_WINDOWS["postfix"].lifetime == timedelta(days=5)
    assert DEFAULT_WINDOWS["postfix"].max_backoff == timedelta(seconds=4000)
    # SES API v2 DeliveryOptions.MaxDeliverySeconds: at most 50400 s
    assert DEFAULT_WINDOWS["ses"].lifetime == timedelta(seconds=50400)
    assert window_for("nothing-known").lifetime == timedelta(days=5)  # RFC 5321 4.5.4.1


def test_a_delay_dsn_says_itself_until_when_it_retries() -> None:
    # RFC 3464 2.3.8: Will-Retry-Until, an RFC 5322 date-time
    raw = "Action: delayed\nStatus: 4.4.7\nWill-Retry-Until: Tue, 8 Dec 2026 09:30:00 +0100\n"
    assert will_retry_until(raw) == datetime(2026, 12, 8, 8, 30, tzinfo=UTC)
    assert will_retry_until("Will-Retry-Until: soon") is None
    soft = Event(1, 1, EventType.DEFERRED, NOW - timedelta(hours=1), raw=raw)
    outcome = next_step(MessageStatus.DEFERRED, NOW - timedelta(hours=2), [soft], None, None, NOW)
    assert outcome is not None and outcome.step is NextStep.RETRYING
    assert outcome.gives_up == datetime(2026, 12, 8, 8, 30, tzinfo=UTC)


def test_the_settings_override_a_window() -> None:
    windows = parse_overrides(
        {"postfix": 24, "ses": "x", "nonsense": 5, "mta": 0, "mandrill": True}
    )
    assert set(windows) == {"postfix"}
    assert windows["postfix"].lifetime == timedelta(hours=24)
    assert windows["postfix"].documented_by == "your settings"
    raw = "Dec  5 12:00:00 mx1 postfix/smtp[1]: A: to=<a@b.nl>, status=deferred (x)"
    soft = Event(1, 1, EventType.SOFT_BOUNCE, NOW - timedelta(minutes=30), raw=raw)
    sent = NOW - timedelta(hours=2)
    outcome = next_step(MessageStatus.SOFT_BOUNCE, sent, [soft], None, None, NOW, windows)
    assert outcome is not None and outcome.gives_up == sent + timedelta(hours=24)


def test_ses_gives_up_after_fourteen_hours() -> None:
    raw = '{"notificationType":"Bounce","bounce":{"bounceType":"Transient"}}'
    sent = NOW - timedelta(hours=15)
    soft = Event(1, 1, EventType.SOFT_BOUNCE, NOW - timedelta(minutes=10), raw=raw)
    outcome = next_step(MessageStatus.SOFT_BOUNCE, sent, [soft], None, None, NOW)
    assert outcome is not None and outcome.step is NextStep.GIVEN_UP


def test_nothing_failed_means_no_next_step() -> None:
    for status in (MessageStatus.DELIVERED, MessageStatus.SENT, MessageStatus.QUEUED):
        assert next_step(status, NOW, [], None, None, NOW) is None


def test_dates_and_durations_in_both_languages() -> None:
    moment = datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    assert moment_text(moment, "en", UTC) == "Thursday 10 December 14:00"
    assert moment_text(moment, "nl", UTC) == "donderdag 10 december 14:00"
    assert duration_text(timedelta(days=5), "en") == "5 days"
    assert duration_text(timedelta(days=5), "nl") == "5 dagen"
    assert duration_text(timedelta(hours=14), "nl") == "14 uur"
    assert duration_text(timedelta(days=1), "en") == "1 day"
