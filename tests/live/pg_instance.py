"""A throwaway PostgreSQL server of the test's own (initdb in a temp folder, own port).

Tests that stop and start the database use this, never the shared server. As root, the
server runs as `nobody` (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.live.hooks import free_port


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    return found[-1] or None


class PgInstance:
    def __init__(self, folder: str, port: int) -> None:
        self.folder = folder
        self.port = port
        self.data = os.path.join(folder, "data")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "nobody", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        initdb = _bin("initdb")
        assert initdb is not None
        self._run(initdb, "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        pg_ctl = _bin("pg_ctl")
        assert pg_ctl is not None
        log = os.path.join(self.folder, "server.log")
        self._run(pg_ctl, "-D", self.data, "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        pg_ctl = _bin("pg_ctl")
        assert pg_ctl is not None
        self._run(pg_ctl, "-D", self.data, "-m", mode, "-w", "stop")


@contextmanager
def pg_instance() -> Iterator[PgInstance]:
    """A started private server; stopped and removed afterwards."""
    if _bin("initdb") is None:
        if os.environ.get("CI"):
            pytest.fail("initdb is not installed; CI must run the database-outage tests")
        pytest.skip("initdb is not installed")
    folder = tempfile.mkdtemp(prefix="bd-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody", "nogroup")
    instance = PgInstance(folder, free_port())
    try:
        instance.init()
        instance.start()
        yield instance
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            instance.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
