"""Mailgun's seen tokens survive a restart of the service: a replay inside the time window is
refused by the new process too, and tokens older than the window are pruned."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.live.helpers import execute, stored
from tests.live.hooks import (
    SendGridSigner,
    config_text,
    count_rows,
    free_port,
    mailgun_body,
    post,
)
from tests.live.test_kill9 import Service

MAILGUN_EVENTS = "SELECT count(*) FROM events WHERE key LIKE 'mailgun:%' AND type <> 'quarantined'"


def _tokens(db_url: str) -> set[str]:
    return {str(row[0]) for row in stored(db_url, "SELECT token FROM webhook_tokens")}


def test_a_replayed_token_is_refused_after_a_restart(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "ingest.toml"
    config.write_text(config_text(port, SendGridSigner().public_key, tmp_path / "spool"))
    log = tmp_path / "service.log"
    first_token, second_token = uuid.uuid4().hex, uuid.uuid4().hex
    body = mailgun_body(first_token, "mg-restart-1", "gone@example.nl")

    first = Service(config, db_url, port, log)
    try:
        status, answer, _ = post(port, "/hooks/mailgun", body, {"Content-Type": "application/json"})
        assert (status, answer.get("imported")) == (200, 1)
        status, answer, _ = post(port, "/hooks/mailgun", body, {"Content-Type": "application/json"})
        assert (status, answer["error"]) == (403, "replayed token")
    finally:
        assert first.terminate() == 0
    assert _tokens(db_url) == {first_token}

    # An old token (signed two hours ago) left by an earlier run: pruned at the next write.
    old = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")
    columns = "provider, token, signed_at"
    execute(db_url, f"INSERT INTO webhook_tokens ({columns}) VALUES ('mailgun', 'old', '{old}')")

    second = Service(config, db_url, port, log)
    try:
        status, answer, _ = post(port, "/hooks/mailgun", body, {"Content-Type": "application/json"})
        assert (status, answer["error"]) == (403, "replayed token")
        fresh = mailgun_body(second_token, "mg-restart-2", "full@example.nl")
        status, answer, _ = post(
            port, "/hooks/mailgun", fresh, {"Content-Type": "application/json"}
        )
        assert (status, answer.get("imported")) == (200, 1)
    finally:
        assert second.terminate() == 0
    assert count_rows(db_url, MAILGUN_EVENTS) == 2
    assert _tokens(db_url) == {first_token, second_token}
    assert "remembered" in log.read_text() and "Traceback" not in log.read_text()
