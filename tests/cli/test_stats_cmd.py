"""`bouncedesk stats`: the roll-up's figures as JSON lines, matching a count of the events."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from desktop.cli import main
from desktop.demo import generate_demo
from desktop.store.database import open_database
from desktop.store.tables import EventRow

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
FIELDS = {"sent", "delivered", "deferred", "soft_bounces", "hard_bounces", "rejected",
          "complaints", "quarantined", "released", "delivered_rate", "hard_bounce_rate",
          "complaint_rate", "bounce_deferral_rate"}  # fmt: skip


def _rows(text_out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text_out.splitlines() if line.strip()]


@pytest.fixture
def demo_url(db_url: str) -> str:
    database = open_database(db_url)
    generate_demo(database, messages=600, seed=11, now=NOW)
    database.dispose()
    return db_url


def _events(url: str, kind: str, since: datetime, until: datetime) -> int:
    database = open_database(url)
    try:
        with database.session() as session:
            statement = select(func.count()).where(
                EventRow.type == kind, EventRow.at >= since, EventRow.at < until
            )
            return int(session.scalar(statement) or 0)
    finally:
        database.dispose()


def test_totals_and_groups_match_the_events(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    since, until = "2026-11-01T00:00", "2026-11-27T12:00"
    window = ["--since", since, "--until", until]
    assert main(["--db", demo_url, "stats", *window, "--json"]) == 0
    (total,) = _rows(capsys.readouterr().out)
    assert set(total) >= FIELDS | {"period"}
    start, end = (datetime.fromisoformat(t).replace(tzinfo=UTC) for t in (since, until))
    assert total["hard_bounces"] == _events(demo_url, "hard_bounce", start, end)
    assert total["delivered"] == _events(demo_url, "delivered", start, end)
    assert total["sent"] == _events(demo_url, "sent", start, end)
    assert isinstance(total["hard_bounces"], int) and total["hard_bounces"] > 0

    for by in ("hour", "day", "domain", "account", "reason"):
        assert main(["--db", demo_url, "stats", *window, "--by", by, "--json"]) == 0
        rows = _rows(capsys.readouterr().out)
        assert rows and all(by in row and set(row) >= FIELDS for row in rows)
        if by != "reason":  # "sent" is derived per group (see Figures.of): the counts add up
            for field in ("delivered", "hard_bounces", "soft_bounces", "complaints"):
                assert sum(int(str(row[field])) for row in rows) == total[field], (by, field)
        else:
            assert sum(int(str(row["hard_bounces"])) for row in rows) == total["hard_bounces"]
        if by == "account":
            assert all(row["hint"] for row in rows)


def test_one_account_and_rebuild(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    window = ["--since", "2026-10-01", "--until", "2026-11-28"]
    assert main(["--db", demo_url, "stats", *window, "--by", "account", "--json"]) == 0
    first = _rows(capsys.readouterr().out)[0]
    account = str(first["account"])
    assert main(["--db", demo_url, "stats", *window, "--account", account, "--json"]) == 0
    (only,) = _rows(capsys.readouterr().out)
    assert only["sent"] == first["sent"] and only["hard_bounces"] == first["hard_bounces"]

    database = open_database(demo_url)
    with database.session() as session:
        session.execute(text("DELETE FROM event_rollup"))
        session.commit()
    database.dispose()
    assert main(["--db", demo_url, "stats", *window, "--rebuild", "--account", account]) == 0
    out = capsys.readouterr().out
    assert out.startswith("roll-up rebuilt: ") and account not in out.splitlines()[0]
    assert main(["--db", demo_url, "stats", *window, "--account", account, "--json"]) == 0
    assert _rows(capsys.readouterr().out) == [only]


def test_a_backwards_window_is_one_line(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", db_url, "stats", "--since", "2026-11-02", "--until", "2026-11-01"])
    assert code == 1
    assert capsys.readouterr().err.strip() == "bouncedesk: --since must be before --until"
