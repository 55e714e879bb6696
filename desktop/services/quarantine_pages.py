"""The quarantine list in keyset pages, with its header's figures ("9,108 open · 312 shown")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain.errors import ValidationError
from desktop.domain.phrases import Wording
from desktop.domain.search import (
    QuarantineCursor,
    QuarantineFilter,
    cursor_after,
    validated_filter,
)
from desktop.services.paging import PagedStream, checked_limit
from desktop.services.ports import UnitOfWork
from desktop.services.quarantine import QuarantineEntry, entries_for
from desktop.services.systemic import SystemicCluster, SystemicConfig, clusters_by_address

MAX_PAGE = 1000
_PAGE_SIZE = Wording(
    "A page holds 1 to {most} quarantines, not {limit}.",
    "Een pagina bevat 1 tot {most} quarantaines, niet {limit}.",
)


@dataclass(frozen=True, slots=True)
class QuarantinePage:
    """One page of the quarantine list and how many there are in all.

    `open_total` counts every open quarantine whatever the filter; `matching` counts what the
    filter keeps (ended ones too when it includes them); `next_cursor` is None on the last page.
    """

    entries: list[QuarantineEntry]
    open_total: int
    matching: int
    next_cursor: str | None
    filtered: bool

    def header(self, shown: int | None = None) -> str:
        """The list's header; `shown` is how many rows the caller holds (default: this page)."""
        return list_header(
            self.open_total, self.matching, shown or len(self.entries), self.filtered
        )


def list_header(open_total: int, matching: int, shown: int, filtered: bool) -> str:
    """'9,108 open · 312 shown', with how many match when a filter narrows the list."""
    parts = [f"{open_total:,} open"]
    if filtered:
        parts.append(f"{matching:,} match")
    parts.append(f"{shown:,} shown")
    return " · ".join(parts)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def quarantine_page(
    uow: UnitOfWork,
    criteria: QuarantineFilter | None = None,
    after: str | None = None,
    limit: int = 200,
    now: datetime | None = None,
    *,
    counts: bool = True,
    systemic: SystemicConfig | None = None,
    flagged: dict[str, SystemicCluster] | None = None,
) -> QuarantinePage:
    """One page of the list: filter and order run in the database over every quarantine.

    `counts=False` skips the two counts (a stream counts once); `flagged` reuses the
    provider-side clusters of an earlier page instead of reading every open quarantine again.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(_PAGE_SIZE(most=MAX_PAGE, limit=limit))
    moment = _now(now)
    clean = validated_filter(criteria or QuarantineFilter())
    cursor = QuarantineCursor.decode(after, clean.sort) if after else None
    found = uow.quarantines.page(moment, clean, cursor, limit + 1)
    more = len(found) > limit
    found = found[:limit]
    if flagged is None:
        flagged = clusters_by_address(uow, moment, systemic)
    entries = entries_for(uow, found, moment, systemic, flagged)
    next_cursor = cursor_after(clean.sort, found[-1]).encode() if more and found else None
    open_total, matching = count_quarantines(uow, clean, moment) if counts else (0, 0)
    return QuarantinePage(entries, open_total, matching, next_cursor, clean.is_filtered())


def count_quarantines(
    uow: UnitOfWork, criteria: QuarantineFilter | None = None, now: datetime | None = None
) -> tuple[int, int]:
    """(every open quarantine, those `criteria` keeps): the figures of the list's header."""
    moment = _now(now)
    clean = validated_filter(criteria or QuarantineFilter())
    open_total = uow.quarantines.count(moment, QuarantineFilter())
    matching = open_total if clean == QuarantineFilter(sort=clean.sort) else None
    if matching is None:
        matching = uow.quarantines.count(moment, clean)
    return open_total, matching


def stream_quarantines(
    uow: UnitOfWork,
    criteria: QuarantineFilter | None = None,
    after: str | None = None,
    limit: int = 0,
    now: datetime | None = None,
) -> PagedStream[QuarantineEntry]:
    """`limit` entries (0: all) after `after`, read a page at a time (memory stays flat)."""
    moment = _now(now)
    flagged = clusters_by_address(uow, moment)

    def fetch(cursor: str | None, size: int) -> tuple[list[QuarantineEntry], str | None]:
        page = quarantine_page(uow, criteria, cursor, size, moment, counts=False, flagged=flagged)
        return page.entries, page.next_cursor

    return PagedStream(fetch, after, checked_limit(limit), MAX_PAGE)
