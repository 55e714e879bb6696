"""Messages, their accounts and events: the repository behind search, details and import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    func,
    insert,
    literal,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import Session

from desktop.domain.model import Event, EventType, Message, MessageStatus, Reason
from desktop.domain.records import NewEvent, NewMessage
from desktop.domain.search import MIN_TRIGRAM, Cursor, SearchCriteria
from desktop.store import rollup
from desktop.store.pg_text_search import PgTextSearch
from desktop.store.tables import AccountRow, EventRow, MessageRow
from desktop.store.text_search import fold_sql, fts_match

# Up to this many trigram matches are fetched as an id list; beyond it, rows are probed.
FTS_ID_LIST_LIMIT = 2000

_MESSAGE_COLUMNS = (
    MessageRow.id,
    MessageRow.message_id,
    AccountRow.name,
    MessageRow.sender,
    MessageRow.recipient,
    MessageRow.subject,
    MessageRow.status,
    MessageRow.reason,
    MessageRow.created_at,
    MessageRow.last_event_at,
)


def _message(row: Any) -> Message:
    return Message(
        id=row[0],
        message_id=row[1],
        account=row[2],
        sender=row[3],
        recipient=row[4],
        subject=row[5],
        status=MessageStatus(row[6]),
        reason=Reason(row[7]) if row[7] else None,
        created_at=row[8],
        last_event_at=row[9],
    )


def _event(row: EventRow) -> Event:
    return Event(
        id=row.id,
        message=row.message_id,
        type=EventType(row.type),
        at=row.at,
        reply_code=row.reply_code,
        status=row.status,
        diagnostic=row.diagnostic,
        remote_host=row.remote_host,
        reason=Reason(row.reason) if row.reason else None,
        source=row.source,
        raw=row.raw,
    )


class SqlMessageRepository:
    """Messages on SQLite or PostgreSQL. Receives a session it does not own; never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._dialect = session.get_bind().dialect.name
        self._accounts: dict[str, int] = {}

    # --- accounts -------------------------------------------------------------------------

    def account_id(self, name: str) -> int:
        """The id of the account called `name`, created when new."""
        cached = self._accounts.get(name)
        if cached is not None:
            return cached
        found = self._session.scalar(select(AccountRow.id).where(AccountRow.name == name))
        if found is None:
            # An upsert: another writer may add the same account at the same moment.
            self._session.execute(
                text("INSERT INTO accounts (name) VALUES (:name) ON CONFLICT (name) DO NOTHING"),
                {"name": name},
            )
            found = self._session.scalar(select(AccountRow.id).where(AccountRow.name == name))
        assert found is not None
        self._accounts[name] = found
        return found

    def account_names(self) -> list[str]:
        return list(self._session.scalars(select(AccountRow.name).order_by(AccountRow.name)))

    # --- writing --------------------------------------------------------------------------

    def add(self, message: NewMessage) -> int:
        values = _message_values(message)
        new_id = self._session.scalar(insert(MessageRow).values(**values).returning(MessageRow.id))
        assert new_id is not None
        return int(new_id)

    def add_event(self, event: NewEvent) -> int:
        values = {
            "message_id": event.message,
            "type": event.type.value,
            "at": event.at,
            "reply_code": event.reply_code,
            "status": event.status,
            "diagnostic": event.diagnostic,
            "remote_host": event.remote_host,
            "reason": event.reason.value if event.reason else None,
            "source": event.source,
            "raw": event.raw,
            "key": event.key,
        }
        # Only the columns given: a group role may insert just some (column grants, roles.py).
        given = {column: value for column, value in values.items() if value is not None}
        new_id = self._session.scalar(insert(EventRow).values(**given).returning(EventRow.id))
        assert new_id is not None
        reason = event.reason.value if event.reason else None
        rollup.add_event(self._session, event.message, event.type.value, event.at, reason)
        return int(new_id)

    # --- reading --------------------------------------------------------------------------

    def get(self, message: int) -> Message | None:
        row = self._session.execute(self._select().where(MessageRow.id == message)).first()
        return _message(row) if row else None

    def by_message_id(self, message_id: str) -> list[Message]:
        rows = self._session.execute(
            self._select().where(MessageRow.message_id == message_id).order_by(MessageRow.id)
        )
        return [_message(row) for row in rows]

    def latest_to(self, recipient: str, message_id: str | None = None) -> Message | None:
        query = self._select().where(MessageRow.recipient == recipient)
        if message_id is not None:
            query = query.where(MessageRow.message_id == message_id)
        row = self._session.execute(
            query.order_by(MessageRow.created_at.desc(), MessageRow.id.desc()).limit(1)
        ).first()
        return _message(row) if row else None

    def timeline(self, message: int) -> list[Event]:
        rows = self._session.scalars(
            select(EventRow)
            .where(EventRow.message_id == message)
            .order_by(EventRow.at, EventRow.id)
        )
        return [_event(row) for row in rows]

    def search(
        self, criteria: SearchCriteria, after: Cursor | None = None, limit: int = 50
    ) -> list[Message]:
        """Newest first, `limit` rows after `after` (keyset paging; never OFFSET)."""
        keyset = []
        if after is not None:
            keyset.append(
                tuple_(MessageRow.created_at, MessageRow.id)
                < tuple_(literal(after.created_at, MessageRow.created_at.type), literal(after.id))
            )
        planned = self._pg_text_plan(criteria, keyset)
        if planned is not None:
            return [_message(row) for row in planned.page(limit)]
        query = self._select().where(*self._conditions(criteria), *keyset)
        query = query.order_by(MessageRow.created_at.desc(), MessageRow.id.desc()).limit(limit)
        return [_message(row) for row in self._session.execute(query)]

    def count(self, criteria: SearchCriteria, cap: int = 10_000) -> int:
        """How many messages match, counting no further than `cap` (so it stays fast)."""
        planned = self._pg_text_plan(criteria, [])
        if planned is not None:
            return planned.count(cap)
        inner = select(MessageRow.id).where(*self._conditions(criteria)).limit(cap)
        if criteria.account is not None:
            inner = inner.join(AccountRow, AccountRow.id == MessageRow.account_id)
        return int(self._session.scalar(select(func.count()).select_from(inner.subquery())) or 0)

    def _pg_text_plan(
        self, criteria: SearchCriteria, keyset: list[ColumnElement[bool]]
    ) -> PgTextSearch | None:
        """On PostgreSQL, a search with text pieces is planned here (see pg_text_search)."""
        pieces = _text_pieces(criteria)
        if self._dialect != "postgresql" or not pieces:
            return None
        others = [*self._conditions(criteria, with_text=False), *keyset]
        return PgTextSearch(self._session, _MESSAGE_COLUMNS, others, pieces)

    def _select(self) -> Select[*tuple[Any, ...]]:
        return select(*_MESSAGE_COLUMNS).join(AccountRow, AccountRow.id == MessageRow.account_id)

    def _conditions(self, c: SearchCriteria, with_text: bool = True) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if c.recipient is not None:
            where.append(MessageRow.recipient == c.recipient)
        if c.recipient_prefix is not None:
            # A range on the index instead of LIKE: exact for any characters, no escaping.
            where.append(MessageRow.recipient >= c.recipient_prefix)
            where.append(MessageRow.recipient < c.recipient_prefix + "\U0010ffff")
        if c.domain is not None:
            where.append(MessageRow.recipient_domain == c.domain)
        if c.sender is not None:
            where.append(MessageRow.sender == c.sender)
        if c.message_id is not None:
            where.append(MessageRow.message_id == c.message_id)
        if c.account is not None:
            where.append(AccountRow.name == c.account)
        if c.status is not None:
            where.append(MessageRow.status == c.status.value)
        if c.reason is not None:
            where.append(MessageRow.reason == c.reason.value)
        if c.since is not None:
            where.append(MessageRow.created_at >= literal(c.since, MessageRow.created_at.type))
        if c.until is not None:
            where.append(MessageRow.created_at < literal(c.until, MessageRow.created_at.type))
        if with_text:
            where.extend(self._text_conditions(c))
        return where

    def _fts_filter(self, pieces: list[tuple[str, str]]) -> ColumnElement[bool]:
        """Rows matching the trigram index, planned by how many there are.

        A few matches: fetch their ids and let the other filters and the sort work on them.
        Many (a common word): walk the newest-first index and test each row against the
        match set, stopping after a page, instead of sorting tens of thousands of candidates.
        (`id + 0` keeps SQLite from driving the query by the id list.)
        """
        ids = list(self._session.scalars(fts_match(pieces, limit=FTS_ID_LIST_LIMIT + 1)))
        if len(ids) <= FTS_ID_LIST_LIMIT:
            return MessageRow.id.in_(ids)
        return (MessageRow.id + 0).in_(fts_match(pieces))

    def _text_conditions(self, c: SearchCriteria) -> list[ColumnElement[bool]]:
        """SQLite's text conditions (PostgreSQL plans its own: `_pg_text_plan`)."""
        pieces = _text_pieces(c)
        if not pieces:
            return []
        columns = {"recipient": MessageRow.recipient, "subject": MessageRow.subject}
        where: list[ColumnElement[bool]] = []
        indexed = [(col, piece) for col, piece in pieces if len(piece) >= MIN_TRIGRAM]
        if indexed:
            where.append(self._fts_filter(indexed))
        # Pieces too short for trigrams are checked on the rows the other filters leave.
        for col, piece in pieces:
            if len(piece) < MIN_TRIGRAM:
                haystack = fold_sql(columns[col]) if col == "subject" else columns[col]
                where.append(func.instr(haystack, piece) > 0)
        return where


def _text_pieces(c: SearchCriteria) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    if c.contains is not None:
        pieces.append(("recipient", c.contains.lower()))
    pieces.extend(("subject", word) for word in c.subject_words())
    return pieces


def _message_values(m: NewMessage) -> dict[str, Any]:
    return {
        "message_id": m.message_id,
        "account_id": m.account_id,
        "sender": m.sender,
        "recipient": m.recipient,
        "recipient_domain": m.recipient.rpartition("@")[2],
        "subject": m.subject,
        "status": m.status.value,
        "reason": m.reason.value if m.reason else None,
        "created_at": m.created_at,
        "last_event_at": m.last_event_at,
    }
