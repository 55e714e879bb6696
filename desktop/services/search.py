"""Message search and message details: the search view's and `bouncedesk search/show`'s queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.model import MAX_ID, Event, Message, Quarantine
from desktop.domain.phrases import Wording
from desktop.domain.policy import PolicyConfig
from desktop.domain.search import Cursor, SearchCriteria, validated
from desktop.services.paging import PagedStream, checked_limit
from desktop.services.policy import get_policy
from desktop.services.ports import UnitOfWork

MAX_PAGE = 1000
_PAGE_SIZE = Wording(
    "A page holds 1 to {most} messages, not {limit}.",
    "Een pagina bevat 1 tot {most} berichten, niet {limit}.",
)
_NO_MESSAGE = Wording(
    "No message {reference!r}: give its number or its Message-ID.",
    "Geen bericht {reference!r}: geef het nummer of de Message-ID.",
)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of results, newest first; `next_cursor` is None on the last page."""

    messages: list[Message]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class MessageDetails:
    """A message with its timeline and the recipient's current quarantine, if any."""

    message: Message
    events: list[Event]
    quarantine: Quarantine | None
    # the recipient's newest quarantine in any state: says whether one ended or was released
    latest_quarantine: Quarantine | None = None
    policy: PolicyConfig = field(default_factory=PolicyConfig)  # the database's, for the texts


def search_messages(
    uow: UnitOfWork, criteria: SearchCriteria, cursor: str | None = None, limit: int = 50
) -> Page:
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(_PAGE_SIZE(most=MAX_PAGE, limit=limit))
    clean = validated(criteria)
    after = Cursor.decode(cursor) if cursor else None
    rows = uow.messages.search(clean, after=after, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, Cursor.after(rows[-1]).encode() if more and rows else None)


def stream_messages(
    uow: UnitOfWork, criteria: SearchCriteria, after: str | None = None, limit: int = 0
) -> PagedStream[Message]:
    """`limit` messages (0: all) after `after`, newest first, read a keyset page at a time."""
    clean = validated(criteria)

    def fetch(cursor: str | None, size: int) -> tuple[list[Message], str | None]:
        page = search_messages(uow, clean, cursor, size)
        return page.messages, page.next_cursor

    return PagedStream(fetch, after, checked_limit(limit), MAX_PAGE)


def count_messages(uow: UnitOfWork, criteria: SearchCriteria, cap: int = 10_000) -> int:
    """Matching messages, counted up to `cap` ("10,000+" beyond)."""
    return uow.messages.count(validated(criteria), cap=cap)


def find_message(uow: UnitOfWork, reference: str) -> Message:
    """A message by its database id or its Message-ID (the newest when several share it)."""
    ref = reference.strip()
    number = ref.isascii() and ref.isdigit() and int(ref) <= MAX_ID
    if number and (message := uow.messages.get(int(ref))) is not None:
        return message
    matches = uow.messages.by_message_id(ref.strip("<>"))
    if not matches:
        raise NotFound(_NO_MESSAGE(reference=reference))
    return matches[-1]


def message_details(
    uow: UnitOfWork, message: Message, now: datetime | None = None
) -> MessageDetails:
    moment = now or datetime.now(UTC)
    history = uow.quarantines.history(message.recipient)
    return MessageDetails(
        message=message,
        events=uow.messages.timeline(message.id),
        quarantine=uow.quarantines.active_for(message.recipient, moment),
        policy=get_policy(uow),
        latest_quarantine=history[0] if history else None,
    )


def account_names(uow: UnitOfWork) -> list[str]:
    """The accounts that sent messages, for the search view's account filter."""
    return uow.messages.account_names()
