"""Ports for the messages, their events and the raw records they were read from."""

from __future__ import annotations

from typing import Protocol

from desktop.domain.model import (
    Event,
    Message,
)
from desktop.domain.original import OriginalRecord
from desktop.domain.records import NewEvent, NewMessage
from desktop.domain.search import Cursor, SearchCriteria


class MessageRepository(Protocol):
    def account_id(self, name: str) -> int:
        """The id of the account called `name`, created when new."""

    def account_names(self) -> list[str]: ...

    def add(self, message: NewMessage) -> int: ...

    def add_event(self, event: NewEvent) -> int: ...

    def get(self, message: int) -> Message | None: ...

    def by_message_id(self, message_id: str) -> list[Message]: ...

    def latest_to(self, recipient: str, message_id: str | None = None) -> Message | None: ...

    def timeline(self, message: int) -> list[Event]: ...

    def search(
        self, criteria: SearchCriteria, after: Cursor | None = None, limit: int = 50
    ) -> list[Message]:
        """Newest first, `limit` rows after `after` (keyset paging; never OFFSET)."""

    def count(self, criteria: SearchCriteria, cap: int = 10_000) -> int:
        """How many messages match, counting no further than `cap` (so it stays fast)."""


class OriginalRecords(Protocol):
    """The raw records events were read from (log line, DSN mail, webhook JSON)."""

    def for_message(self, message: int) -> list[OriginalRecord]: ...

    def for_event(self, message: int, event: int) -> OriginalRecord | None: ...
