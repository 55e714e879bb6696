"""The command line end to end: JSON field names are a contract; errors are one line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.demo import generate_demo
from desktop.store.database import open_database

MESSAGE_FIELDS = {"id", "message_id", "account", "sender", "recipient", "subject", "status",
                  "reason", "created_at", "last_event_at"}  # fmt: skip
EVENT_FIELDS = {"type", "at", "reply_code", "status", "diagnostic", "remote_host", "reason"}


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def demo_url(db_url: str) -> str:
    database = open_database(db_url)
    generate_demo(database, messages=400, seed=5, now=datetime(2026, 11, 27, 12, tzinfo=UTC))
    database.dispose()
    return db_url


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_search_and_show_json(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", demo_url, "search", "--status", "hard_bounce", "--limit", "5",
                 "--json"]) == 0  # fmt: skip
    found = _json_lines(capsys.readouterr().out)
    assert 1 <= len(found) <= 5
    assert all(set(m) >= MESSAGE_FIELDS and m["status"] == "hard_bounce" for m in found)
    assert all(str(m["created_at"]).endswith("+00:00") for m in found)

    assert main(["--db", demo_url, "show", str(found[0]["id"]), "--json"]) == 0
    (shown,) = _json_lines(capsys.readouterr().out)
    assert set(shown) >= MESSAGE_FIELDS | {"events", "advice"}
    events = shown["events"]
    assert isinstance(events, list) and events
    assert all(set(e) >= EVENT_FIELDS for e in events)
    assert [e["type"] for e in events][:2] == ["queued", "sent"]
    advice = shown["advice"]
    assert isinstance(advice, dict)
    assert advice["key"] == shown["reason"]
    assert advice["what_you_can_do"] and advice["client_text"]


def test_free_text_query_matches_explicit_filter(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", demo_url, "search", "@ziggo.nl", "--json", "--limit", "1000"])
    typed = _json_lines(capsys.readouterr().out)
    main(["--db", demo_url, "search", "--domain", "ziggo.nl", "--json", "--limit", "1000"])
    assert typed and typed == _json_lines(capsys.readouterr().out)
    assert all(str(m["recipient"]).endswith("@ziggo.nl") for m in typed)


def test_show_text_explains_for_people(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", demo_url, "search", "--status", "soft_bounce", "--limit", "1", "--json"])
    (message,) = _json_lines(capsys.readouterr().out)
    assert main(["--db", demo_url, "show", str(message["id"]), "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "Timeline" in out and "What you can do:" in out and "For the client (nl):" in out


def test_errors_are_one_line_with_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'e.sqlite3'}"
    assert main(["--db", url, "show", "424242"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bouncedesk: No message") and err.count("\n") == 1
    assert main(["--db", url, "search", "--contains", "x" * 5000]) == 1
    assert "too long" in capsys.readouterr().err
    assert main(["--db", "postgresql+psycopg://nobody@127.0.0.1:1/x", "search"]) == 1
    assert "Cannot use the database" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["search", "--status", "bogus"])
    assert exited.value.code == 2


def test_environment_variable_picks_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("BOUNCEDESK_DB_URL", url)
    assert main(["demo", "--messages", "30", "--seed", "2"]) == 0
    assert "30 messages" in capsys.readouterr().out
    assert (tmp_path / "env.sqlite3").exists()


def test_default_database_lives_in_the_data_dir(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.paths import default_database_path

    assert main(["migrate"]) == 0
    assert "schema" in capsys.readouterr().out
    assert default_database_path().exists()


def test_python_dash_m_is_the_same_command() -> None:
    done = subprocess.run([sys.executable, "-m", "desktop", "--version"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0 and __version__ in done.stdout
