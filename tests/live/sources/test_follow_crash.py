"""kill -9 in the middle of following a log: nothing committed is lost, nothing stored twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.live.helpers import (
    append,
    event_count,
    message_ids,
    postfix_log,
    stored,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[3]


def _start(config: Path, db_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.live.run_sources", str(config), db_url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "started"
    return process


def test_kill_9_mid_stream_then_restart_gives_exact_counts(db_url: str, tmp_path: Path) -> None:
    log = tmp_path / "mail.log"
    log.touch()
    config = tmp_path / "ingest.toml"
    config.write_text(
        f'[[follow]]\nformat = "postfix"\npath = "{log}"\nname = "mail"\npoll_seconds = 0.02\n'
    )
    lines, events = postfix_log(0, 300, lag=8)
    burst = 12
    process = _start(config, db_url)
    written = 0
    try:
        # Write in bursts until a third of the events are stored, then kill it mid-stream.
        while event_count(db_url) < events // 3:
            assert written < len(lines), "the follower stored too little"
            append(str(log), lines[written : written + burst])
            written += burst
            time.sleep(0.01)
        append(str(log), lines[written : written + burst])  # it is reading while it dies
        written += burst
        process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=20)  # and closes the pipes
    assert process.returncode == -signal.SIGKILL
    stored_before = event_count(db_url)
    assert 0 < stored_before < events  # killed mid-stream
    [(offset,)] = stored(db_url, "SELECT \"offset\" FROM ingest_positions WHERE source = 'mail'")
    lines_before = log.read_bytes()[: int(offset)].count(b"\n")  # type: ignore[call-overload]
    # More mail while it is down, then a restart.
    append(str(log), lines[written:])
    process = _start(config, db_url)
    try:
        wait_until(lambda: event_count(db_url) == events, "every event after the restart")
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    [counts] = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    # It resumed exactly at the committed position: no line read twice, none skipped.
    assert counts["lines"] == len(lines) - lines_before
    assert counts["duplicates"] == 0
    assert counts["committed"] == events - stored_before
    assert event_count(db_url) == events
    assert message_ids(db_url) == {f"m{n}@platform.example" for n in range(300)}
