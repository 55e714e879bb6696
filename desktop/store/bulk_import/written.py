"""What a big import into an empty database has written, kept as bit sets to skip lookups.

Into a database that held nothing when the import began, an event key, message id or address
state can only be stored if this import wrote it. A bit per hash answers "surely not written"
for almost every new one, so the batch skips most of its index probes (1,000,000 postfix
events: a million key probes that all missed, 770,000 message ids, 740,000 addresses; about a
fifth of the writer's time). A set bit only means "look it up", so a collision costs a probe,
never a wrong answer. Memory is fixed (36 MB) whatever the feed's size.

It is only right while nobody else writes: `LookupShortcut` checks before every batch that
the highest message and event ids are the import's own, and drops the sets for good when they
are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.store.bulk_import.lookups import ImportQueries

_KEY_BITS = 1 << 27  # 16 MB each: one wrong "maybe" in 130 at a million values
_ADDRESS_BITS = 1 << 25  # few addresses get a stored state: soft runs and quarantines


class _Bits:
    def __init__(self, size: int) -> None:
        self._mask = size - 1
        self._bits = bytearray(size >> 3)

    def maybe(self, values: Iterable[str]) -> list[str]:
        """The `values` that may have been added (the others surely were not)."""
        bits, mask = self._bits, self._mask
        return [v for v in values if bits[(h := hash(v) & mask) >> 3] >> (h & 7) & 1]

    def add(self, values: Iterable[str]) -> None:
        bits, mask = self._bits, self._mask
        for value in values:
            spot = hash(value) & mask
            bits[spot >> 3] |= 1 << (spot & 7)


class WrittenByImport:
    """Event keys, message ids and addresses with a stored state that one import wrote."""

    def __init__(self) -> None:
        self.keys = _Bits(_KEY_BITS)
        self.message_ids = _Bits(_KEY_BITS)
        self.addresses = _Bits(_ADDRESS_BITS)


class LookupShortcut:
    """Whether, batch by batch, the bit sets may answer for the database instead of a probe.

    Inactive, every `may_*` returns what it was given: the caller looks everything up.
    """

    def __init__(self, allowed: bool = True) -> None:
        self._allowed = allowed  # False: always look up (tests compare both ways)
        self._written: WrittenByImport | None = None
        self._started = False
        self._highest = {"messages": 0, "events": 0}  # the highest ids the import wrote

    @property
    def active(self) -> bool:
        return self._written is not None

    def check(self, queries: ImportQueries) -> None:
        """Before each batch: take the shortcut into an empty database, leave it for good as
        soon as ids appear that the import did not reserve."""
        if not self._started:
            self._started = True
            if self._allowed and queries.holds_nothing():
                self._written = WrittenByImport()
        elif self._written is not None and any(
            queries.highest_id(table) != highest for table, highest in self._highest.items()
        ):
            self._written = None

    def drop(self) -> None:
        """Leave the shortcut for good: after a rollback the bit sets may claim what is not
        stored, and the highest ids no longer tell another writer's rows apart."""
        self._written = None

    def reserve(self, queries: ImportQueries, table: str, count: int) -> list[int]:
        """`queries.reserve_ids`, remembering the highest message and event ids handed out."""
        ids = queries.reserve_ids(table, count)
        if ids and table in self._highest:
            self._highest[table] = max(self._highest[table], ids[-1])
        return ids

    def may_exist_keys(self, keys: list[str]) -> list[str]:
        return keys if self._written is None else self._written.keys.maybe(keys)

    def may_exist_message_ids(self, message_ids: set[str]) -> set[str]:
        if self._written is None:
            return message_ids
        return set(self._written.message_ids.maybe(message_ids))

    def may_have_state(self, addresses: Iterable[str]) -> set[str]:
        """The addresses that may have a stored soft run or quarantine."""
        if self._written is None:
            return set(addresses)
        return set(self._written.addresses.maybe(addresses))

    def wrote(
        self, keys: Sequence[str], message_ids: Sequence[str], addresses: Sequence[str]
    ) -> None:
        """What a batch stored: event keys, message ids, addresses given a stored state."""
        if self._written is not None:
            self._written.keys.add(keys)
            self._written.message_ids.add(message_ids)
            self._written.addresses.add(addresses)
