"""A poison record is a bad record saying why; the records around it are stored, on both engines."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.domain.model import ParsedEvent
from desktop.ingest import dsn
from desktop.services.importing import ImportTuning, import_feed
from desktop.store.database import Database

DATA = Path(__file__).resolve().parents[1] / "data"
LONG = "a" * 5000 + "@example.nl"
GOOD_ADDRESS = "good@example.nl"


@dataclass(frozen=True)
class Poison:
    """A feed whose first record is good and whose second one is `why`."""

    name: str
    fmt: str
    lines: tuple[str, str]
    why: str  # part of the bad record's reason

    def __str__(self) -> str:
        return self.name


def _postfix(stamp: str, to: str) -> str:
    return (
        f"{stamp} mail01 postfix/smtp[5003]: 2B3C4D5E6F: to=<{to}>, relay=mx.example.nl"
        "[192.0.2.10]:25, delay=1.3, delays=0.1/0/0.6/0.6, dsn=5.1.1, status=bounced (host"
        " mx.example.nl[192.0.2.10] said: 550 5.1.1 User unknown (in reply to RCPT TO command))"
    )


def _ses(at: str, to: str) -> str:
    return json.dumps(
        {
            "notificationType": "Bounce",
            "bounce": {
                "bounceType": "Permanent",
                "bounceSubType": "General",
                "bouncedRecipients": [{"emailAddress": to, "status": "5.1.1"}],
                "timestamp": at,
                "feedbackId": f"fb-{len(to)}-{at}",
            },
            "mail": {
                "timestamp": at,
                "source": "events@organiser.example",
                "messageId": "0102-msg-1",
            },
        }
    )


def _postmark(at: str, to: str, sender: str = "events@organiser.example") -> str:
    record = {
        "RecordType": "Bounce",
        "ID": len(to) + len(at) + len(sender),
        "Type": "HardBounce",
        "MessageID": f"pm-{len(to)}",
        "Details": "smtp;550 5.1.1 no such user",
        "Email": to,
        "From": sender,
        "BouncedAt": at,
    }
    return json.dumps(record)


def _sendgrid(to: str, smtp_id: str = "<invite@platform.example>") -> str:
    return json.dumps(
        {
            "email": to,
            "timestamp": 1795815360,
            "smtp-id": smtp_id,
            "event": "bounce",
            "sg_event_id": f"ev-{len(to)}-{hash(to) & 0xFFFF}",
            "reason": "550 5.1.1 unknown",
            "status": "5.1.1",
            "type": "bounce",
        }
    )


FAR = "9999-12-31T23:59:59Z"
NOW = "2026-11-27T21:36:01Z"
CASES = [
    Poison(
        "postfix-9999",
        "postfix",
        (
            _postfix("2026-11-27T21:35:02+01:00", GOOD_ADDRESS),
            _postfix("9999-12-31T23:59:59+00:00", "p@example.nl"),
        ),
        "impossible date",
    ),
    Poison(
        "ses-9999", "ses", (_ses(NOW, GOOD_ADDRESS), _ses(FAR, "s@example.nl")), "impossible date"
    ),
    Poison(
        "postmark-9999",
        "postmark",
        (_postmark(NOW, GOOD_ADDRESS), _postmark("9999-12-31T23:59:59+00:00", "m@example.nl")),
        "impossible date",
    ),
    Poison(
        "ses-long-recipient", "ses", (_ses(NOW, GOOD_ADDRESS), _ses(NOW, LONG)), "longer than 320"
    ),
    Poison(
        "sendgrid-no-at",
        "sendgrid",
        (_sendgrid(GOOD_ADDRESS), _sendgrid("nobody.example.nl")),
        "user@domain",
    ),
    Poison(
        "sendgrid-nul",
        "sendgrid",
        (_sendgrid(GOOD_ADDRESS), _sendgrid("a\x00b@example.nl")),
        "control character",
    ),
    Poison(
        "sendgrid-escape",
        "sendgrid",
        (_sendgrid(GOOD_ADDRESS), _sendgrid("a\x1b]0;x\x07@example.nl")),
        "control character",
    ),
    Poison(
        "sendgrid-long-recipient",
        "sendgrid",
        (_sendgrid(GOOD_ADDRESS), _sendgrid(LONG)),
        "longer than 320",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_poison_record_is_reported_and_its_sibling_stored(
    tmp_path: Path, database: Database, case: Poison
) -> None:
    path = tmp_path / f"{case.name}.log"
    path.write_text("\n".join(case.lines) + "\n")
    summary = import_feed(
        database, case.fmt, [str(path)], tuning=ImportTuning(reader_process=False), actor="test"
    )
    assert [b.source for b in summary.bad_records] == [f"{path}:2"]
    assert case.why in summary.bad_records[0].why
    with database.unit_of_work() as uow:
        assert uow.messages.latest_to(GOOD_ADDRESS) is not None
    dry = import_feed(None, case.fmt, [str(path)], dry_run=True)
    assert dry.bad == 1  # --dry-run says so too


def _dsn(
    date: str = "Tue, 3 Mar 2026 10:15:01 +0100",
    to: str = "jan@example.nl",
    sender: str = "tickets@festival.example",
    message_id: str = "order-1234@sender.example",
    arrival: str = "Tue,  3 Mar 2026 10:14:58 +0100 (CET)",
) -> bytes:
    text = (DATA / "dsn" / "rfc3464.eml").read_text()
    text = text.replace("Date: Tue, 3 Mar 2026 10:15:01 +0100 (CET)", f"Date: {date}")
    text = text.replace(
        "Arrival-Date: Tue,  3 Mar 2026 10:14:58 +0100 (CET)", f"Arrival-Date: {arrival}"
    )
    text = text.replace("jan@example.nl", to).replace("tickets@festival.example", sender)
    return text.replace("order-1234@sender.example", message_id).encode()


DSN_POISON = [
    ("recipient", {"to": LONG}, "longer than 320"),
    ("from", {"sender": "f" * 400 + "@festival.example"}, "sender address longer"),
    ("message-id", {"message_id": "m" * 1000 + "@x"}, "Message-ID longer"),
]


@pytest.mark.parametrize(("name", "fields", "why"), DSN_POISON, ids=[p[0] for p in DSN_POISON])
def test_a_poison_dsn_is_reported_and_its_sibling_stored(
    tmp_path: Path, database: Database, name: str, fields: dict[str, str], why: str
) -> None:
    (tmp_path / "1-good.eml").write_bytes(_dsn(to=GOOD_ADDRESS))
    (tmp_path / "2-poison.eml").write_bytes(_dsn(**fields))
    paths = [str(tmp_path / "1-good.eml"), str(tmp_path / "2-poison.eml")]
    summary = import_feed(
        database, "dsn", paths, tuning=ImportTuning(reader_process=False), actor="test"
    )
    assert [b.source.rsplit(":", 1)[0] for b in summary.bad_records] == [paths[1]]
    assert why in summary.bad_records[0].why
    with database.unit_of_work() as uow:
        assert uow.messages.latest_to(GOOD_ADDRESS) is not None


def test_an_impossible_dsn_date_falls_back_to_the_date_header_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "far.eml"
    path.write_bytes(_dsn(arrival="Fri, 31 Dec 9999 23:59:59 +0000"))
    (event,) = list(dsn.read([str(path)]))
    assert isinstance(event, ParsedEvent)
    assert event.at == datetime(2026, 3, 3, 9, 15, 1, tzinfo=UTC)
    assert event.extra["time_note"] == "unreadable Arrival-Date; the Date is used"


def test_an_unreadable_dsn_date_falls_back_to_the_mailbox_time_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "nodate.eml"
    path.write_bytes(_dsn(date="someday", arrival="Fri, 31 Dec 9999 23:59:59 +0000"))
    os.utime(path, (1_800_000_000, 1_800_000_000))
    (event,) = list(dsn.read([str(path)]))
    assert isinstance(event, ParsedEvent)
    assert event.at == datetime.fromtimestamp(1_800_000_000, UTC)
    assert event.extra["time_note"] == "unreadable Arrival-Date; the mailbox delivery time is used"


def test_dry_run_json_says_where_a_fallback_time_came_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    path = tmp_path / "far.eml"
    path.write_bytes(_dsn(arrival="Fri, 31 Dec 9999 23:59:59 +0000"))
    assert main(["import", "dsn", str(path), "--dry-run", "--json"]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if '"source"' in x]
    assert json.loads(line)["time_note"] == "unreadable Arrival-Date; the Date is used"
