"""PagedStream: N items across pages, lazily, one page held at a time."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from desktop.domain.errors import ValidationError
from desktop.services.paging import PagedStream, checked_limit


class CountingSource:
    """A list served in keyset pages; remembers what was asked and how much was handed out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.asked: list[tuple[str | None, int]] = []

    def fetch(self, cursor: str | None, size: int) -> tuple[Sequence[int], str | None]:
        self.asked.append((cursor, size))
        start = int(cursor) if cursor else 0
        items = list(range(start, min(start + size, self.size)))
        more = start + size < self.size
        return items, str(start + size) if more else None


def test_a_limit_beyond_one_page_gives_exactly_that_many() -> None:
    source = CountingSource(5_000)
    stream = PagedStream(source.fetch, limit=2_500, page_size=1_000)
    assert list(stream) == list(range(2_500))
    assert [size for _, size in source.asked] == [1_000, 1_000, 500]
    assert stream.next_cursor == "2500"


def test_no_limit_reads_to_the_end_and_leaves_no_cursor() -> None:
    source = CountingSource(2_345)
    stream = PagedStream(source.fetch, page_size=1_000)
    assert sum(1 for _ in stream) == 2_345 and stream.count == 2_345
    assert stream.next_cursor is None


def test_pages_are_read_only_as_items_are_taken() -> None:
    # Memory stays flat: the second page is not asked for until the first is handed out.
    source = CountingSource(3_000)
    items = iter(PagedStream(source.fetch, page_size=1_000))
    for _ in range(1_000):
        next(items)
    assert len(source.asked) == 1
    next(items)
    assert len(source.asked) == 2


def test_limits_zero_means_all_and_negative_is_refused() -> None:
    assert checked_limit(0) is None and checked_limit(7) == 7
    with pytest.raises(ValidationError, match="0 \\(all\\)"):
        checked_limit(-3)
