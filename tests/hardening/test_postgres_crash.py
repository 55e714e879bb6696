"""A PostgreSQL server that dies mid-import: one line saying what was committed, and it was.

Runs its own throwaway server (initdb in a temporary folder, its own port, as `nobody` when
the tests run as root), never the shared one.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from desktop.domain.errors import DatabaseUnavailable
from desktop.domain.model import EventType, ParsedEvent
from desktop.services.importing import ImportTuning, import_feed
from desktop.store.database import open_database

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


class ThrowawayServer:
    """initdb + pg_ctl in a temporary folder; `kill()` ends it as a crash would."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="bd-crash-", dir="/tmp"))
        os.chmod(self.root, 0o777)
        self.data = self.root / "data"
        self.port = _free_port()
        bin_dir = BINARIES[-1]
        self.pg_ctl = f"{bin_dir}/pg_ctl"
        subprocess.run(
            _as_server_user([f"{bin_dir}/initdb", "-D", str(self.data), "-U", "postgres",
                             "--auth=trust", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = _as_server_user([self.pg_ctl, "-D", str(self.data), "-o", options, "-l",
                                   str(self.root / "log"), "-w", "start"])  # fmt: skip
        # After a crash the old server's processes take a moment to go; until then a start
        # finds their shared memory still in use.
        for _ in range(40):
            if subprocess.run(command, capture_output=True).returncode == 0:
                return
            time.sleep(0.25)
        raise RuntimeError((self.root / "log").read_text()[-2000:])

    def kill(self) -> None:
        pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def close(self) -> None:
        subprocess.run(
            _as_server_user([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def server() -> Iterator[ThrowawayServer]:
    if not BINARIES or (os.geteuid() == 0 and shutil.which("runuser") is None):
        if os.environ.get("CI"):
            pytest.fail("CI must run the crash test: PostgreSQL's server binaries and runuser")
        pytest.skip("no PostgreSQL server binaries to start a throwaway server (and CI is unset)")
    started = ThrowawayServer()
    try:
        yield started
    finally:
        started.close()


def _events(server: ThrowawayServer, kill_after: int) -> Iterator[ParsedEvent]:
    for number in range(kill_after * 4):
        if number == kill_after:
            server.kill()
        yield ParsedEvent(
            source=f"feed:{number + 1}",
            type=EventType.DELIVERED,
            recipient=f"user{number}@example.nl",
            at=START + timedelta(seconds=number),
            key=f"crash-{number}",
            message_id=f"m{number}@platform.example",
        )


def test_a_server_crash_mid_import_is_one_line_with_what_was_committed(
    server: ThrowawayServer,
) -> None:
    with psycopg.connect(server.url("postgres").replace("+psycopg", ""), autocommit=True) as c:
        c.execute("CREATE DATABASE desk")
    database = open_database(server.url("desk"))
    try:
        with pytest.raises(DatabaseUnavailable) as stopped:
            import_feed(
                database, "test", ["feed"], records=_events(server, 3_000), actor="test",
                tuning=ImportTuning(batch_size=500, commit_every=500, suspend_indexes=False),
            )  # fmt: skip
    finally:
        database.dispose()
    message = str(stopped.value)
    assert "\n" not in message and "[SQL" not in message, message
    found = re.search(r"([\d,]+) events were committed before it", message)
    assert found is not None, message
    server.start()
    with psycopg.connect(server.url("desk").replace("+psycopg", "")) as connection:
        stored = connection.execute("SELECT COUNT(*) FROM events").fetchone()
    assert stored is not None
    assert stored[0] == int(found.group(1).replace(",", "")) > 0
