"""A table of bad inputs through the CLI's main(): each ends with one clear line, none is a crash.

"internal error" is kept for real bugs; every row here is the user's or the environment's doing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.demo import generate_demo
from desktop.store.database import open_database

HUGE = "9" * 30
READ_ONLY = "sqlite:///file:{}/empty.sqlite3?mode=ro&uri=true"  # empty: a demo may go in


@dataclass(frozen=True)
class Bad:
    """A command line that must fail cleanly: `argv(url, folder)`, its exit status, a phrase."""

    name: str
    argv: Callable[[str, Path], list[str]]
    status: int
    says: str

    def __str__(self) -> str:
        return self.name


def _db(*rest: str) -> Callable[[str, Path], list[str]]:
    return lambda url, _folder: ["--db", url, *rest]


def _in(*rest: str) -> Callable[[str, Path], list[str]]:
    """Arguments naming files in the test's folder ({} is the folder)."""
    return lambda url, folder: ["--db", url, *(part.format(folder) for part in rest)]


def _url(url: str, *rest: str) -> Callable[[str, Path], list[str]]:
    return lambda _url, folder: ["--db", url.format(folder), *rest]


BAD = [
    Bad("show-huge-id", _db("show", HUGE), 1, "No message"),
    Bad("show-unicode-digit", _db("show", "²"), 1, "No message"),
    Bad("approve-huge-id", _db("release", "approve", HUGE), 2, "not an id"),
    Bad("reject-huge-id", _db("release", "reject", HUGE), 2, "not an id"),
    Bad("quarantine-huge-limit", _db("quarantine", "--limit", HUGE), 2, "not a number"),
    Bad("audit-huge-limit", _db("audit", "--limit", HUGE), 2, "not a number"),
    Bad("search-huge-cursor", _db("search", "--after", HUGE), 1, "cursor"),
    Bad("search-junk-cursor", _db("search", "--after", "zz!"), 1, "cursor"),
    Bad("search-huge-limit", _db("search", "--limit", HUGE), 2, "not a number"),
    Bad("search-negative-limit", _db("search", "--limit", "-1"), 2, "not a number"),
    Bad("release-show-huge-id", _db("release", "show", HUGE), 2, "not an id"),
    Bad("release-show-missing", _db("release", "show", "424242"), 1, "no release request"),
    Bad("retry-target-huge-id", _db("release", "retry-target", HUGE), 2, "not an id"),
    Bad("policy-days-huge", _db("policy", "set", "--days", HUGE), 2, "not a number"),
    Bad("policy-soft-bounces-zero", _db("policy", "set", "--soft-bounces", "0"), 2, "not a"),
    Bad("postfix-map-mysql", _url("mysql://u@h/d", "postfix-map"), 1, "SQLite or PostgreSQL"),
    Bad("sync-no-config", _db("sync", "--once"), 2, "--config"),
    Bad("sync-missing-config", _in("sync", "--once", "--config", "{}/none.toml"), 1, "cannot"),
    Bad("search-year-99999", _db("search", "--since", "99999-01-01"), 2, "not a date"),
    Bad("search-before-utc", _db("search", "--since", "0001-01-01T00:00+14:00"), 2, "range"),
    Bad("search-after-utc", _db("search", "--until", "9999-12-31T23:59-14:00"), 2, "range"),
    Bad("audit-junk-date", _db("audit", "--since", "9999999"), 2, "not a date"),
    Bad("asyncpg", _url("postgresql+asyncpg://u@h/d", "search"), 1, "psycopg 3"),
    Bad("psycopg2", _url("postgresql+psycopg2://u@h/d", "search"), 1, "psycopg 3"),
    Bad("port-abc", _url("postgresql://u@h:abc/d", "search"), 1, "port is not a number"),
    Bad("mysql", _url("mysql://u@h/d", "search"), 1, "SQLite or PostgreSQL"),
    Bad("no-url", _url("just words", "search"), 1, "Not a database URL"),
    Bad("sqlite-password", _url("sqlite:///{}/x.db?password=pw", "search"), 1, "no host"),
    Bad("postgres-no-db", _url("postgres://postgres@127.0.0.1:5432/bd_none_here", "search"),
        1, "does not exist"),
    Bad("postgres-refused", _url("postgresql://u@127.0.0.1:1/d", "search"), 1, "Cannot use"),
    Bad("sqlite-random-bytes", _url("sqlite:///{}/random.sqlite3", "search"), 1, "not a Bounce"),
    Bad("sqlite-truncated", _url("sqlite:///{}/truncated.sqlite3", "search"), 1, "damaged"),
    Bad("sqlite-read-only", _url(READ_ONLY, "demo", "--messages", "5"), 1, "read-only"),
    Bad("demo-onto-data", _db("demo", "--messages", "5"), 1, "already holds 120 messages"),
    Bad("screenshots-onto-a-file", _in("screenshots", "--out", "{}/existing.png"), 1, "exists"),
    Bad("import-a-folder", _in("import", "postfix", "{}/folder"), 1, "is a folder"),
    Bad("import-missing", _in("import", "postfix", "{}/missing.log"), 1, "no such file"),
    Bad("import-wrong-format", _in("import", "sendgrid", "{}/random.sqlite3"), 1,
        "nothing could be read"),
    Bad("import-not-mail", _in("import", "dsn", "{}/random.sqlite3"), 1, "nothing could be read"),
    Bad("import-postfix-as-json", _in("import", "ses", "{}/maillog"), 1, "nothing could be read"),
    Bad("release-from-folder", _in("release", "request", "--from-file", "{}/folder"), 1, "folder"),
    Bad("audit-csv-into-folder", _in("audit", "--csv", "{}/folder"), 1, "folder"),
]  # fmt: skip


@pytest.fixture
def bad_world(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    database = open_database(db_url)
    generate_demo(database, messages=120, seed=3, now=datetime(2026, 11, 27, 12, tzinfo=UTC))
    database.dispose()
    (tmp_path / "random.sqlite3").write_bytes(os.urandom(6000))
    sqlite_file = Path(__file__).resolve().parents[1] / "data" / "postfix" / "maillog"
    (tmp_path / "maillog").write_bytes(sqlite_file.read_bytes())
    (tmp_path / "existing.png").write_bytes(b"not yours")
    (tmp_path / "folder").mkdir()
    source = open_database(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    generate_demo(source, messages=30, seed=4, now=datetime(2026, 11, 27, 12, tzinfo=UTC))
    source.dispose()
    open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}").dispose()  # migrated, no data
    whole = (tmp_path / "copy.sqlite3").read_bytes()
    (tmp_path / "truncated.sqlite3").write_bytes(whole[: len(whole) // 3])
    return db_url, tmp_path


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_bad_input_ends_with_one_clear_line(
    bad_world: tuple[str, Path], capsys: pytest.CaptureFixture[str], bad: Bad
) -> None:
    url, folder = bad_world
    try:
        status = main(bad.argv(url, folder))
    except SystemExit as exited:  # argparse's usage errors
        status = int(exited.code or 0)
    err = capsys.readouterr().err
    assert status == bad.status, err
    assert "internal error" not in err and "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert bad.says in last, err
    assert "[SQL:" not in err and "sqlalche.me" not in err
    if status == 1:
        assert last.startswith("bouncedesk: ")


def test_an_unwritable_data_folder_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BOUNCEDESK_DB_URL", raising=False)
    monkeypatch.setenv("BOUNCEDESK_DATA_DIR", "/proc/bouncedesk-cannot-be-here")
    monkeypatch.setenv("BOUNCEDESK_LOG_DIR", "/proc/bouncedesk-cannot-log-here")
    assert main(["search", "x"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "BOUNCEDESK_DATA_DIR" in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    lines = tmp_path / "lines.ndjson"
    lines.write_text('{"diagnostic": "550 5.1.1 user unknown"}\n' * 20_000)  # far beyond a pipe
    command = [sys.executable, "-m", "desktop", "classify", "--json"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with (
        lines.open("rb") as stdin,
        subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        ) as process,
    ):
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # `| head -1`
        err = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0  # the reader chose to stop: not an error
    assert err == "", err
