"""The quarantine list's queries: filters, order and keyset pages run in the database."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop.domain.search import QuarantineCursor, QuarantineFilter, QuarantineSort
from desktop.store.tables import QuarantineRow
from desktop.store.text_search import like_escaped

_Row = TypeVar("_Row")

# The column each order sorts on, and whether it runs downwards; the id breaks ties the same way.
_ORDER: dict[QuarantineSort, tuple[InstrumentedAttribute[object], bool]] = {
    QuarantineSort.NEWEST: (QuarantineRow.started_at, True),
    QuarantineSort.OLDEST: (QuarantineRow.started_at, False),
    QuarantineSort.ENDS_SOONEST: (QuarantineRow.ends_at, False),
    QuarantineSort.ADDRESS: (QuarantineRow.address, False),
    QuarantineSort.REASON: (QuarantineRow.reason, False),
}


def open_at(at: datetime) -> tuple[ColumnElement[bool], ...]:
    """The conditions of a quarantine in force at `at`."""
    return (
        QuarantineRow.released_at.is_(None),
        QuarantineRow.started_at <= at,
        QuarantineRow.ends_at > at,
    )


def filtered(query: Select[_Row], at: datetime, criteria: QuarantineFilter) -> Select[_Row]:
    """`query` narrowed by `criteria`; the search text is a literal part of the address."""
    if not criteria.include_ended:
        query = query.where(*open_at(at))
    if criteria.search:
        pattern = like_escaped(criteria.search.strip().lower())
        query = query.where(QuarantineRow.address.like(pattern, escape="\\"))
    if criteria.cause is not None:
        query = query.where(QuarantineRow.cause == criteria.cause.value)
    if criteria.reason is not None:
        query = query.where(QuarantineRow.reason == criteria.reason.value)
    return query


def _after(sort: QuarantineSort, cursor: QuarantineCursor) -> ColumnElement[bool]:
    # A row value, not an OR of two: both engines then seek in the (column, id) index.
    column, down = _ORDER[sort]
    mine = tuple_(column, QuarantineRow.id)
    theirs = tuple_(literal(cursor.value, column.type), literal(cursor.id))
    return mine < theirs if down else mine > theirs


def page_rows(
    session: Session,
    at: datetime,
    criteria: QuarantineFilter,
    after: QuarantineCursor | None,
    limit: int,
) -> list[QuarantineRow]:
    """Up to `limit` rows in the filter's order, after `after` (a keyset page, never OFFSET)."""
    column, down = _ORDER[criteria.sort]
    query = filtered(select(QuarantineRow), at, criteria)
    if after is not None:
        query = query.where(_after(criteria.sort, after))
    order = (column.desc(), QuarantineRow.id.desc()) if down else (column, QuarantineRow.id)
    return list(session.scalars(query.order_by(*order).limit(limit)))


def count_rows(session: Session, at: datetime, criteria: QuarantineFilter) -> int:
    """How many quarantines match `criteria` (every page, not one)."""
    query = filtered(select(func.count()).select_from(QuarantineRow), at, criteria)
    return int(session.scalar(query) or 0)
