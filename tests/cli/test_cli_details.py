"""The command line's small manners: plurals, missing folders, empty answers, quiet migrations."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.output import TableStream, plural
from desktop.store.database import open_database


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
