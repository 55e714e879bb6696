"""Whether a big import sets the search indexes aside while it loads (SQLite); putting them back.

Rebuilding an index costs a fraction of filling it row by row, but it covers every row in the
table, not only the new ones. Measured into a database of 772,000 messages (1,000,000 postfix
events): a next-day feed of 250,000 events loads 2 s faster with the indexes in place, one of
500,000 events 3.5 s faster and one of 1,000,000 12 s faster with them set aside. So they are
set aside when the feed brings at least a third as many events as the database holds
messages. The feed size stands in for the number of events it holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from desktop.services.importing.reader_process import feed_bytes
from desktop.services.ports import UnitOfWorkFactory
from desktop.store.bulk_import import indexes as bulk_indexes
from desktop.store.bulk_import.concurrency import retrying

MIN_BYTES = 16 * 1024 * 1024  # smaller imports gain less than the rebuild's fixed costs
BYTES_PER_EVENT = 1_000  # a high estimate of bytes per event: feeds run from 300 to 800
SET_ASIDE_SHARE = 3  # set aside when the feed's events times this reach the stored messages
_VERP_FORMATS = frozenset({"dsn"})  # readers whose events may be matched by VERP recipient


@contextmanager
def indexes_set_aside(
    uow_factory: UnitOfWorkFactory, format: str, paths: Sequence[str], wanted: bool | None
) -> Iterator[list[str]]:
    """Set the indexes aside for the block (`wanted` None: when worth it); put them back after.

    Yields the names set aside. They are rebuilt when the block ends, however it ends; a
    process killed meanwhile leaves them to the next `open_database`.
    """
    if wanted is False or (wanted is None and feed_bytes(paths) < MIN_BYTES):
        yield []
        return
    most = None if wanted else SET_ASIDE_SHARE * (feed_bytes(paths) // BYTES_PER_EVENT)

    def suspend() -> list[str]:
        with uow_factory() as uow:
            return bulk_indexes.suspend_for_import(uow, _set_aside(format), most)

    def restore() -> None:
        with uow_factory() as uow:
            bulk_indexes.restore_after_import(uow)

    names = retrying(suspend)  # another import may hold the write lock meanwhile
    try:
        yield names
    finally:
        if names:
            retrying(restore)


def _set_aside(format: str) -> tuple[str, ...]:
    if format in _VERP_FORMATS:
        return bulk_indexes.SUSPENDABLE
    return (*bulk_indexes.SUSPENDABLE, bulk_indexes.RECIPIENT_INDEX)
