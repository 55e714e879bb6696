"""`--db URL` goes before the sub-command (the original form) or after it, for every command."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import build_parser, main

Command = tuple[tuple[str, ...], argparse.ArgumentParser]


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Command]:
    """Every sub-command's parser, nested ones too, with the words that reach it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), child
                yield from _commands(child, (*path, name))


def test_every_command_takes_db_after_itself() -> None:
    commands = dict(_commands(build_parser()))
    assert {"demo", "search", "release", "release request", "ingest"} <= {
        " ".join(words) for words in commands
    }
    for words, parser in commands.items():
        assert "--db" in parser._option_string_actions, words
        assert "--db URL" in parser.format_help(), words


def test_db_after_the_command_picks_the_same_database(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--messages", "40", "--seed", "2", "--db", db_url]) == 0
    assert "demo: 40 messages" in capsys.readouterr().out
    query = ["search", "--json", "--limit", "5"]
    assert main(["--db", db_url, *query]) == 0  # the original form, unchanged
    before = capsys.readouterr().out
    assert before.count("\n") == 5
    assert main([*query, "--db", db_url]) == 0
    assert capsys.readouterr().out == before
    assert main(["search", f"--db={db_url}", "--json", "--limit", "5"]) == 0
    assert capsys.readouterr().out == before
    assert main(["--db", db_url, *query, "--db", db_url]) == 0  # the same URL twice is fine
    assert capsys.readouterr().out == before
    # A nested command: the answer comes from that database (it has no request 424242).
    assert main(["release", "show", "424242", "--db", db_url]) == 1
    assert capsys.readouterr().err == "bouncedesk: no release request 424242\n"


def test_db_after_the_command_is_the_one_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "after.sqlite3"
    assert main(["migrate", "--db", f"sqlite:///{target}"]) == 0
    assert target.exists()
    from desktop.paths import default_database_path

    assert not default_database_path().exists()  # not the default file instead


def test_two_different_urls_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = (f"sqlite:///{tmp_path / name}" for name in ("a.sqlite3", "b.sqlite3"))
    with pytest.raises(SystemExit) as exited:
        main(["--db", first, "search", "--db", second])
    assert exited.value.code == 2
    assert "--db is given more than once with different URLs" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # neither database was opened
