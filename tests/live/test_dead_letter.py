"""A spooled body the database refuses is set aside in the dead-letter folder; the bodies behind
it are stored, and the refusal is counted in /metrics and in `ingest --status --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.live.config import load_config
from desktop.live.service import IngestService
from tests.live.helpers import execute
from tests.live.hooks import (
    SendGridSigner,
    config_text,
    count_rows,
    free_port,
    post,
    running,
    sendgrid_events,
)
from tests.live.pg_instance import pg_instance

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).parents[2]


MARK = "refuse-me"

# The database's own refusal, as a DBA's constraint would give one: PostgreSQL answers a body
# holding the mark with a check violation (SQLSTATE 23514), every time it is tried.
CONSTRAINT = (
    "ALTER TABLE events ADD CONSTRAINT no_mark"
    f" CHECK (diagnostic IS NULL OR diagnostic NOT LIKE '%{MARK}%') NOT VALID"
)


def _refused_body(tag: str) -> bytes:
    """Well-formed SendGrid JSON that the database refuses (see CONSTRAINT)."""
    events = sendgrid_events(3, tag=tag)
    events[1]["response"] = f"550 5.1.1 user unknown {MARK}"
    return json.dumps(events).encode()


def _wait(condition: object, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _status(url: str) -> list[dict[str, object]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", url, "ingest", "--status", "--json"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_a_refused_body_goes_to_the_dead_letter_folder_and_the_rest_drain(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    signer = SendGridSigner()
    good = [json.dumps(sendgrid_events(20, tag=f"dl{n}")).encode() for n in range(4)]
    refused = _refused_body("dlbad")
    spool = tmp_path / "spool"
    dead = tmp_path / "spool.dead-letter"
    with pg_instance() as pg:
        port = free_port()
        config = tmp_path / "ingest.toml"
        config.write_text(config_text(port, signer.public_key, spool))
        with running(IngestService(load_config(str(config)), pg.url)) as live:
            status, answer, _ = post(port, "/hooks/sendgrid", good[0], signer.headers(good[0]))
            assert (status, answer["imported"]) == (200, 20)
            execute(pg.url, CONSTRAINT)

            # The database is away: the refused body is spooled first, two good ones behind it.
            pg.stop("immediate")
            for body in (refused, good[1], good[2]):
                status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
                assert (status, answer.get("spooled")) == (200, True)
            pg.start()
            _wait(lambda: len(live.writer.spool) == 0, "the spool to drain")
            assert count_rows(pg.url) == 60
            assert sorted(p.suffix for p in dead.iterdir()) == [".body", ".reason"]

            # While the database answers: the refused body is acknowledged once spooled, set
            # aside by the drain, and the body after it is stored.
            for body in (refused, good[3]):
                status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
                assert status == 200, answer
            _wait(lambda: count_rows(pg.url) == 80, "the last good body")
            _wait(lambda: len(list(dead.glob("*.body"))) == 2, "the second dead letter")
            text = post_text(port)
        assert 'bouncedesk_ingest_dead_letters_total{source="sendgrid"} 2.0' in text
        assert "bouncedesk_ingest_dead_letter_bodies 2.0" in text

        reasons = [json.loads(p.read_text()) for p in sorted(dead.glob("*.reason"))]
        assert [r["source"] for r in reasons] == ["sendgrid", "sendgrid"]
        assert all(r["attempts"] == 1 and "23514" in str(r["error"]) for r in reasons)
        kept = sorted(dead.glob("*.body"))[0].read_bytes()
        assert kept.partition(b"\n")[2] == refused  # the body exactly as it arrived

        states = {state["source"]: state for state in _status(pg.url)}
        assert states["sendgrid"]["dead_letters"] == 2
        assert states["sendgrid"]["events_total"] == 80
    lines = [r.getMessage() for r in caplog.records if "dead-letter" in r.getMessage()]
    assert len(lines) == 2
    assert all(MARK not in line and "unknown" not in line for line in lines)  # no body


def post_text(port: int) -> str:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/metrics")
        return connection.getresponse().read().decode()
    finally:
        connection.close()
