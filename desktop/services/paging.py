"""Streaming over keyset pages: `--limit N` means N items, any size, one page held at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

from desktop.domain.errors import ValidationError

T = TypeVar("T")

PAGE_SIZE = 1000

Fetch = Callable[[str | None, int], tuple[Sequence[T], str | None]]
"""Reads one page: (cursor to continue after or None, page size) → (items, next cursor or None)."""


def checked_limit(limit: int) -> int | None:
    """A command-line limit as a count: 0 means all (None); a negative one is an error."""
    if limit < 0:
        raise ValidationError(f"--limit must be 0 (all) or a positive count, not {limit}.")
    return limit or None


class PagedStream(Generic[T]):
    """The items of consecutive pages, `limit` in all (None: every one), read lazily.

    Only the page being handed out is held, so memory stays flat however many items pass.
    After iteration `next_cursor` tells where to continue when the limit stopped it early
    (None when the list was read to its end).
    """

    def __init__(
        self,
        fetch: Fetch[T],
        after: str | None = None,
        limit: int | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._fetch = fetch
        self._after = after
        self._limit = limit
        self._page_size = page_size
        self.next_cursor: str | None = None
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        cursor = self._after
        while True:
            size = self._page_size
            if self._limit is not None:
                size = min(size, self._limit - self.count)
            items, cursor = self._fetch(cursor, size)
            for item in items:
                self.count += 1
                yield item
            self.next_cursor = cursor
            if cursor is None or not items:
                return
            if self._limit is not None and self.count >= self._limit:
                return
