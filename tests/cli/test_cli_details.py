"""The command line's small manners: plurals, missing folders, empty answers, quiet migrations."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.output import TableStream, plural
from desktop.services.release import ApprovalMode, set_approval_mode
from desktop.store.database import open_database
from tests.services.quarantine_data import add_quarantine


def test_plurals() -> None:
    assert plural(1, "event") == "1 event" and plural(0, "event") == "0 events"
    assert plural(2_500, "address", "addresses") == "2,500 addresses"


def test_a_table_stream_aligns_on_its_first_rows_and_cuts_later_ones() -> None:
    out = io.StringIO()
    table = TableStream(["id", "address"], out, sample=2)
    for row in (["1", "a@x.nl"], ["22", "bb@x.nl"], ["3", "much-longer@example.nl"]):
        table.add(row)
    table.flush()
    assert out.getvalue().splitlines() == [
        "id  address",
        "1   a@x.nl",
        "22  bb@x.nl",
        "3   much-l…",
    ]


def test_a_missing_folder_is_an_error_unless_it_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such"
    assert main(["--db", f"sqlite:///{missing}/desk.sqlite3", "search"]) == 1
    assert f"the folder {missing} does not exist" in capsys.readouterr().err
    assert not missing.parent.exists()
    monkeypatch.setenv("BOUNCEDESK_DB_URL", f"sqlite:///{missing}/desk.sqlite3")
    assert main(["policy"]) == 1
    monkeypatch.delenv("BOUNCEDESK_DB_URL")
    monkeypatch.setenv("BOUNCEDESK_DATA_DIR", str(tmp_path / "fresh" / "data"))
    assert main(["search"]) == 0  # the default location is made on first use
    assert (tmp_path / "fresh" / "data" / "bouncedesk.sqlite3").exists()


def test_texts_say_one_or_none_properly(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "quarantine", "--systemic"]) == 0
    assert capsys.readouterr().out.startswith("no systemic blocks")
    assert main(["--db", db_url, "expire"]) == 0
    assert capsys.readouterr().out.strip() == "0 quarantines ended"
    assert main(["--db", db_url, "quarantine"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 open · 0 shown"


def test_migrating_leaves_no_alembic_info_lines(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}").dispose()
    assert not [r for r in caplog.records if r.name.startswith("alembic")]
    assert "database schema upgraded from nothing to" in caplog.text


def test_notes_show_in_quarantine_and_audit_json(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(db_url)
    with database.unit_of_work() as uow:
        set_approval_mode(uow, ApprovalMode.APPROVER, "lead")
    with database.unit_of_work() as uow:
        add_quarantine(uow, "jan@example.nl", datetime.now(UTC) - timedelta(hours=1))
        uow.commit()
    database.dispose()
    request = ["release", "request", "jan@example.nl", "--by", "anna", "--json"]
    assert main(["--db", db_url, *request, "--note", "client fixed the mailbox"]) == 0
    rid = json.loads(capsys.readouterr().out)["request_id"]
    assert main(["--db", db_url, "quarantine", "--json"]) == 0
    (entry,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (entry["requested_by"], entry["request_note"]) == ("anna", "client fixed the mailbox")
    assert entry["decision_note"] is None
    decide = ["release", "reject", str(rid), "--by", "carla", "--note", "bounced again"]
    assert main(["--db", db_url, *decide]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "quarantine", "--json"]) == 0
    (entry,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (entry["decided_by"], entry["decision_note"]) == ("carla", "bounced again")
    assert main(["--db", db_url, "audit", "--json"]) == 0
    notes = {
        row["action"]: row["note"] for row in map(json.loads, capsys.readouterr().out.splitlines())
    }
    assert notes["release_requested"] == "client fixed the mailbox"
    assert notes["release_rejected"] == "bounced again"
