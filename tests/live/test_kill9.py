"""kill -9 of the service at any moment: nothing acknowledged is lost, nothing stored twice."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.live.hooks import SendGridSigner, config_text, count_rows, free_port, post
from tests.live.pg_instance import PgInstance, pg_instance

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).parents[2]
POSTERS = 8
BATCHES = 12  # per poster
EVENTS = 50  # per batch


class Service:
    """`bouncedesk ingest` in a process of its own."""

    def __init__(self, config: Path, url: str, port: int, log: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self._log = log.open("ab")
        command = [sys.executable, "-m", "desktop", "--db", url, "ingest", "--config", str(config)]
        self.process = subprocess.Popen(command, env=env, stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + 60
        while True:
            try:
                if post(port, "/healthz", b"", method="GET", timeout=2)[0] in (200, 503):
                    return
            except OSError:
                pass
            assert self.process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.1)

    def kill9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        self._log.close()

    def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(60)
        self._log.close()
        return status


def _batches(signer: SendGridSigner) -> list[bytes]:
    from tests.live.hooks import sendgrid_events

    return [
        json.dumps(sendgrid_events(EVENTS, tag="k9", start=n * EVENTS)).encode()
        for n in range(POSTERS * BATCHES)
    ]


def _post_all(port: int, signer: SendGridSigner, bodies: list[bytes], acked: set[int],
              stop_after: int | None = None) -> None:  # fmt: skip
    """8 posters share the bodies; indexes answered 2xx go into `acked`."""
    lock = threading.Lock()
    pending = list(enumerate(bodies))

    def poster() -> None:
        while True:
            with lock:
                if not pending or (stop_after is not None and len(acked) >= stop_after):
                    return
                index, body = pending.pop(0)
            try:
                status = post(port, "/hooks/sendgrid", body, signer.headers(body), timeout=20)[0]
            except (OSError, http.client.HTTPException):
                continue  # the service is gone (maybe mid-answer): this one is not acknowledged
            if status == 200:
                with lock:
                    acked.add(index)

    threads = [threading.Thread(target=poster) for _ in range(POSTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _stored_keys(pg: PgInstance) -> int:
    return count_rows(pg.url)


def test_kill9_while_committing_and_while_spooling(tmp_path: Path) -> None:
    signer = SendGridSigner()
    bodies = _batches(signer)
    total = len(bodies) * EVENTS
    port = free_port()
    config = tmp_path / "ingest.toml"
    config.write_text(config_text(port, signer.public_key, tmp_path / "spool"))
    log = tmp_path / "service.log"
    acked: set[int] = set()
    with pg_instance() as pg:
        # 1. kill -9 while batches are being committed.
        first = Service(config, pg.url, port, log)
        poster = threading.Thread(target=_post_all, args=(port, signer, bodies[:48], acked))
        poster.start()
        deadline = time.monotonic() + 60
        while len(acked) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        first.kill9()
        poster.join()
        assert 10 <= len(acked) < 48

        # 2. The database goes down; bodies are spooled and acknowledged; kill -9 again.
        pg.stop("immediate")
        second = Service(config, pg.url, port, log)
        spooled: set[int] = set()
        _post_all(port, signer, bodies[48:60], spooled)
        second.kill9()
        acked |= {48 + index for index in spooled}
        assert spooled and len(list((tmp_path / "spool").glob("*.body"))) == len(spooled)

        # 3. The database is back; a new service drains the spool by itself.
        pg.start()
        third = Service(config, pg.url, port, log)
        deadline = time.monotonic() + 60
        while list((tmp_path / "spool").glob("*.body")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not list((tmp_path / "spool").glob("*.body"))
        # Every acknowledged body is stored (the unacknowledged may or may not be).
        assert _stored_keys(pg) >= len(acked) * EVENTS
        keys = [f"'sendgrid:ev-k9-{index * EVENTS}'" for index in sorted(acked)]
        firsts = f"SELECT count(*) FROM events WHERE key IN ({', '.join(keys)})"
        assert count_rows(pg.url, firsts) == len(acked)

        # 4. The senders retry what was not acknowledged; then every event is there once.
        rest: set[int] = set()
        missing = [index for index in range(len(bodies)) if index not in acked]
        _post_all(port, signer, [bodies[index] for index in missing], rest)
        assert len(rest) == len(missing)
        assert third.terminate() == 0
        assert count_rows(pg.url) == total
        assert count_rows(pg.url, "SELECT count(DISTINCT key) FROM events") == count_rows(
            pg.url, "SELECT count(*) FROM events"
        )
    assert "Traceback" not in log.read_text()
