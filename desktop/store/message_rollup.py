"""The message roll-up: messages per sending hour (or day), account, receiving domain, status
and reason, in four tables like the event roll-up's (store/rollup.py).

The delivery, hard-bounce and complaint rates are shares of the messages sent in a period, by
their status now. A message's status changes long after it was counted (sent, then delivered
or bounced), and every path that writes messages can change it: the bulk import, the live
feeds, the demo, single inserts, purge and erasure. So the database keeps the counts itself,
with triggers on `messages`; no writer can forget them.

On PostgreSQL, inserts and deletes are counted once per statement from its transition table
(a COPY of a thousand messages is one upsert per key, not a thousand); an update only when it
moves a message to another key (most updates touch last_event_at alone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class Cube:
    """One message roll-up table: its name and key, the time column first."""

    table: str
    columns: tuple[str, ...]

    @property
    def daily(self) -> bool:
        return self.columns[0] == "day"


DETAIL = Cube("message_rollup", ("hour", "account_id", "domain", "status", "reason"))
HOURLY = Cube("message_rollup_hourly", ("hour", "status", "reason"))
DOMAINS = Cube("message_rollup_domains", ("day", "domain", "status"))
ACCOUNTS = Cube("message_rollup_accounts", ("day", "account_id", "status", "reason"))
CUBES = (DETAIL, HOURLY, DOMAINS, ACCOUNTS)

# Each key column of a messages row m (an alias, NEW or OLD), per engine. Times are the UTC
# hour or day as the event roll-up stores them: SQLite's text stamp cut short, PostgreSQL's
# truncation of its naive UTC timestamp (no time zone: the session's cannot shift it).
_PARTS = {
    "sqlite": {
        "hour": "substr({m}.created_at, 1, 13) || ':00:00.000000'",
        "day": "substr({m}.created_at, 1, 10) || ' 00:00:00.000000'",
    },
    "postgresql": {
        "hour": "date_trunc('hour', {m}.created_at)",
        "day": "date_trunc('day', {m}.created_at)",
    },
}
_COMMON = {
    "account_id": "{m}.account_id",
    "domain": "{m}.recipient_domain",
    "status": "{m}.status",
    "reason": "COALESCE({m}.reason, '')",
}


def _key_sql(cube: Cube, dialect: str, m: str) -> str:
    parts = (_PARTS[dialect].get(name) or _COMMON[name] for name in cube.columns)
    return ", ".join(part.format(m=m) for part in parts)


def _groups(cube: Cube) -> str:
    return ", ".join(str(i + 1) for i in range(len(cube.columns)))


def _upsert_tail(cube: Cube) -> str:
    return f"ON CONFLICT ({', '.join(cube.columns)}) DO UPDATE SET n = {cube.table}.n + excluded.n"


def recount_sql(cube: Cube, dialect: str) -> str:
    """SELECT of the cube's rows (key columns, n) counted from `messages`."""
    return (
        f"SELECT {_key_sql(cube, dialect, 'm')}, COUNT(*) FROM messages m GROUP BY {_groups(cube)}"
    )


# A message moves to another key when one of these changes (a change of the minutes of its
# creation time moves nothing: the hour is the finest key).
_MOVED = {
    "sqlite": (
        "OLD.status IS NOT NEW.status",
        "OLD.reason IS NOT NEW.reason",
        "substr(OLD.created_at, 1, 13) IS NOT substr(NEW.created_at, 1, 13)",
        "OLD.account_id IS NOT NEW.account_id",
        "OLD.recipient_domain IS NOT NEW.recipient_domain",
    ),
    "postgresql": (
        "OLD.status IS DISTINCT FROM NEW.status",
        "OLD.reason IS DISTINCT FROM NEW.reason",
        "date_trunc('hour', OLD.created_at) IS DISTINCT FROM date_trunc('hour', NEW.created_at)",
        "OLD.account_id IS DISTINCT FROM NEW.account_id",
        "OLD.recipient_domain IS DISTINCT FROM NEW.recipient_domain",
    ),
}
_WATCHED = "status, reason, created_at, account_id, recipient_domain"
_TRIGGERS = ("message_rollup_ai", "message_rollup_au", "message_rollup_ad")
_FUNCTIONS = ("message_rollup_added", "message_rollup_removed", "message_rollup_moved")


def _sqlite_triggers() -> tuple[str, ...]:
    def upserts(row: str, delta: int) -> str:
        return " ".join(
            f"INSERT INTO {cube.table} ({', '.join(cube.columns)}, n) "
            f"VALUES ({_key_sql(cube, 'sqlite', row)}, {delta}) {_upsert_tail(cube)};"
            for cube in CUBES
        )

    moved = " OR ".join(_MOVED["sqlite"])
    # The bulk import pauses both (a row in message_rollup_paused) and counts a batch with one
    # grouped upsert per cube instead: four or eight upserts per row cost imports 30% more CPU.
    return (
        "CREATE TRIGGER message_rollup_ai AFTER INSERT ON messages"
        f" WHEN NOT EXISTS (SELECT 1 FROM message_rollup_paused) BEGIN {upserts('NEW', 1)} END",
        f"CREATE TRIGGER message_rollup_au AFTER UPDATE OF {_WATCHED} ON messages WHEN ({moved})"
        f" AND NOT EXISTS (SELECT 1 FROM message_rollup_paused)"
        f" BEGIN {upserts('OLD', -1)} {upserts('NEW', 1)} END",
        f"CREATE TRIGGER message_rollup_ad AFTER DELETE ON messages BEGIN {upserts('OLD', -1)} END",
    )


def _pg_from_rows(source: str) -> str:
    """Upserts of every cube from `source`, a query of (messages columns..., d) rows."""
    statements = []
    for cube in CUBES:
        columns = ", ".join(cube.columns)
        statements.append(
            f"INSERT INTO {cube.table} ({columns}, n) SELECT {_key_sql(cube, 'postgresql', 'r')},"
            f" SUM(r.d) FROM ({source}) r GROUP BY {_groups(cube)} HAVING SUM(r.d) <> 0"
            f" ORDER BY {_groups(cube)} {_upsert_tail(cube)};"  # one lock order for all writers
        )
    return " ".join(statements)


def _pg_triggers() -> tuple[str, ...]:
    fields = "created_at, account_id, recipient_domain, status, reason"
    added = _pg_from_rows(f"SELECT {fields}, 1 AS d FROM new_rows")
    removed = _pg_from_rows(f"SELECT {fields}, -1 AS d FROM old_rows")
    old = ", ".join(f"OLD.{f}" for f in fields.split(", "))
    new = ", ".join(f"NEW.{f}" for f in fields.split(", "))
    # Grouped: a daily key may be the same before and after a move within the day.
    moved = _pg_from_rows(f"SELECT {old}, -1 AS d UNION ALL SELECT {new}, 1")
    function = (
        "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql"
        " AS $$ BEGIN {body} RETURN NULL; END $$"
    )
    when = " OR ".join(_MOVED["postgresql"])
    return (
        function.format(name="message_rollup_added", body=added),
        function.format(name="message_rollup_removed", body=removed),
        function.format(name="message_rollup_moved", body=moved),
        "CREATE TRIGGER message_rollup_ai AFTER INSERT ON messages REFERENCING NEW TABLE AS"
        " new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_rollup_added()",
        "CREATE TRIGGER message_rollup_ad AFTER DELETE ON messages REFERENCING OLD TABLE AS"
        " old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_rollup_removed()",
        f"CREATE TRIGGER message_rollup_au AFTER UPDATE OF {_WATCHED} ON messages FOR EACH ROW"
        f" WHEN ({when}) EXECUTE FUNCTION message_rollup_moved()",
    )


def trigger_statements(dialect: str) -> tuple[str, ...]:
    """The DDL that keeps every cube true on every write to `messages`."""
    if dialect == "sqlite":
        # A row here (only ever inside a bulk update's transaction) pauses the update trigger.
        return ("CREATE TABLE message_rollup_paused (x INTEGER)", *_sqlite_triggers())
    return _pg_triggers()


def sqlite_moves(
    session: Session, rows: Sequence[tuple[int, str, str | None]]
) -> list[tuple[Cube, list[tuple[Any, ...]]]]:
    """For an SQLite bulk update of (message id, new status, new reason): the grouped count
    changes per cube, read before the update (the update trigger is paused meanwhile)."""
    deltas: Counter[tuple[Any, ...]] = Counter()
    wanted = {row[0]: (row[1], row[2] or "") for row in rows}
    ids = list(wanted)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found = session.connection().exec_driver_sql(
            "SELECT id, substr(created_at, 1, 13) || ':00:00.000000', account_id,"
            f" recipient_domain, status, COALESCE(reason, '') FROM messages WHERE id IN ({marks})",
            tuple(chunk),
        )
        for message, hour, account, domain, status, reason in found:
            new_status, new_reason = wanted[message]
            if (status, reason) != (new_status, new_reason):
                deltas[(hour, account, domain, status, reason)] -= 1
                deltas[(hour, account, domain, new_status, new_reason)] += 1
    moves = []
    for cube in CUBES:
        grouped: Counter[tuple[Any, ...]] = Counter()
        for (hour, account, domain, status, reason), n in deltas.items():
            parts = {
                "hour": hour,
                "day": hour[:10] + " 00:00:00.000000",
                "account_id": account,
                "domain": domain,
                "status": status,
                "reason": reason,
            }
            grouped[tuple(parts[name] for name in cube.columns)] += n
        moves.append((cube, sorted((*key, n) for key, n in grouped.items() if n)))
    return moves


def sqlite_count_inserted(session: Session, low: int, high: int) -> None:
    """Count the messages with ids low..high, written with the insert trigger paused."""
    for cube in CUBES:
        session.execute(
            text(
                f"INSERT INTO {cube.table} ({', '.join(cube.columns)}, n)"
                f" SELECT {_key_sql(cube, 'sqlite', 'm')}, COUNT(*) FROM messages m"
                f" WHERE m.id BETWEEN :low AND :high GROUP BY {_groups(cube)}"
                f" ORDER BY {_groups(cube)} {_upsert_tail(cube)}"
            ),
            {"low": low, "high": high},
        )


@contextmanager
def sqlite_paused(session: Session) -> Iterator[None]:
    """SQLite's row triggers paused while the block writes (inside the writer's own
    transaction: a rollback undoes the pause with the writes)."""
    session.execute(text("INSERT INTO message_rollup_paused VALUES (1)"))
    yield
    session.execute(text("DELETE FROM message_rollup_paused"))


def sqlite_updating(
    session: Session, changes: Sequence[tuple[int, str, str | None]], update: Callable[[], None]
) -> None:
    """Run an SQLite bulk `update` of (message id, new status, new reason) `changes` with the
    row triggers paused, and count its moves in one grouped upsert per table."""
    moves = sqlite_moves(session, changes)
    with sqlite_paused(session):
        update()
    sqlite_apply(session, moves)


def sqlite_apply(session: Session, moves: list[tuple[Cube, list[tuple[Any, ...]]]]) -> None:
    """Write what `sqlite_moves` found, in key order."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        for cube, rows in moves:
            if rows:
                marks = ", ".join("?" for _ in range(len(cube.columns) + 1))
                cursor.executemany(
                    f"INSERT INTO {cube.table} ({', '.join(cube.columns)}, n) VALUES ({marks}) "
                    + _upsert_tail(cube),
                    rows,
                )
    finally:
        cursor.close()


_CHUNK = 900  # ids per look-up: well under SQLite's bound on query parameters


def drop_statements(dialect: str) -> tuple[str, ...]:
    on = "" if dialect == "sqlite" else " ON messages"
    drops = tuple(f"DROP TRIGGER IF EXISTS {name}{on}" for name in _TRIGGERS)
    if dialect == "sqlite":
        return (*drops, "DROP TABLE IF EXISTS message_rollup_paused")
    return drops + tuple(f"DROP FUNCTION IF EXISTS {name}()" for name in _FUNCTIONS)


def fill_statements(dialect: str) -> tuple[str, ...]:
    """INSERTs that fill every (empty) cube from `messages`."""
    return tuple(
        f"INSERT INTO {cube.table} ({', '.join(cube.columns)}, n) {recount_sql(cube, dialect)}"
        for cube in CUBES
    )


def rebuild(session: Session) -> int:
    """Replace every cube by a full recount of `messages`; returns the full one's rows.

    Never commits."""
    dialect = session.get_bind().dialect.name
    for cube in CUBES:
        if dialect == "postgresql":  # writers wait rather than add to counts being replaced
            session.execute(text(f"LOCK TABLE {cube.table} IN EXCLUSIVE MODE"))
        session.execute(text(f"DELETE FROM {cube.table}"))
    for statement in fill_statements(dialect):
        session.execute(text(statement))
    return int(session.execute(text(f"SELECT COUNT(*) FROM {DETAIL.table}")).scalar_one())


def recount(session: Session, cube: Cube = DETAIL) -> dict[tuple[Any, ...], int]:
    """The cube as a recount would make it (for tests and checks), keyed by its columns."""
    rows = session.execute(text(recount_sql(cube, session.get_bind().dialect.name))).all()
    return {tuple(row[:-1]): int(row[-1]) for row in rows}


def stored(session: Session, cube: Cube = DETAIL) -> dict[tuple[Any, ...], int]:
    """The cube as stored, without the keys whose count went back to 0."""
    rows = session.execute(
        text(f"SELECT {', '.join(cube.columns)}, n FROM {cube.table} WHERE n <> 0")
    ).all()
    return {tuple(row[:-1]): int(row[-1]) for row in rows}
