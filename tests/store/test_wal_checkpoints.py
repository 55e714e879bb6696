"""Checkpoints on a thread of their own copy what the importer committed into the database file."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from desktop.store.database import open_database
from desktop.store.wal_checkpoints import BackgroundCheckpoints


def test_a_nudge_copies_the_committed_log_into_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "wal.sqlite3"
    database = open_database(f"sqlite:///{path}")
    with database.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_autocheckpoint = 0"))  # only ours may copy
        connection.execute(text("CREATE TABLE filler (n INTEGER, padding TEXT)"))
        connection.execute(
            text("INSERT INTO filler VALUES (:n, :padding)"),
            [{"n": n, "padding": "x" * 500} for n in range(2_000)],
        )
        connection.commit()
        before = os.path.getsize(path)  # the rows are in the log only
        checkpoints = BackgroundCheckpoints(database.engine)
        checkpoints.nudge()
        checkpoints.close()
        after = os.path.getsize(path)
    database.dispose()
    assert after - before > 2_000 * 500
