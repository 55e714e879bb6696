"""`search`, `quarantine` and `audit` with --limit beyond a page, --after and --filter."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.records import AuditRecord
from desktop.store.database import open_database
from tests.services.many_rows import OLD_ADDRESS, many_messages, many_quarantines
from tests.services.quarantine_data import owner_audit_rows

OPEN = 2_600


@pytest.fixture
def url(db_url: str) -> str:
    database = open_database(db_url)
    now = datetime.now(UTC)
    many_quarantines(database, OPEN, now)
    many_messages(database, OPEN, now)
    owner_audit_rows(
        database,
        [
            AuditRecord("anna", "release_requested", f"quarantine {n}", now, note=f"n{n}")
            for n in range(1_100)
        ],
    )
    database.dispose()
    return db_url


def out_lines(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], str]:
    captured = capsys.readouterr()
    return captured.out.splitlines(), captured.err


def test_search_limit_means_that_many_results(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", url, "search", "--domain", "kpnmail.nl", "--json"]
    assert main([*args, "--limit", "2500"]) == 0
    lines, err = out_lines(capsys)
    assert len(lines) == 2_500 and len({json.loads(line)["id"] for line in lines}) == 2_500
    cursor = err.strip().removeprefix("more: --after ")
    assert main([*args, "--limit", "0", "--after", cursor]) == 0
    rest, err = out_lines(capsys)
    assert len(rest) == OPEN - 2_500 and err == ""
    assert main([*args, "--limit", "0"]) == 0
    assert len(out_lines(capsys)[0]) == OPEN
    with pytest.raises(SystemExit) as usage:  # argparse: a usage error, status 2
        main(["--db", url, "search", "--limit", "-1"])
    assert usage.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_quarantine_pages_filters_and_counts(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "quarantine", "--json"]) == 0
    lines, _ = out_lines(capsys)
    assert len(lines) == OPEN  # every open one by default: no silent stop at 1,000
    assert main(["--db", url, "quarantine", "--json", "--limit", "1200"]) == 0
    first, err = out_lines(capsys)
    cursor = err.strip().removeprefix("more: --after ")
    assert main(["--db", url, "quarantine", "--json", "--after", cursor]) == 0
    rest, _ = out_lines(capsys)
    assert [json.loads(line)["id"] for line in first + rest] == list(range(OPEN, 0, -1))
    assert main(["--db", url, "quarantine", "--filter", OLD_ADDRESS.upper()]) == 0
    text, _ = out_lines(capsys)
    assert OLD_ADDRESS in "\n".join(text) and text[-1] == "2,600 open · 1 match · 1 shown"
    assert main(["--db", url, "quarantine", "--limit", "10", "--sort", "address"]) == 0
    text, _ = out_lines(capsys)
    assert "2,600 open · 10 shown" in text and text[-1].startswith("more: --after ")


def test_audit_limit_beyond_a_page_and_its_notes(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", url, "audit", "--json", "--limit", "1050"]) == 0
    lines, _ = out_lines(capsys)
    assert len(lines) == 1_050 and json.loads(lines[-1])["note"] == "n1049"
    assert main(["--db", url, "audit", "--json", "--limit", "0"]) == 0
    assert len(out_lines(capsys)[0]) == 1_100


def test_a_reader_that_stops_early_ends_it_quietly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'many.sqlite3'}"  # the pipe is the same on both engines
    database = open_database(url)
    many_messages(database, OPEN, datetime.now(UTC))  # far more than a pipe buffer holds
    database.dispose()
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-m", "desktop", "--db", url, "search", "--limit", "0", "--json"]
    with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.readline()
        p.stdout.close()  # as `| head -1` does
        err = p.stderr.read()
        status = p.wait(timeout=60)
    assert err == b"" and status == 0
