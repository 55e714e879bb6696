"""Substring search helpers: FTS5 trigram queries on SQLite, escaped LIKE patterns everywhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, select, table, text
from sqlalchemy.orm import InstrumentedAttribute

FOLD_FUNCTION = "bd_fold"

FTS_INSERT_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS messages_fts_ai AFTER INSERT ON messages BEGIN "
    "INSERT INTO messages_fts(rowid, recipient, subject) "
    "VALUES (new.id, new.recipient, new.subject); END"
)

_fts = table("messages_fts", column("rowid"))


def fold(value: str | None) -> str | None:
    """Registered in every SQLite connection: the same lower-casing Python applies to queries."""
    return value.lower() if value is not None else None


def fold_sql(expression: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[str]:
    return getattr(func, FOLD_FUNCTION)(expression)  # type: ignore[no-any-return]


def _fts_phrase(value: str) -> str:
    # An FTS5 string: double quotes doubled, everything else literal (no operators, no columns).
    return '"' + value.replace('"', '""') + '"'


def _fts_condition(pieces: list[tuple[str, str]]) -> ColumnElement[bool]:
    query = " AND ".join(f"{col} : {_fts_phrase(value)}" for col, value in pieces)
    return text("messages_fts MATCH :fts_query").bindparams(fts_query=query)  # type: ignore[return-value]


def fts_match(pieces: list[tuple[str, str]], limit: int | None = None) -> Select[Any]:
    """Row ids whose `column` contains every `text` (each at least 3 characters)."""
    query = select(_fts.c.rowid).where(_fts_condition(pieces))
    return query.limit(limit) if limit is not None else query


def like_escaped(value: str) -> str:
    """A LIKE pattern matching `value` anywhere, with %, _ and \\ taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
