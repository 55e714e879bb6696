"""The event roll-up: hourly counts kept true in the same transaction as the events.

Every path that stores events adds its counts here (the bulk import, the demo generator, the
repository's single `add_event`); `rebuild` recounts everything for databases that predate the
roll-up or were changed behind its back. Upserts run in key order, so two writers touching the
same counts lock them in the same order and cannot deadlock each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from desktop.store.bulk_import.rows import Row

# (hour as stored, account id, receiving domain, event type, reason or "")
RollupKey = tuple[Any, int, str, str, str]


@dataclass(frozen=True, slots=True)
class Cube:
    """One roll-up table: which parts of the full key it keeps, per hour or per (UTC) day.

    The full table answers any question but holds a row per hour, account, domain, type and
    reason; the smaller ones answer the Overview's common questions from a few rows each.
    """

    table: str
    columns: tuple[str, ...]  # its key, the time column first
    parts: tuple[int, ...]  # which parts of a RollupKey, in the same order
    daily: bool = False


DETAIL = Cube("event_rollup", ("hour", "account_id", "domain", "type", "reason"), (0, 1, 2, 3, 4))
HOURLY = Cube("event_rollup_hourly", ("hour", "type", "reason"), (0, 3, 4))
DOMAINS = Cube("event_rollup_domains", ("day", "domain", "type"), (0, 2, 3), daily=True)
ACCOUNTS = Cube(
    "event_rollup_accounts", ("day", "account_id", "type", "reason"), (0, 1, 3, 4), daily=True
)
CUBES = (DETAIL, HOURLY, DOMAINS, ACCOUNTS)

_EVENT_MESSAGE, _EVENT_TYPE, _EVENT_AT, _EVENT_REASON = 1, 2, 3, 8  # rows.EVENT_COLUMNS
_UPSERT = (
    "INSERT INTO {table} ({columns}, n) VALUES ({marks}) ON CONFLICT ({columns}) "
    "DO UPDATE SET n = {table}.n + excluded.n"
)
# Each key part as SQL over events e joined with their messages m, per engine.
_PART_SQL = {
    "sqlite": (
        "substr(e.at, 1, 13) || ':00:00.000000'", "m.account_id", "m.recipient_domain", "e.type",
        "COALESCE(e.reason, '')",
    ),
    "postgresql": (
        "date_trunc('hour', e.at)", "m.account_id", "m.recipient_domain", "e.type",
        "COALESCE(e.reason, '')",
    ),
}  # fmt: skip
_DAY_SQL = {
    "sqlite": "substr(e.at, 1, 10) || ' 00:00:00.000000'",
    "postgresql": "date_trunc('day', e.at)",
}


def _recount_sql(cube: Cube, dialect: str) -> str:
    parts = [_PART_SQL[dialect][i] for i in cube.parts]
    if cube.daily:
        parts[0] = _DAY_SQL[dialect]
    groups = ", ".join(str(i + 1) for i in range(len(parts)))
    return (
        f"SELECT {', '.join(parts)}, COUNT(*) FROM events e "
        f"JOIN messages m ON m.id = e.message_id GROUP BY {groups}"
    )


def hour_of(stamped: Any) -> Any:
    """The hour a stored time falls in, in the same stored form (SQLite text or naive UTC)."""
    if isinstance(stamped, str):
        return stamped[:13] + ":00:00.000000"
    assert isinstance(stamped, datetime)
    return stamped.replace(minute=0, second=0, microsecond=0)


def day_of(stamped_hour: Any) -> Any:
    """The (UTC) day an hour falls in, in the same stored form."""
    if isinstance(stamped_hour, str):
        return stamped_hour[:10] + " 00:00:00.000000"
    assert isinstance(stamped_hour, datetime)
    return stamped_hour.replace(hour=0)


def count_event_rows(
    rows: Iterable[Row], owners: Mapping[int, tuple[int, str]], counts: Counter[RollupKey]
) -> None:
    """Add bulk event rows (rows.event_row, times stamped) to `counts`.

    `owners` maps each row's message id to (account id, receiving domain).
    """
    hours: dict[Any, Any] = {}  # a batch's events share their hours: slice each once
    for row in rows:
        at = row[_EVENT_AT]
        hour = hours.get(at)
        if hour is None:
            hour = hours[at] = hour_of(at)
        account, domain = owners[row[_EVENT_MESSAGE]]
        counts[(hour, account, domain, row[_EVENT_TYPE], row[_EVENT_REASON] or "")] += 1


def add_counts(session: Session, counts: Mapping[RollupKey, int]) -> None:
    """Upsert `counts` (hours as stored) into every cube, each in key order. Never commits."""
    if not counts:
        return
    raw = session.connection().connection.driver_connection
    assert raw is not None
    postgres = session.get_bind().dialect.name == "postgresql"
    for cube in CUBES:
        projected: Counter[tuple[Any, ...]] = Counter()
        for key, n in counts.items():
            part = tuple(key[i] for i in cube.parts)
            if cube.daily:
                part = (day_of(part[0]), *part[1:])
            projected[part] += n
        rows = [(*key, projected[key]) for key in sorted(projected, key=_order)]
        cursor = raw.cursor()
        try:
            if postgres:  # one statement, so one round trip and one notify trigger per cube
                arrays = [list(column) for column in zip(*rows, strict=True)]
                cursor.execute(_pg_upsert(cube), arrays)
            else:
                marks = ", ".join(["?"] * (len(cube.columns) + 1))
                columns = ", ".join(cube.columns)
                statement = _UPSERT.format(table=cube.table, columns=columns, marks=marks)
                cursor.executemany(statement, rows)
        finally:
            cursor.close()


_PG_ARRAYS = {"hour": "timestamp", "day": "timestamp", "account_id": "integer"}  # else text


def _pg_upsert(cube: Cube) -> str:
    """The upsert of a cube's rows given as one array per column (unnest keeps their order,
    which is key order: see the module's note on deadlocks)."""
    columns = ", ".join(cube.columns)
    arrays = ", ".join(f"%s::{_PG_ARRAYS.get(name, 'text')}[]" for name in cube.columns)
    return (
        f"INSERT INTO {cube.table} ({columns}, n) SELECT * FROM unnest({arrays}, %s::bigint[]) "
        f"ON CONFLICT ({columns}) DO UPDATE SET n = {cube.table}.n + excluded.n"
    )


def _order(key: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(str(part) for part in key)


def add_event(
    session: Session, message_id: int, type: str, at: datetime, reason: str | None
) -> None:
    """Count one event stored through the ORM (at is aware UTC)."""
    owner = session.execute(
        text("SELECT account_id, recipient_domain FROM messages WHERE id = :id"),
        {"id": message_id},
    ).one()
    naive = at.astimezone(UTC).replace(tzinfo=None)
    stored: Any = naive
    if session.get_bind().dialect.name == "sqlite":
        stored = naive.isoformat(" ", "microseconds")
    add_counts(session, {(hour_of(stored), int(owner[0]), owner[1], type, reason or ""): 1})


def recount(session: Session, cube: Cube = DETAIL) -> dict[tuple[Any, ...], int]:
    """Every count of `cube` recomputed from the events themselves (for tests and `rebuild`)."""
    sql = _recount_sql(cube, session.get_bind().dialect.name)
    return {(aware(row[0]), *row[1:-1]): int(row[-1]) for row in session.execute(text(sql))}


def stored_counts(session: Session, cube: Cube = DETAIL) -> dict[tuple[Any, ...], int]:
    """`cube` as stored, zero counts left out."""
    columns = ", ".join(cube.columns)
    rows = session.execute(text(f"SELECT {columns}, n FROM {cube.table} WHERE n <> 0"))
    return {(aware(row[0]), *row[1:-1]): int(row[-1]) for row in rows}


def rebuild(session: Session) -> int:
    """Replace every cube by a full recount; returns the full table's rows. Never commits."""
    dialect = session.get_bind().dialect.name
    for cube in CUBES:
        if dialect == "postgresql":  # writers wait rather than add to counts being replaced
            session.execute(text(f"LOCK TABLE {cube.table} IN EXCLUSIVE MODE"))
        session.execute(text(f"DELETE FROM {cube.table}"))
        session.execute(
            text(
                f"INSERT INTO {cube.table} ({', '.join(cube.columns)}, n) "
                + _recount_sql(cube, dialect)
            )
        )
    return int(session.execute(text("SELECT COUNT(*) FROM event_rollup")).scalar_one())


def aware(value: Any) -> datetime:
    """A stored time (SQLite text or naive UTC) as an aware UTC datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC)


def owners_of_rows(message_rows: Sequence[Row]) -> dict[int, tuple[int, str]]:
    """(account id, receiving domain) by message id, from bulk message rows (rows.message_row)."""
    return {row[0]: (row[2], row[5]) for row in message_rows}


def remove_messages(session: Session, message_ids: Sequence[int]) -> None:
    """Take the events of `message_ids`, about to be deleted (purge, forget), out of every
    cube, so the roll-up keeps equal to a recount. Never commits."""
    parts = _PART_SQL[session.get_bind().dialect.name]
    query = text(
        f"SELECT {', '.join(parts)}, COUNT(*) FROM events e JOIN messages m ON m.id = e.message_id"
        " WHERE m.id IN :ids GROUP BY 1, 2, 3, 4, 5"
    ).bindparams(bindparam("ids", expanding=True))
    gone: Counter[RollupKey] = Counter()
    for start in range(0, len(message_ids), 500):
        chunk = list(message_ids[start : start + 500])
        for row in session.execute(query, {"ids": chunk}):
            gone[(row[0], int(row[1]), row[2], row[3], row[4])] -= int(row[5])
    add_counts(session, gone)
