"""show, search, quarantine and audit never hand ESC, OSC, BEL or other controls to the terminal."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from desktop.cli import main
from desktop.cli.output import json_line, terminal_text
from desktop.domain.model import EventType, ParsedEvent
from desktop.services.importing import import_feed
from desktop.store.database import open_database

OSC_TITLE = "\x1b]0;you have been pwned\x07"
CLEAR = "\x1b[2J\x1b[H"
CSI_C1 = "\x9b31m"
ADDRESS = "jan@example.nl"
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile_url(db_url: str) -> str:
    database = open_database(db_url)
    event = ParsedEvent(
        source="hostile:1",
        type=EventType.HARD_BOUNCE,
        recipient=ADDRESS,
        at=datetime.now(UTC) - timedelta(hours=1),
        key="hostile-1",
        message_id="hostile@example.org",
        sender="events@organiser.example",
        subject=f"Invitation{OSC_TITLE}\bgala",
        account=f"acme{CSI_C1}",
        reply_code=550,
        status="5.1.1",
        diagnostic=f"550 5.1.1 gone{CLEAR}\nsecond line\twith tab\x07",
        remote_host=f"mx{CLEAR}.example.nl",
    )
    import_feed(database, "test", ["hostile"], records=[event], actor=f"importer{OSC_TITLE}")
    database.dispose()
    return db_url


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    assert main(list(argv)) == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    return captured.out, captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["search", ADDRESS],
        ["search", "--account", f"acme{CSI_C1}"],
        ["show", "hostile@example.org"],
        ["quarantine"],
        ["audit"],
        ["release", "request", ADDRESS, "--by", f"evil{OSC_TITLE}", "--note", f"x{CLEAR}"],
    ],
    ids=lambda argv: "-".join(a for a in argv if a.isalnum())[:30],
)
def test_text_output_holds_no_raw_control_characters(
    hostile_url: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    out, err = _run(capsys, "--db", hostile_url, *argv)
    assert not RAW_CONTROLS.search(out + err), repr(out + err)


def test_audit_shows_the_actor_given_with_by_escaped(
    hostile_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "--db", hostile_url, "release", "request", ADDRESS, "--by", f"evil{OSC_TITLE}")
    out, _ = _run(capsys, "--db", hostile_url, "audit")
    assert "evil\\x1b]0;you have been pwned\\x07" in out


def test_json_output_keeps_the_text_exactly_and_escaped(
    hostile_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = _run(capsys, "--db", hostile_url, "show", "hostile@example.org", "--json")
    assert not RAW_CONTROLS.search(out)
    shown = json.loads(out)
    assert shown["subject"] == f"Invitation{OSC_TITLE}\bgala"
    assert shown["account"] == f"acme{CSI_C1}"


def test_terminal_text_keeps_lines_and_tabs_only_in_multiline_text() -> None:
    text = "a\tb\nc\x1b[31md\x07\r\ne\rf\x9b"
    assert terminal_text(text, multiline=True) == "a\tb\nc\\x1b[31md\\x07\r\ne\\x0df\\x9b"
    assert terminal_text(text) == "a b c\\x1b[31md\\x07  e f\\x9b"
    assert json.loads(json_line({"t": text})) == {"t": text}
    assert "\x9b" not in json_line({"t": text})
