"""The event roll-up: hourly counts kept true in the same transaction as the events.

Every path that stores events adds its counts here (the bulk import, the demo generator, the
repository's single `add_event`); `rebuild` recounts everything for databases that predate the
roll-up or were changed behind its back. Upserts run in key order, so two writers touching the
same counts lock them in the same order and cannot deadlock each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.store.bulk_import.rows import Row

# (hour as stored, account id, receiving domain, event type, reason or "")
RollupKey = tuple[Any, int, str, str, str]

_EVENT_MESSAGE, _EVENT_TYPE, _EVENT_AT, _EVENT_REASON = 1, 2, 3, 8  # rows.EVENT_COLUMNS
_UPSERT = (
    "INSERT INTO event_rollup (hour, account_id, domain, type, reason, n) "
    "VALUES ({marks}) ON CONFLICT (hour, account_id, domain, type, reason) "
    "DO UPDATE SET n = event_rollup.n + excluded.n"
)
_HOUR_SQL = {
    "sqlite": "substr(e.at, 1, 13) || ':00:00.000000'",
    "postgresql": "date_trunc('hour', e.at)",
}
_RECOUNT = (
    "SELECT {hour}, m.account_id, m.recipient_domain, e.type, COALESCE(e.reason, ''), COUNT(*) "
    "FROM events e JOIN messages m ON m.id = e.message_id GROUP BY 1, 2, 3, 4, 5"
)


def hour_of(stamped: Any) -> Any:
    """The hour a stored time falls in, in the same stored form (SQLite text or naive UTC)."""
    if isinstance(stamped, str):
        return stamped[:13] + ":00:00.000000"
    assert isinstance(stamped, datetime)
    return stamped.replace(minute=0, second=0, microsecond=0)


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
    """Upsert `counts` (hours as stored) in key order, through the driver. Never commits."""
    if not counts:
        return
    keys = sorted(counts, key=_order)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    if session.get_bind().dialect.name == "postgresql":
        statement = _UPSERT.format(marks=", ".join(["%s"] * 6))
        with raw.cursor() as cursor:
            cursor.executemany(statement, [(*key, counts[key]) for key in keys])
        return
    cursor = raw.cursor()
    try:
        cursor.executemany(
            _UPSERT.format(marks=", ".join(["?"] * 6)), [(*key, counts[key]) for key in keys]
        )
    finally:
        cursor.close()


def _order(key: RollupKey) -> tuple[str, int, str, str, str]:
    return (str(key[0]), key[1], key[2], key[3], key[4])


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


def recount(session: Session) -> dict[tuple[datetime, int, str, str, str], int]:
    """Every count recomputed from the events themselves (for tests and `rebuild`)."""
    sql = _RECOUNT.format(hour=_HOUR_SQL[session.get_bind().dialect.name])
    return {
        (_aware(row[0]), int(row[1]), row[2], row[3], row[4]): int(row[5])
        for row in session.execute(text(sql))
    }


def stored_counts(session: Session) -> dict[tuple[datetime, int, str, str, str], int]:
    """The roll-up as stored, zero counts left out."""
    rows = session.execute(
        text("SELECT hour, account_id, domain, type, reason, n FROM event_rollup WHERE n <> 0")
    )
    return {(_aware(row[0]), int(row[1]), row[2], row[3], row[4]): int(row[5]) for row in rows}


def rebuild(session: Session) -> int:
    """Replace the roll-up by a full recount; returns the number of roll-up rows. Never commits."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":  # other writers wait rather than add to counts being replaced
        session.execute(text("LOCK TABLE event_rollup IN EXCLUSIVE MODE"))
    session.execute(text("DELETE FROM event_rollup"))
    session.execute(
        text(
            "INSERT INTO event_rollup (hour, account_id, domain, type, reason, n) "
            + _RECOUNT.format(hour=_HOUR_SQL[dialect])
        )
    )
    return int(session.execute(text("SELECT COUNT(*) FROM event_rollup")).scalar_one())


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC)


def owners_of_rows(message_rows: Sequence[Row]) -> dict[int, tuple[int, str]]:
    """(account id, receiving domain) by message id, from bulk message rows (rows.message_row)."""
    return {row[0]: (row[2], row[5]) for row in message_rows}
