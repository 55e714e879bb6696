"""`bouncedesk demo`: fills an empty database, and refuses one that holds data in one line."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.cli import main
from desktop.store.database import open_database
from desktop.store.tables import Base


def _row_counts(url: str) -> dict[str, int]:
    database = open_database(url)
    try:
        with database.session() as s:
            return {
                table.name: int(s.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }
    finally:
        database.dispose()


def test_a_second_demo_is_refused_in_one_line_and_changes_nothing(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "demo", "--messages", "80", "--seed", "3"]) == 0
    assert "demo: 80 messages" in capsys.readouterr().out
    before = _row_counts(db_url)
    # Another seed used to end in "internal error (IntegrityError)" after a partial write.
    for seed in ("3", "4"):
        assert main(["--db", db_url, "demo", "--messages", "80", "--seed", seed]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        err = captured.err
        assert err.count("\n") == 1 and "internal error" not in err
        assert err.startswith("bouncedesk: this database already holds 80 messages and ")
        assert "demo data is only added to an empty database, so nothing was added" in err
        assert "use --db with a new file" in err
        assert _row_counts(db_url) == before


def test_the_refusal_names_the_default_database(capsys: pytest.CaptureFixture[str]) -> None:
    # Without --db the user may not know which file is meant: the line says it.
    from desktop.paths import default_database_path

    assert main(["demo", "--messages", "20"]) == 0
    capsys.readouterr()
    assert main(["demo", "--messages", "20"]) == 1
    err = capsys.readouterr().err
    assert "already holds 20 messages" in err and str(default_database_path()) in err
