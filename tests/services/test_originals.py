"""Original records: stored raw records read back, made readable, with an escalation block."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.errors import NotFound
from desktop.domain.model import EventType
from desktop.services.connection import open_database
from desktop.services.importing import import_feed
from desktop.services.originals import original_record, original_records
from desktop.services.ports import Database
from desktop.services.search import find_message

# Lines in the format postfix/smtp and postfix/cleanup log (postconf(5), "Postfix logging").
LOG = (
    "Dec  3 10:00:00 mail01 postfix/cleanup[100]: 3C4D5E6F7A:"
    " message-id=<invite-7@sender.example>\n"
    "Dec  3 10:00:00 mail01 postfix/qmgr[101]: 3C4D5E6F7A: from=<events@sender.example>, size=900,"
    " nrcpt=1 (queue active)\n"
    "Dec  3 10:00:02 mail01 postfix/smtp[102]: 3C4D5E6F7A: to=<jan@example.nl>,"
    " relay=mx.example.nl[192.0.2.10]:25, delay=2, delays=0.1/0/1/1, dsn=5.1.1, status=bounced"
    " (host mx.example.nl[192.0.2.10] said: 550 5.1.1 <jan@example.nl>: Recipient address"
    " rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))\n"
)


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> Iterator[Database]:
    database = open_database(db_url)
    log = tmp_path / "maillog"
    log.write_text(LOG, encoding="utf-8")
    import_feed(database, "postfix", [str(log)])
    yield database
    database.dispose()


def test_the_raw_log_line_comes_back_with_the_deciding_phrase_and_escalation(
    db: Database,
) -> None:
    with db.unit_of_work() as uow:
        message = find_message(uow, "invite-7@sender.example")
        views = original_records(uow, message.id)
    bounce = next(view for view in views if view.record.type is EventType.HARD_BOUNCE)
    assert "postfix/smtp[102]" in bounce.text and "status=bounced" in bounce.text
    assert bounce.highlight is not None
    start, end = bounce.highlight
    assert bounce.text[start:end] == "User unknown"
    assert "Remote host: mx.example.nl" in bounce.escalation
    assert "Reply code: 550" in bounce.escalation
    assert "Enhanced status code: 5.1.1" in bounce.escalation
    assert "Our Message-ID: <invite-7@sender.example>" in bounce.escalation
    assert (
        "Time: 2026-12-03 10:00:02 UTC" in bounce.escalation or "10:00:02 UTC" in bounce.escalation
    )
    assert all(view.escalation == "" for view in views if view.record.type is EventType.QUARANTINED)


def test_an_event_of_another_message_is_not_found(db: Database) -> None:
    with db.unit_of_work() as uow:
        message = find_message(uow, "invite-7@sender.example")
        event = uow.originals.for_message(message.id)[0].event_id
        assert original_record(uow, message.id, event).record.event_id == event
        with pytest.raises(NotFound):
            original_record(uow, message.id + 999, event)


def test_show_raw_prints_the_same(
    db: Database, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "show", "invite-7@sender.example", "--raw"]) == 0
    out = capsys.readouterr().out
    assert "deciding phrase: User unknown" in out
    assert "status=bounced" in out
    assert "For escalation:" in out and "Remote host: mx.example.nl" in out
    assert main(["--db", db_url, "show", "invite-7@sender.example", "--raw", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    bounce = next(line for line in lines if line["type"] == "hard_bounce")
    assert "status=bounced" in bounce["raw"] and bounce["escalation"]
    assert bounce["highlight"] is not None
