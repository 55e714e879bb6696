"""The port for removing personal data (purge and forget)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from desktop.domain.retention import RemovalCounts

MessageCursor = tuple[datetime, int]  # (created_at, id): where a purge goes on


class Erasure(Protocol):
    """Removal of personal data, one short batch per unit of work; never commits."""

    def begin_removal(self) -> None:
        """Take the import write lock and tell importers their caches may hold removed rows."""

    def salt(self) -> str:
        """The database's salt for forgotten addresses' tokens, made on first use."""

    def purge_address_states(self, cutoff: datetime, limit: int, *, remove: bool) -> int: ...

    def purge_messages(
        self,
        cutoff: datetime,
        now: datetime,
        after: MessageCursor | None,
        limit: int,
        *,
        remove: bool,
    ) -> tuple[RemovalCounts, MessageCursor | None]: ...

    def purge_quarantines(
        self, cutoff: datetime, after_id: int, limit: int, *, remove: bool
    ) -> tuple[RemovalCounts, int | None]: ...

    def forget(self, address: str, token: str) -> RemovalCounts:
        """Remove everything of `address`; audit rows naming it get `token` instead."""
