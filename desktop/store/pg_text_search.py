"""Subject-word and recipient-substring search on PostgreSQL, planned so it cannot be misled.

The planner cannot estimate how many rows a pattern matches (with stale statistics it guessed
3 rows for a word 166,221 messages contain, then bitmap-scanned and sorted all of them), so
the plan is chosen here, from what the data says:

1. Walk the newest `WINDOW` rows that the other filters allow (their newest-first index) and
   test the text on them. A common word fills the page here, whatever the table's size.
2. Else probe the trigram index for at most `ID_LIST_LIMIT` + 1 matching ids. A rare piece
   has few; the page is then sorted from that id list.
3. Else (common overall but not lately) walk on in windows four times larger each time.

Counting ("10,000+") tests the newest window first too: common text is counted by a scan
the server may stop at the cap; rare text by its id list (see `count`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Select,
    Subquery,
    and_,
    any_,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import Session

from desktop.store.tables import AccountRow, MessageRow
from desktop.store.text_search import like_escaped

WINDOW = 2000  # newest rows tested first (about 2 ms)
# Up to this many matches are found through the trigram index and sorted: 2,313 matches took
# 6 ms that way at 3M, against 450 ms walking windows (the limit was 2,000 then).
ID_LIST_LIMIT = 20_000
WALK_BUDGET = 16_000  # rows the page may walk on before it probes (20 pieces at 3M: max 66 ms;
# with 50,000: 251 ms)
_GROWTH = 4
COMMON_SHARE = 100  # text in 1 of this many of the newest rows counts as common
AnySelect = Select[*tuple[Any, ...]]

Pieces = Sequence[tuple[str, str]]  # (column name, lower-case text)
Boundary = tuple[datetime, int]  # (created_at, id) of the last row a window covered


def text_matches(pieces: Pieces, recipient: Any, subject: Any) -> list[ColumnElement[bool]]:
    """The conditions for `pieces` on these columns. ILIKE is what the pg_trgm GIN index
    accelerates; the strpos check keeps the result exactly the case-folded containment
    whatever the server's locale."""
    where: list[ColumnElement[bool]] = []
    for col, value in pieces:
        if col == "subject":
            where.append(
                and_(
                    subject.ilike(like_escaped(value), escape="\\"),
                    func.strpos(func.lower(subject), value) > 0,
                )
            )
        else:
            where.append(recipient.like(like_escaped(value), escape="\\"))
    return where


def _newest_first(query: AnySelect, created: Any, ident: Any) -> AnySelect:
    return query.order_by(created.desc(), ident.desc())


def _before(boundary: Boundary) -> ColumnElement[bool]:
    return tuple_(MessageRow.created_at, MessageRow.id) < tuple_(
        literal(boundary[0], MessageRow.created_at.type), literal(boundary[1])
    )


class PgTextSearch:
    """One search's text plan; `others` are the non-text conditions (with the keyset)."""

    def __init__(
        self,
        session: Session,
        columns: Sequence[Any],
        others: list[ColumnElement[bool]],
        pieces: Pieces,
    ) -> None:
        self._session = session
        self._columns = columns
        self._others = others
        self._pieces = pieces
        self._listed: list[tuple[int, datetime]] | None = None  # the id list, when short
        self._probed = False

    # --- the page -------------------------------------------------------------------------

    def page(self, limit: int) -> list[Any]:
        found, boundary = self._window(None, WINDOW)
        if len(found) >= limit or boundary is None:
            return found[:limit]
        # The first window's share of matches says how far the page is: when close enough,
        # walk on; else (or when the walk overran its budget) the trigram index may list them.
        near = found and (limit - len(found)) * WINDOW <= len(found) * WALK_BUDGET
        walked, size = WINDOW, WALK_BUDGET if not found else WINDOW * _GROWTH
        if found:
            size = min(WALK_BUDGET, max(size, (limit * WINDOW * 3) // (2 * len(found))))
        while len(found) < limit and boundary is not None:
            if not self._probed and (not near or walked >= WALK_BUDGET):
                listed = self._id_list()
                if listed is not None:
                    return self._from_list(listed, limit)
            more, boundary = self._window(boundary, size)
            found.extend(more)
            walked, size = walked + size, size * _GROWTH
        return found[:limit]

    def _from_list(self, listed: list[tuple[int, datetime]], limit: int) -> list[Any]:
        newest = sorted(listed, key=lambda row: (row[1], row[0]), reverse=True)[:limit]
        ids = [row[0] for row in newest]
        query = self._base().where(MessageRow.id == any_(_ids_literal(ids)))
        return list(self._session.execute(_newest_first(query, *_order())))

    def _base(self) -> AnySelect:
        return select(*self._columns).join(AccountRow, AccountRow.id == MessageRow.account_id)

    def _window(self, after: Boundary | None, size: int) -> tuple[list[Any], Boundary | None]:
        """Every match among the next `size` rows the other filters allow, newest first, and
        the last row the window covered (None: there are no rows beyond it)."""
        conditions = [*self._others, *([_before(after)] if after else [])]
        order = (MessageRow.created_at.desc(), MessageRow.id.desc())
        numbered = self._base().add_columns(func.row_number().over(order_by=order).label("n"))
        inner = numbered.where(*conditions).order_by(*order).limit(size).subquery()
        hit = and_(*self._text(inner)).label("hit")
        rows = self._session.execute(
            select(inner, hit).where(or_(hit, inner.c.n == size)).order_by(inner.c.n)
        ).all()
        last = rows[-1] if rows and rows[-1][-2] == size else None
        boundary = None if last is None else (last.created_at, last.id)
        return [row[:-2] for row in rows if row[-1]], boundary

    def _text(self, inner: Subquery) -> list[ColumnElement[bool]]:
        return text_matches(self._pieces, inner.c.recipient, inner.c.subject)

    def _id_list(self) -> list[tuple[int, datetime]] | None:
        """(id, created_at) of the matches when there are at most ID_LIST_LIMIT of them (the
        trigram index finds them; the other filters apply on the way)."""
        if not self._probed:
            self._probed = True
            matching = text_matches(self._pieces, MessageRow.recipient, MessageRow.subject)
            probe = (
                select(MessageRow.id, MessageRow.created_at)
                .join(AccountRow, AccountRow.id == MessageRow.account_id)
                .where(*self._others, *matching)
                .limit(ID_LIST_LIMIT + 1)
            )
            # Through the indexes' bitmaps, whatever the estimate: a scan that expects to stop
            # early would read the whole table when there are fewer matches than the limit.
            self._session.execute(text("SET LOCAL enable_seqscan = off"))
            self._session.execute(text("SET LOCAL enable_indexscan = off"))
            try:
                rows = self._session.execute(probe).all()
            finally:
                self._session.execute(text("SET LOCAL enable_seqscan = on"))
                self._session.execute(text("SET LOCAL enable_indexscan = on"))
            self._listed = [(r[0], r[1]) for r in rows] if len(rows) <= ID_LIST_LIMIT else None
        return self._listed

    # --- the count ------------------------------------------------------------------------

    def count(self, cap: int) -> int:
        """Matches up to `cap`. The newest window first: when the other filters leave fewer
        rows, that is the count; when the text is common there (1 % or more), the server may
        stop at the `cap`-th match wherever it finds it (order does not matter for a count, and
        the cost follows cap / share of rows matching, not the table's size); else the id list
        when it is short; else the trigram index, up to the cap."""
        inner = _newest_first(self._base().where(*self._others), *_order()).limit(WINDOW)
        window = inner.subquery()
        matched, seen = self._session.execute(
            select(func.count().filter(and_(*self._text(window))), func.count()).select_from(window)
        ).one()
        if seen < WINDOW:
            return min(int(matched), cap)
        listed = None if matched * COMMON_SHARE >= WINDOW else self._id_list()
        if listed is not None:
            return min(len(listed), cap)
        matching = text_matches(self._pieces, MessageRow.recipient, MessageRow.subject)
        query = self._base().where(*self._others, *matching).limit(cap)
        return int(self._session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _order() -> tuple[Any, Any]:
    return MessageRow.created_at, MessageRow.id


def _ids_literal(ids: list[int]) -> Any:
    return literal(ids, ARRAY(BigInteger()))
