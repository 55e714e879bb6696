"""The quarantined_recipients view on both engines, read by real Postfix (postmap -q)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url, text, update

from desktop.cli import main
from desktop.domain.model import QuarantineCause, Reason
from desktop.services.release import request_release
from desktop.store.database import Database, open_database
from desktop.store.postfix_map import render_map
from desktop.store.roles import create_roles, role_names
from desktop.store.tables import QuarantineRow
from tests.helpers.databases import MigratedTemplates, drop_pg_database, pg_url, require_postgres
from tests.services.quarantine_data import add_quarantine

NOW = datetime.now(UTC).replace(microsecond=0)


def _until(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _view(database: Database) -> dict[str, str]:
    with database.session() as session:
        rows = session.execute(text("SELECT address, action FROM quarantined_recipients"))
        return {address: action for address, action in rows}


def _postmap(map_file: Path, address: str) -> subprocess.CompletedProcess[str]:
    kind = "pgsql" if "hosts =" in map_file.read_text() else "sqlite"
    return subprocess.run(
        ["postmap", "-q", address, f"{kind}:{map_file}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_view_lists_who_is_quarantined_now_with_the_postfix_answer(db: Database) -> None:
    with db.unit_of_work() as uow:
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(hours=1))
        add_quarantine(
            uow, "spam@example.nl", NOW - timedelta(hours=2), Reason.SPAM_COMPLAINT,
            QuarantineCause.SPAM,
        )  # fmt: skip
        add_quarantine(uow, "gone@example.nl", NOW - timedelta(days=8))  # ended, never expired
        add_quarantine(
            uow, "freed@example.nl", NOW - timedelta(hours=3), released_at=NOW - timedelta(hours=2)
        )
        # Released, then quarantined again (one open quarantine per address, migration 0003):
        # the one in force is the row.
        add_quarantine(
            uow, "twice@example.nl", NOW - timedelta(days=2), released_at=NOW - timedelta(days=1)
        )
        add_quarantine(
            uow, "twice@example.nl", NOW - timedelta(hours=1), cause=QuarantineCause.SOFT_BOUNCE
        )
        uow.commit()
    ends = NOW - timedelta(hours=1) + timedelta(days=7)
    assert _view(db) == {
        "jan@example.nl": f"REJECT 5.7.1 <jan@example.nl> is quarantined (hard-bounce) until "
        f"{_until(ends)} UTC",
        "spam@example.nl": "REJECT 5.7.1 <spam@example.nl> is quarantined (spam) until "
        f"{_until(NOW - timedelta(hours=2) + timedelta(days=7))} UTC",
        "twice@example.nl": "REJECT 5.7.1 <twice@example.nl> is quarantined (soft-bounce) until "
        f"{_until(ends)} UTC",
    }


@pytest.fixture
def map_file(db: Database, tmp_path: Path) -> Path:
    """The map file `bouncedesk postfix-map` prints for this database, for the MTA role."""
    if shutil.which("postmap") is None:
        pytest.fail("postmap is missing: install Debian's postfix, postfix-pgsql, postfix-sqlite")
    url = db.engine.url.render_as_string(hide_password=False)
    if db.dialect == "postgresql":
        create_roles(db.engine)
    path = tmp_path / "bouncedesk-quarantine.cf"
    path.write_text(render_map(url))
    return path


def test_postfix_refuses_a_quarantined_address_until_release_or_expiry(
    db: Database, map_file: Path
) -> None:
    with db.unit_of_work() as uow:
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(hours=1))
        add_quarantine(uow, "piet@example.nl", NOW - timedelta(hours=1))
        uow.commit()
    answer = _postmap(map_file, "jan@example.nl")
    assert answer.returncode == 0, answer.stderr
    until = _until(NOW - timedelta(hours=1) + timedelta(days=7))
    assert answer.stdout == (
        f"REJECT 5.7.1 <jan@example.nl> is quarantined (hard-bounce) until {until} UTC\n"
    )
    assert _postmap(map_file, "nobody@example.nl").stdout == ""
    assert _postmap(map_file, "O'Brien@example.nl").stdout == ""  # quoted by Postfix

    with db.unit_of_work() as uow:
        request_release(uow, "jan@example.nl", "agent")  # a local file applies at once
    if db.dialect == "postgresql":
        from desktop.services.release import approve

        with db.unit_of_work() as uow:
            request = uow.requests.latest_for(uow.quarantines.history("jan@example.nl")[0].id)
            assert request is not None
            approve(uow, request.id, "lead")
    released = _postmap(map_file, "jan@example.nl")
    assert (released.returncode, released.stdout) == (1, "")

    # Time passes: piet's quarantine ends; no `bouncedesk expire` has run.
    with db.session() as session:
        session.execute(
            update(QuarantineRow)
            .where(QuarantineRow.address == "piet@example.nl")
            .values(ends_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        session.commit()
    expired = _postmap(map_file, "piet@example.nl")
    assert (expired.returncode, expired.stdout) == (1, "")


@pytest.fixture
def pg_db(_templates: MigratedTemplates) -> Iterator[Database]:
    require_postgres()
    name = _templates.pg_copy()
    database = open_database(pg_url(name))
    try:
        create_roles(database.engine)
        yield database
    finally:
        database.dispose()
        drop_pg_database(name)


@pytest.mark.postgres
def test_the_mta_role_reads_the_view_and_nothing_else(pg_db: Database) -> None:
    db = pg_db
    with db.unit_of_work() as uow:
        add_quarantine(uow, "jan@example.nl", NOW - timedelta(hours=1))
        uow.commit()
    mta = role_names(make_url(db.url).database or "").mta
    url = make_url(db.url).set(drivername="postgresql", username=mta, password=None)
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        rows = conn.execute("SELECT address FROM quarantined_recipients").fetchall()
        assert rows == [("jan@example.nl",)]
        for table in ("quarantines", "messages", "audit_log", "release_requests", "db_settings"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT 1 FROM {table} LIMIT 1")  # type: ignore[arg-type]


def test_postfix_map_command_prints_the_map_for_the_database(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "postfix-map"]) == 0
    printed = capsys.readouterr().out
    assert "query = SELECT action FROM quarantined_recipients WHERE address = '%s'" in printed
    if db_url.startswith("sqlite"):
        assert f"dbpath = {Path(make_url(db_url).database or '').resolve()}" in printed
    else:
        parsed = make_url(db_url)
        assert f"hosts = {parsed.host}:{parsed.port}" in printed
        assert f"dbname = {parsed.database}" in printed
        assert f"user = {parsed.database}_mta" in printed
