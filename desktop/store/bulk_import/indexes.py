"""Search indexes set aside while a big import fills a SQLite database, and always put back.

Building an index once over sorted rows costs a fraction of inserting the same rows into it
one by one (0.7 s against 2.5 s of CPU for the 155,000 messages and 200,000 events of a
200,000-event postfix import). Only indexes that an import never reads are set aside: the
event key (idempotency) and the message id (matching) stay. The recipient index serves VERP
matching only, which only bounce mail needs (see `RECIPIENT_INDEX`).

The definitions dropped are saved in `db_settings` in the transaction that drops them, so a
crash mid-import leaves a record behind that the next `open_database` acts on: an import
that dies cannot leave the database without its indexes for good. PostgreSQL is untouched.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from desktop.store.bulk_import.concurrency import take_import_lock
from desktop.store.tables import SettingRow
from desktop.store.uow import sql_unit_of_work

SUSPENDABLE = (
    "ix_messages_created",
    "ix_messages_domain",
    "ix_messages_sender",
    "ix_messages_account",
    "ix_messages_status",
    "ix_messages_reason",
    "ix_events_message",
)
RECIPIENT_INDEX = "ix_messages_recipient"  # read by VERP matching: set aside when there is none
SETTING_KEY = "import.suspended_indexes"


def suspend(session: Session, names: tuple[str, ...] = SUSPENDABLE) -> list[str]:
    """Drop `names` and record their definitions (not committed: the caller commits both).

    Returns the indexes dropped: none on PostgreSQL, and none while another import has its
    indexes set aside (that import puts them back).
    """
    if session.get_bind().dialect.name != "sqlite":
        return []
    if session.get(SettingRow, SETTING_KEY) is not None:
        return []
    rows = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    )
    definitions = {name: sql for name, sql in rows if name in names}
    if not definitions:
        return []
    record = {"pid": os.getpid(), "host": socket.gethostname(), "indexes": definitions}
    # The record first: its INSERT opens the transaction the drops then join (the SQLite
    # driver would run a DROP before any change in a transaction of its own).
    session.add(SettingRow(key=SETTING_KEY, value=json.dumps(record, sort_keys=True)))
    session.flush()
    for name in definitions:
        session.execute(text(f'DROP INDEX "{name}"'))
    return sorted(definitions)


def stored_messages_bound(session: Session) -> int:
    """The highest message id: at least the number of messages stored, read in no time."""
    return int(session.execute(text("SELECT COALESCE(MAX(id), 0) FROM messages")).scalar() or 0)


def suspend_for_import(uow: object, names: tuple[str, ...], most_messages: int | None) -> list[str]:
    """Set `names` aside and commit, on SQLite, when the database holds at most `most_messages`
    messages (None: whatever it holds). Returns the names set aside."""
    sql = sql_unit_of_work(uow)
    session = sql.session
    if session.get_bind().dialect.name != "sqlite":
        return []
    # Under the import lock: of two imports starting together, the second sees the first's
    # record and joins it (loads with the indexes set aside; the first puts them back).
    take_import_lock(session)
    if most_messages is not None and stored_messages_bound(session) > most_messages:
        return []
    suspended = suspend(session, names)
    session.commit()  # not uow.commit: a lost race must stay recognisable (concurrency.py)
    return suspended


def restore_after_import(uow: object) -> None:
    """Put back what `suspend_for_import` set aside, and commit."""
    sql = sql_unit_of_work(uow)
    take_import_lock(sql.session)
    restore(sql.session)
    sql.session.commit()


def restore(session: Session) -> list[str]:
    """Recreate the indexes recorded by `suspend` and forget the record (not committed)."""
    row = session.get(SettingRow, SETTING_KEY)
    if row is None:
        return []
    record = _record(row.value)
    session.delete(row)
    session.flush()  # first, so the index builds join its transaction (see `suspend`)
    return _recreate(session.connection(), record)


def restore_left_behind(connection: Connection) -> list[str]:
    """At open: put back indexes that an import on this machine set aside and died with.

    An import still running keeps its record (it restores at its end). A record from
    another machine is acted on: there is no telling whether its process lives, and indexes
    recreated under a running import cost it speed, never correctness.
    """
    if connection.dialect.name != "sqlite":
        return []
    value = connection.execute(
        text("SELECT value FROM db_settings WHERE key = :key"), {"key": SETTING_KEY}
    ).scalar()
    if value is None:
        return []
    record = _record(value)
    if record.get("host") == socket.gethostname() and _alive(record.get("pid")):
        return []
    connection.execute(text("DELETE FROM db_settings WHERE key = :key"), {"key": SETTING_KEY})
    return _recreate(connection, record)


def _record(value: str) -> dict[str, Any]:
    try:
        record = json.loads(value)
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def _recreate(connection: Connection, record: dict[str, Any]) -> list[str]:
    definitions = record.get("indexes")
    if not isinstance(definitions, dict):
        return []
    present = {
        name
        for (name,) in connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'index'")
        )
    }
    created = []
    for name, sql in sorted(definitions.items()):
        if name not in present and isinstance(sql, str):
            connection.execute(text(sql))
            created.append(name)
    return created


def _alive(pid: Any) -> bool:
    """Whether process `pid` of this machine still runs (a reused id counts as running)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: a check, nothing is sent
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by another user
    return True


if sys.platform == "win32":
    import ctypes

    def _alive_on_windows(pid: int) -> bool:
        # os.kill would terminate the process there: ask the kernel whether it has exited.
        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x00100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return False
        try:
            return bool(kernel.WaitForSingleObject(handle, 0) == 0x00000102)  # WAIT_TIMEOUT
        finally:
            kernel.CloseHandle(handle)
