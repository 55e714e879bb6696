"""`bouncedesk purge`, `forget` and `retention` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from desktop.cli import main
from desktop.domain.model import EventType
from desktop.store.database import open_database
from tests.services.quarantine_data import add_message

NOW = datetime.now(UTC)


@pytest.fixture
def url(db_url: str) -> str:
    database = open_database(db_url)
    with database.unit_of_work() as uow:
        add_message(uow, "old@example.nl", NOW - timedelta(days=50), EventType.DELIVERED, None)
        add_message(uow, "jan@example.nl", NOW - timedelta(days=1))
        add_message(uow, "jan@example.nl", NOW - timedelta(days=60))
        uow.commit()
    database.dispose()
    return db_url


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    (line,) = capsys.readouterr().out.splitlines()
    result: dict[str, object] = json.loads(line)
    return result


def test_purge_dry_run_then_for_real(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "purge", "--older-than", "30", "--dry-run", "--json"]) == 0
    dry = _json(capsys)
    assert dry["dry_run"] is True and dry["messages"] == 2 and dry["events"] == 2
    assert main(["--db", url, "purge", "--older-than", "30", "--json", "--by", "cron"]) == 0
    done = _json(capsys)
    assert done["dry_run"] is False and done["messages"] == 2 and done["days"] == 30
    assert main(["--db", url, "purge", "--older-than", "30"]) == 0
    assert "removed 0 messages" in capsys.readouterr().out
    assert main(["--db", url, "audit", "--json"]) == 0
    actions = [json.loads(line)["action"] for line in capsys.readouterr().out.splitlines()]
    assert actions.count("purge") == 2


def test_purge_follows_the_retention_setting(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "purge"]) == 1
    assert "No retention period" in capsys.readouterr().err
    assert main(["--db", url, "retention", "--set", "55", "--by", "lead", "--json"]) == 0
    assert _json(capsys) == {"retention_days": 55}
    assert main(["--db", url, "purge", "--json"]) == 0
    assert _json(capsys)["messages"] == 1  # only the 60-day-old one
    assert main(["--db", url, "retention", "--off"]) == 0
    assert "everything is kept" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        main(["--db", url, "purge", "--older-than", "0"])
    assert usage.value.code == 2
    assert "at least 1 day" in capsys.readouterr().err


def test_forget_and_search_right_after(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", url, "forget", "JAN@example.nl", "--by", "lead", "--note", "ticket 7"]
    assert main([*args, "--json"]) == 0
    forgotten = _json(capsys)
    assert forgotten["messages"] == 2 and str(forgotten["token"]).startswith("forgotten:")
    for query in (["jan@example.nl"], ["--contains", "jan"], ["--domain", "example.nl"]):
        assert main(["--db", url, "search", *query, "--json"]) == 0
        assert "jan@" not in capsys.readouterr().out
    assert main(["--db", url, "audit", "--json"]) == 0
    audit = capsys.readouterr().out
    assert "jan@example.nl" not in audit and str(forgotten["token"]) in audit
    assert main(["--db", url, "forget", "not an address"]) == 1
    assert "Not an email address" in capsys.readouterr().err
