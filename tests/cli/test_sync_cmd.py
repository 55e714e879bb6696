"""`bouncedesk sync`: --once delivers, --check reconciles paged lists of 10,000 entries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.services.reconcile import queue_retries
from desktop.services.release_sync import OutboxWorker, build_clients
from desktop.store.database import Database, open_database
from desktop.targets.config import parse_release_targets
from desktop.targets.listing import Lister
from tests.helpers.provider_servers import ProviderServer, suppress, target_entry
from tests.services.quarantine_data import add_quarantine
from tests.services.release_sync_data import NOW, config_toml, release, targets_for

LISTED = 10_000
LIST_OF = {"sendgrid": "bounces", "mailgun": "bounces"}


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _listing(kind: str) -> list[dict[str, Any]]:
    entries = [
        {"address": f"user{n:05d}@example.nl", "reason": "550 5.1.1 no such user"}
        for n in range(LISTED)
    ]
    if kind in LIST_OF:
        for entry in entries:
            entry["list"] = LIST_OF[kind]
    return entries


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sendgrid", "mailgun", "ses", "postmark", "mandrill"])
def test_check_reads_every_page_and_reports_both_differences(
    db: Database, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProviderServer(kind) as server:
        server.listing = _listing(kind)
        server.script.append((429, {"Retry-After": "0"}, b"{}"))  # the first page, once
        targets_for(db, [server], tmp_path)
        release(db, "user00001@example.nl", "user00002@example.nl")
        with db.unit_of_work() as uow:
            add_quarantine(uow, "user00003@example.nl", NOW)  # quarantined here too: in step
            uow.commit()
        config = tmp_path / "ingest.toml"
        config.write_text(config_toml(db.url, [target_entry(server, tmp_path)]))
        url = db.engine.url.render_as_string(hide_password=False)
        before = len(server.requests)
        assert main(["--db", url, "sync", "--check", "--json", "--config", str(config)]) == 0
        asked = server.requests[before:]
    *rows, summary = _lines(capsys.readouterr().out)
    assert summary["retries"] == 2 and summary["imports"] == LISTED - 3
    retries = {r["address"] for r in rows if r["offer"] == "retry"}
    assert retries == {"user00001@example.nl", "user00002@example.nl"}
    assert {r["difference"] for r in rows if r["offer"] == "import"} == {"not_quarantined"}
    assert rows[0]["provider_reason"] == "550 5.1.1 no such user"
    assert not any(seen.method == "DELETE" for seen in asked)  # it changes nothing
    pages = {"sendgrid": 20 + 1 + 2, "mailgun": 2 * (10 + 1 + 1), "ses": 10}.get(kind, 1)
    assert summary["requests"] == {kind: pages + 1}  # + the 429 asked again
    assert len(asked) == pages + 1


def test_confirmed_retries_are_queued_and_delivered(db: Database, tmp_path: Path) -> None:
    with ProviderServer("sendgrid") as server:
        targets = targets_for(db, [server], tmp_path)
        release(db, "jan@example.nl")
        OutboxWorker(db, build_clients(targets)).run_until_idle()  # 404: not there yet
        suppress(server, "jan@example.nl")  # suppressed again at the provider later
        server.listing = [{"address": "jan@example.nl", "reason": "bounced", "list": "bounces"}]
        from desktop.services.reconcile import differences

        listed = list(Lister(targets[0]).suppressions())
        with db.unit_of_work() as uow:
            found = differences(uow, "sendgrid", listed, NOW)
            assert [(d.address, d.offer) for d in found] == [("jan@example.nl", "retry")]
            assert queue_retries(uow, {"sendgrid": targets[0]}, found, NOW) == 1
        summary = OutboxWorker(db, build_clients(targets)).run_until_idle()
    assert summary.done == 1 and not server.suppressed


def test_once_delivers_and_reports(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProviderServer("postmark") as server:
        targets_for(db, [server], tmp_path)
        release(db, "a@example.nl", "b@example.nl")
        config = tmp_path / "ingest.toml"
        config.write_text(config_toml(db.url, [target_entry(server, tmp_path)]))
        url = db.engine.url.render_as_string(hide_password=False)
        assert main(["--db", url, "sync", "--once", "--json", "--config", str(config)]) == 0
    (report,) = _lines(capsys.readouterr().out)
    assert (report["calls"], report["done"], report["pending"]) == (2, 2, 0)


def test_db_after_the_command_wins_over_the_config(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProviderServer("postmark") as server:
        targets_for(db, [server], tmp_path)
        release(db, "a@example.nl")
        config = tmp_path / "ingest.toml"
        elsewhere = f"sqlite:///{tmp_path / 'not-this-one.sqlite3'}"
        config.write_text(config_toml(elsewhere, [target_entry(server, tmp_path)]))
        url = db.engine.url.render_as_string(hide_password=False)
        assert main(["sync", "--once", "--json", "--config", str(config), "--db", url]) == 0
    (report,) = _lines(capsys.readouterr().out)
    assert (report["calls"], report["done"]) == (1, 1)
    assert not (tmp_path / "not-this-one.sqlite3").exists()


def test_a_bad_config_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "ingest.toml"
    config.write_text('[[release_targets]]\nkind = "sendgird"\n')
    assert main(["sync", "--once", "--config", str(config)]) == 1
    assert "kind must be one of" in capsys.readouterr().err
    config.write_text("[[release_targets]\n")
    assert main(["sync", "--config", str(config)]) == 1
    assert "not valid TOML" in capsys.readouterr().err
    assert main(["sync"]) == 2
    parse_release_targets({})  # no targets at all is an empty list, not an error


def test_release_show_gives_each_targets_state(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProviderServer("sendgrid") as sendgrid, ProviderServer("mailgun") as mailgun:
        targets = targets_for(db, [sendgrid, mailgun], tmp_path)
        mailgun.script.append((401, {}, b"Forbidden"))
        (request_id,) = release(db, "jan@example.nl")
        OutboxWorker(db, build_clients(targets)).run_until_idle()
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "release", "show", str(request_id), "--json"]) == 0
    (shown,) = _lines(capsys.readouterr().out)
    assert (shown["request_id"], shown["address"], shown["state"]) == (
        request_id, "jan@example.nl", "applied",
    )  # fmt: skip
    sendgrid_row, mailgun_row = shown["targets"]
    assert (sendgrid_row["state"], sendgrid_row["last_status"]) == ("done", 404)
    assert (mailgun_row["state"], mailgun_row["last_status"]) == ("stopped", 401)
    assert shown["summary"] == (
        f"SendGrid ✓ {sendgrid_row['done_at'][11:16]} · Mailgun stopped (401): needs an approver"
    )
    target = str(mailgun_row["id"])
    assert main(["--db", url, "release", "retry-target", target, "--note", "new key"]) == 0
    assert "mailgun): pending" in capsys.readouterr().out
    assert main(["--db", url, "release", "give-up-target", target, "--json"]) == 0
    assert _lines(capsys.readouterr().out) == [
        {"id": int(target), "state": "given_up", "changed": True}
    ]
    assert main(["--db", url, "release", "show", "999999"]) == 1
    assert "no release request 999999" in capsys.readouterr().err
