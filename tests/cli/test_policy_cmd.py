"""`bouncedesk policy` and `policy set`, end to end on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main


def test_show_set_and_audit(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "policy"]) == 0
    shown = capsys.readouterr().out
    assert "5 soft bounces in a row" in shown and "7 days" in shown
    args = ["--db", db_url, "policy", "set", "--soft-bounces", "1", "--days", "1"]
    assert main([*args, "--complaints-quarantine", "no", "--by", "lead", "--note", "trial"]) == 0
    assert capsys.readouterr().out.startswith(
        "policy changed: quarantine after 1 soft bounce in a row, for 1 day;"
        " spam complaints do not quarantine"
    )
    assert main(["--db", db_url, "policy", "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    assert stored["soft_bounces"] == 1 and stored["quarantine_days"] == 1
    assert stored["complaints_quarantine"] is False
    assert main(["--db", db_url, "policy", "set", "--days", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] is False
    assert main(["--db", db_url, "audit", "--json", "--action", "policy_changed"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["actor"], row["note"]) == ("lead", "trial")


def test_bad_values_are_usage_errors(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--db", db_url, "policy", "set", "--soft-bounces", "0"])
    assert raised.value.code == 2
    assert "not a number from 1" in capsys.readouterr().err
