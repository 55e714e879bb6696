"""The DSN reader on one sample per family: standard and broken reports, text notices, ARF."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason
from desktop.ingest.dsn import ReadStats, bare_message_id, classify_mail, read, read_with_stats

DATA = Path(__file__).resolve().parents[2] / "data" / "dsn"


def events_of(name: str) -> list[ParsedEvent]:
    results = list(read([str(DATA / name)]))
    assert all(isinstance(item, ParsedEvent) for item in results), results
    return [item for item in results if isinstance(item, ParsedEvent)]


def only_event(name: str) -> ParsedEvent:
    events = events_of(name)
    assert len(events) == 1, events
    return events[0]


# name, type, recipient, status, reply code, original message id
FAMILIES = [
    (
        "rfc3464.eml",
        EventType.HARD_BOUNCE,
        "jan@example.nl",
        "5.1.1",
        550,
        "order-1234@sender.example",
    ),
    (
        "nested_mixed.eml",
        EventType.HARD_BOUNCE,
        "piet@example.com",
        "5.2.2",
        552,
        "news-77@sender.example",
    ),
    (
        "qmail.eml",
        EventType.HARD_BOUNCE,
        "kees@example.org",
        "5.1.1",
        550,
        "welcome-9@sender.example",
    ),
    (
        "exim.eml",
        EventType.HARD_BOUNCE,
        "lisa@example.co.uk",
        "5.7.1",
        550,
        "promo-5@sender.example",
    ),
    (
        "sendmail.eml",
        EventType.HARD_BOUNCE,
        "tom@old.example.edu",
        "5.0.0",
        550,
        "invoice-3@sender.example",
    ),
    (
        "exchange.eml",
        EventType.HARD_BOUNCE,
        "sam.jones@contoso.example",
        "5.1.10",
        550,
        "meeting-8@sender.example",
    ),
    (
        "gmail.eml",
        EventType.HARD_BOUNCE,
        "noor@example.net",
        "5.2.1",
        550,
        "reminder-2@sender.example",
    ),
    ("postfix_text.eml", EventType.DEFERRED, "eva@slow.example", "4.0.0", None, None),
    ("iso2022jp.eml", EventType.HARD_BOUNCE, "yuki@carrier.example.jp", "5.1.1", 550, None),
]


@pytest.mark.parametrize(("name", "kind", "recipient", "status", "reply", "message_id"), FAMILIES)
def test_family_yields_recipient_status_and_original(
    name: str,
    kind: EventType,
    recipient: str,
    status: str,
    reply: int | None,
    message_id: str | None,
) -> None:
    event = only_event(name)
    assert (event.type, event.recipient, event.status, event.reply_code) == (
        kind,
        recipient,
        status,
        reply,
    )
    assert event.message_id == message_id
    assert event.source == f"{DATA / name}:0"
    assert event.reason is None  # the import service classifies
    assert event.at.tzinfo is not None and event.at.utcoffset() == UTC.utcoffset(None)


def test_standard_report_fills_every_field() -> None:
    event = only_event("rfc3464.eml")
    assert event.remote_host == "mx.example.nl"
    assert event.sender == "Festival Tickets <tickets@festival.example>"
    assert event.subject == "Your tickets for Zomerfeest"
    assert event.account == "festival-42"
    assert event.extra["verp_recipient"] == "jan@example.nl"
    assert event.diagnostic is not None and event.diagnostic.startswith(
        "550 5.1.1 <jan@example.nl>"
    )
    assert "User unknown in virtual mailbox table" in event.diagnostic  # unfolded continuation
    # Last-Attempt-Date is absent, so the report's Arrival-Date (CET) gives the time.
    assert event.at == datetime(2026, 3, 3, 9, 14, 58, tzinfo=UTC)


def test_broken_report_splits_recipients_without_blank_lines() -> None:
    events = {event.recipient: event for event in events_of("broken_report.eml")}
    assert set(events) == {"anna@example.org", "bert@example.org"}
    anna, bert = events["anna@example.org"], events["bert@example.org"]
    # The Status field says 5.0.0; the remote server's own 5.1.1 is more precise.
    assert (anna.type, anna.status, anna.reply_code) == (EventType.HARD_BOUNCE, "5.1.1", 550)
    assert anna.diagnostic == "550 5.1.1 The email account that you tried to reach does not exist"
    assert (bert.type, bert.status) == (EventType.SOFT_BOUNCE, "4.4.1")
    assert bert.at == datetime(2026, 3, 5, 16, 59, tzinfo=UTC)


def test_text_bounce_diagnostic_is_the_servers_line() -> None:
    event = only_event("exchange.eml")
    assert event.diagnostic is not None
    assert "RESOLVER.ADR.RecipientNotFound" in event.diagnostic
    assert event.subject == "Meeting next week"


def test_iso_2022_jp_body_is_decoded() -> None:
    event = only_event("iso2022jp.eml")
    assert event.diagnostic == "550 5.1.1 ユーザが存在しません"


def test_arf_report_is_a_spam_complaint() -> None:
    event = only_event("arf.eml")
    assert event.type is EventType.SPAM_COMPLAINT
    assert event.reason is Reason.SPAM_COMPLAINT
    assert event.recipient == "mila@isp.example"
    assert event.message_id == "promo-5@sender.example"
    assert event.account == "spring-shop"
    assert event.extra["feedback_type"] == "abuse"
    assert event.at == datetime(2026, 3, 12, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("feedback_type", ["auth-failure", "not-spam"])
def test_a_report_that_is_no_complaint_is_left_alone(feedback_type: str, tmp_path: Path) -> None:
    """RFC 6591 auth-failure reports concern our own authentication, RFC 5965 not-spam is the
    opposite of a complaint: neither may quarantine the recipient."""
    report = (
        (DATA / "arf.eml")
        .read_bytes()
        .replace(b"Feedback-Type: abuse", f"Feedback-Type: {feedback_type}".encode())
    )
    (tmp_path / "report.eml").write_bytes(report)
    stats = ReadStats()
    assert list(read_with_stats([str(tmp_path / "report.eml")], stats)) == []
    assert (stats.not_bounces, stats.feedback, stats.events) == (1, 0, 0)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("rfc3464.eml", "bounce"),
        ("exim.eml", "bounce"),  # Exim marks bounces "auto-replied": still a bounce
        ("qmail.eml", "bounce"),
        ("arf.eml", "feedback"),
        ("autoreply.eml", "autoreply"),
        ("not_bounce.eml", "not_bounce"),
    ],
)
def test_classify_mail(name: str, kind: str) -> None:
    assert classify_mail((DATA / name).read_bytes()) == kind


def test_auto_replies_and_ordinary_mail_are_counted_not_yielded() -> None:
    stats = ReadStats()
    paths = [str(DATA / "autoreply.eml"), str(DATA / "not_bounce.eml"), str(DATA / "qmail.eml")]
    results = list(read_with_stats(paths, stats))
    assert [type(item) for item in results] == [ParsedEvent]
    assert (stats.messages, stats.autoreplies, stats.not_bounces, stats.bounces) == (3, 1, 1, 1)
    assert stats.events == 1


def test_keys_are_stable_and_distinct() -> None:
    first = [event.key for event in events_of("broken_report.eml")]
    again = [event.key for event in events_of("broken_report.eml")]
    assert first == again
    assert len(set(first)) == 2


def test_key_does_not_depend_on_the_path(tmp_path: Path) -> None:
    copy = tmp_path / "copy.eml"
    copy.write_bytes((DATA / "rfc3464.eml").read_bytes())
    (event,) = read([str(copy)])
    assert isinstance(event, ParsedEvent)
    assert event.key == only_event("rfc3464.eml").key


def test_bounce_without_recipient_is_a_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "empty-bounce.eml"
    path.write_bytes(
        b"From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender\n"
        b"To: a@sender.example\n\nThis is the mail system at host mx.example.\n"
    )
    assert list(read([str(path)])) == [
        BadRecord(f"{path}:0", "bounce names no recipient that could be read")
    ]


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [
        ("delayed", "4.4.7", EventType.DEFERRED),
        ("failed", "4.4.7", EventType.SOFT_BOUNCE),
        ("delivered", "2.0.0", EventType.DELIVERED),
        ("relayed", "2.0.0", EventType.DELIVERED),
    ],
)
def test_action_and_status_decide_the_event_type(
    tmp_path: Path, action: str, status: str, kind: EventType
) -> None:
    data = (DATA / "rfc3464.eml").read_bytes()
    data = data.replace(b"Action: failed", b"Action: " + action.encode())
    data = data.replace(b"Status: 5.1.1", b"Status: " + status.encode())
    data = data.replace(b"smtp; 550 5.1.1", b"smtp; see status")
    path = tmp_path / "report.eml"
    path.write_bytes(data)
    (event,) = read([str(path)])
    assert isinstance(event, ParsedEvent)
    assert (event.type, event.status, event.extra["action"]) == (kind, status, action)


def test_time_falls_back_to_the_file_time(tmp_path: Path) -> None:
    data = (DATA / "qmail.eml").read_bytes().replace(b"Date: 6 Mar 2026 09:00:00 -0000\n", b"")
    path = tmp_path / "undated.eml"
    path.write_bytes(data)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (event,) = read([str(path)])
    assert isinstance(event, ParsedEvent)
    assert event.at == datetime.fromtimestamp(1_700_000_000, tz=UTC)


def test_sender_and_alias_addresses_in_a_notice_are_not_recipients(tmp_path: Path) -> None:
    path = tmp_path / "alias.eml"
    path.write_bytes(
        b"From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
        b"To: news@sender.example\nSubject: Mail delivery failed: returning message to sender\n\n"
        b"A message sent by\n\n  <campaigns@mailer.sender.example>\n\n"
        b"could not be delivered to one or more of its recipients. The following\n"
        b"address(es) failed:\n\n  ida@example.org\n    (generated from info@example.org)\n"
        b"    550 5.1.1 mailbox unavailable\n"
    )
    (event,) = read([str(path)])
    assert isinstance(event, ParsedEvent)
    assert (event.recipient, event.status, event.reply_code) == ("ida@example.org", "5.1.1", 550)


@pytest.mark.parametrize(
    ("value", "bare"),
    [
        ("<a.1@host.example>", "a.1@host.example"),
        (" <a.1@host.example> (added by relay)", "a.1@host.example"),
        ("a.1@host.example", "a.1@host.example"),
        ("<>", None),
        ("", None),
    ],
)
def test_message_ids_lose_their_brackets(value: str, bare: str | None) -> None:
    assert bare_message_id(value) == bare


def test_the_raw_record_keeps_the_bounce_headers_and_the_recipients_status() -> None:
    # what 'Show original' shows: the DSN's own headers, then the recipient's status fields
    raw = only_event("rfc3464.eml").raw
    assert raw is not None
    heading, _, status = raw.partition("\n\n")
    assert "Subject: Undelivered Mail Returned to Sender" in heading
    assert heading.startswith("From: ") and "Message-ID: <" in heading
    assert "status: 5.1.1" in status.lower() and "diagnostic-code:" in status.lower()


def test_exims_remote_host_is_read_without_a_verb(tmp_path: Path) -> None:
    # Exim writes "host NAME [IP]" with no "said"; the escalation block needs that host
    assert only_event("exim.eml").remote_host == "mx.example.co.uk"
    newer = (
        (DATA / "exim.eml")
        .read_text(encoding="utf-8")
        .replace(
            "    host mx.example.co.uk [203.0.113.44]\n"
            "    SMTP error from remote mail server after RCPT TO:<lisa@example.co.uk>:\n",
            "    SMTP error from remote server for RCPT TO command, host: mx2.example.co.uk"
            " (203.0.113.45) reason:\n",
        )
    )
    (tmp_path / "exim490.eml").write_text(newer, encoding="utf-8")
    (event,) = [
        item for item in read([str(tmp_path / "exim490.eml")]) if isinstance(item, ParsedEvent)
    ]
    assert event.remote_host == "mx2.example.co.uk"
