"""`bouncedesk import` end to end, on every reader's sample files, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.import_cmd import bar
from desktop.ingest import FORMATS
from desktop.services.importing import ImportProgress

DATA = Path(__file__).parent.parent / "data"
DESIGN_FIELDS = {
    "source", "type", "recipient", "status", "reply_code", "diagnostic", "reason", "at",
    "message_id",
}  # fmt: skip


def samples(fmt: str) -> list[str]:
    """The well-formed sample files of a format (the deliberately broken ones are left out)."""
    folder = DATA / fmt
    return sorted(str(p) for p in folder.iterdir() if p.is_file() and "bad" not in p.name)


LANDED = [fmt for fmt in FORMATS if (DATA / fmt).is_dir() and samples(fmt)]


def test_every_format_has_samples() -> None:
    assert set(LANDED) == set(FORMATS)


@pytest.mark.parametrize("fmt", LANDED)
def test_import_previews_then_imports_each_sample_feed_once(
    fmt: str, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    files = samples(fmt)
    assert main(["--db", db_url, "import", fmt, *files, "--dry-run", "--json"]) == 0
    preview = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert preview, f"the {fmt} samples hold no events"
    assert all(set(item) == DESIGN_FIELDS for item in preview)
    assert all(item["source"].split(":")[0] in files for item in preview)

    assert main(["--db", db_url, "import", fmt, *files, "--json", "--by", "tester"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["imported"] + first["duplicates"] == len(preview)
    assert first["imported"] > 0

    assert main(["--db", db_url, "import", fmt, *files]) == 0
    again = capsys.readouterr().out
    assert f"imported 0, duplicates {len(preview)}," in again


def test_bad_records_are_listed_with_file_and_line(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(DATA / "postfix" / "maillog.bad")
    assert main(["--db", db_url, "import", "postfix", path]) == 0
    captured = capsys.readouterr()
    assert f"{path}:2: " in captured.err
    assert "imported " in captured.out


def test_strict_stops_with_status_1_naming_the_record(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(DATA / "postfix" / "maillog.bad")
    assert main(["--db", db_url, "import", "postfix", path, "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"stopped at the first bad record (--strict): {path}:2: " in err


def test_an_unknown_format_is_a_usage_error_listing_the_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["import", "exchange", str(DATA / "postfix" / "maillog")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert all(fmt in err for fmt in FORMATS)


def test_a_missing_file_fails_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nope.log")
    assert main(["--db", f"sqlite:///{tmp_path}/x.db", "import", "postfix", missing]) == 1
    assert capsys.readouterr().err.strip() == f"bouncedesk: no such file or folder: {missing}"


def test_the_progress_bar_shows_share_count_and_rate() -> None:
    progress = ImportProgress(
        read=50_000, imported=49_000, duplicates=0, bad=1, skipped=0, elapsed=2.0,
        fraction=0.5, source="maillog:80000",
    )  # fmt: skip
    text = bar(progress)
    assert text.startswith("[" + "#" * 15 + "-" * 15 + "]  50%")
    assert "50,000 records  25,000/s" in text
