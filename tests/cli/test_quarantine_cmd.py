"""`bouncedesk quarantine`, `release`, `expire` and `audit` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.store.database import open_database
from tests.services.quarantine_data import add_quarantine

QUARANTINE_FIELDS = {
    "id", "address", "cause", "reason", "started_at", "ends_at", "released_at", "request_state",
}  # fmt: skip


@pytest.fixture
def url(db_url: str) -> str:
    now = datetime.now(UTC)
    database = open_database(db_url)
    with database.unit_of_work() as uow:
        add_quarantine(uow, "jan@example.nl", now - timedelta(hours=1))
        add_quarantine(uow, "piet@example.nl", now - timedelta(hours=2))
        add_quarantine(uow, "old@example.nl", now - timedelta(days=8))
        uow.commit()
    database.dispose()
    return db_url


def lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_the_quarantine_list_as_json_lines(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "quarantine", "--json"]) == 0
    entries = lines(capsys)
    assert [e["address"] for e in entries] == ["jan@example.nl", "piet@example.nl"]
    assert all(set(e) >= QUARANTINE_FIELDS for e in entries)
    assert main(["--db", url, "quarantine", "--search", "piet"]) == 0
    assert "piet@example.nl" in capsys.readouterr().out
    assert main(["--db", url, "quarantine", "--why", "jan@example.nl"]) == 0
    assert "a hard bounce quarantines the address at once" in capsys.readouterr().out


def test_request_then_approve_with_the_contract_answers(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", url, "release", "request", "jan@example.nl", "--by", "anna", "--json"]) == 0
    )
    (first,) = lines(capsys)
    expected_state = "applied" if url.startswith("sqlite") else "pending"
    assert first["created"] is True and first["state"] == expected_state
    assert {"request_id", "state", "created"} <= set(first)
    if expected_state == "pending":
        assert main(["--db", url, "release", "request", "jan@example.nl", "--json"]) == 0
        (again,) = lines(capsys)
        assert (again["request_id"], again["created"]) == (first["request_id"], False)
        rid = str(first["request_id"])
        assert main(["--db", url, "release", "approve", rid, "--by", "carla", "--json"]) == 0
        assert lines(capsys)[0]["changed"] is True
        assert main(["--db", url, "release", "approve", rid, "--json"]) == 0
        assert lines(capsys)[0]["changed"] is False
    assert main(["--db", url, "quarantine", "--all", "--json", "--search", "jan"]) == 0
    (entry,) = lines(capsys)
    assert entry["request_state"] == "applied" and entry["released_at"] is not None


def test_failures_are_one_line_on_stderr_with_status_1(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", url, "release", "request", "nobody@example.nl"]) == 1
    assert capsys.readouterr().err == "bouncedesk: no active quarantine for nobody@example.nl\n"
    assert main(["--db", url, "release", "reject", "999"]) == 1
    assert capsys.readouterr().err.strip() == "bouncedesk: no release request 999"
    assert main(["--db", url, "release", "request"]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["--db", url, "release", "approve", "not-a-number"])
    assert usage.value.code == 2


def test_bulk_dry_run_from_a_file_writes_nothing(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = tmp_path / "ticket.txt"
    ticket.write_text("jan@example.nl, piet@example.nl\nold@example.nl nobody@x.nl\n")
    args = ["--db", url, "release", "request", "--from-file", str(ticket), "--json"]
    assert main([*args, "--dry-run"]) == 0
    states = {e["address"]: e["state"] for e in lines(capsys)}
    assert states == {
        "jan@example.nl": "quarantined",
        "piet@example.nl": "quarantined",
        "old@example.nl": "not_quarantined",
        "nobody@x.nl": "unknown_address",
    }
    assert main([*args]) == 0
    assert sorted(str(e["state"]) for e in lines(capsys)) == [
        "not_quarantined", "requested", "requested", "unknown_address",
    ]  # fmt: skip


def test_expire_and_the_audit_export(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", url, "expire", "--json"]) == 0
    assert [e["address"] for e in lines(capsys)] == ["old@example.nl"]
    assert main(["--db", url, "expire"]) == 0
    assert capsys.readouterr().out.strip() == "0 quarantines ended"
    assert main(["--db", url, "audit", "--json", "--action", "quarantine_expired"]) == 0
    (row,) = lines(capsys)
    # An expiry is the rules' doing: the audit log names the system, not a person.
    assert row["actor"] == "system" and "old@example.nl" in str(row["subject"])
    target = tmp_path / "audit.csv"
    assert main(["--db", url, "audit", "--csv", str(target)]) == 0
    with target.open(encoding="utf-8", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert [r["action"] for r in rows] == ["quarantine_expired"]
