"""Raw records made readable: DSN mail decoded, JSON indented, phrases found across folds."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop.domain.model import EventType
from desktop.domain.original import (
    OriginalRecord,
    escalation_block,
    find_phrase,
    readable,
    whole_words,
)

# A delivery status notification shaped as RFC 3464 section 6 shows, quoted-printable text.
DSN = """From: Mail Delivery System <MAILER-DAEMON@mx.sender.example>
To: bounces@sender.example
Subject: Undelivered Mail Returned to Sender
Date: Thu, 3 Dec 2026 10:00:05 +0100
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Your message could not be delivered: the mailbox is full =E2=80=93 sorry.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.sender.example

Final-Recipient: rfc822; jan@example.nl
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--b1--
"""


def test_a_dsn_mail_shows_its_headers_text_and_delivery_status() -> None:
    text = readable(DSN)
    assert "Subject: Undelivered Mail Returned to Sender" in text
    assert "the mailbox is full – sorry." in text  # quoted-printable decoded
    assert "--- delivery status ---" in text
    assert "Status: 5.2.2" in text and "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full" in text


def test_json_is_indented_and_a_log_line_kept() -> None:
    assert readable('{"event":"bounce","email":"jan@example.nl"}').startswith('{\n  "event"')
    line = "Dec  3 10:00:02 mail01 postfix/smtp[102]: 3C4D: status=bounced (x)"
    assert readable(line) == line
    assert readable(None) == ""
    assert "more characters not shown" in readable("x" * 30_000)


def test_a_phrase_is_found_across_line_folds_and_case() -> None:
    text = "host said: 550 User\n    Unknown in table"
    span = find_phrase(text, "user unknown")
    assert span is not None and text[span[0] : span[1]] == "User\n    Unknown"
    assert find_phrase(text, "mailbox full") is None
    assert find_phrase(text, None) is None


def test_the_escalation_block_names_what_a_postmaster_form_asks() -> None:
    record = OriginalRecord(
        1,
        EventType.HARD_BOUNCE,
        datetime(2026, 12, 3, 9, 0, 2, tzinfo=UTC),
        "maillog:3",
        None,
        550,
        "5.7.1",
        "mx.example.nl",
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
    )
    block = escalation_block(record, "<invite-7@sender.example>", "jan@example.nl")
    assert block.splitlines()[:6] == [
        "Time: 2026-12-03 09:00:02 UTC",
        "Recipient: jan@example.nl",
        "Remote host: mx.example.nl",
        "Reply code: 550",
        "Enhanced status code: 5.7.1",
        "Our Message-ID: <invite-7@sender.example>",
    ]
    assert "zen.spamhaus.org" in block


def test_the_marked_phrase_covers_whole_words() -> None:
    text = "450 4.7.1 <jan@example.nl>: Recipient address rejected: Greylisted, try later"
    start, end = find_phrase(text, "greylist") or (0, 0)
    assert text[start:end] == "Greylisted"
    # already whole, or at the text's edges: unchanged
    assert whole_words("mailbox full", 0, 7) == (0, 7)
    assert whole_words("Greylisted", 0, 8) == (0, 10)
