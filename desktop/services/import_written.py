"""What a big SQLite import may find stored, kept as bit sets to skip lookups that must miss.

The sets hold every event key, message id and address with a stored state: what the
database held when the import began (nothing, or read once at its start) and what the import
wrote since. A bit per hash answers "surely not stored" for almost every new value, so the
batch skips most of its index probes (1,000,000 postfix events: a million key probes that
all missed, 770,000 message ids, 740,000 addresses; about a fifth of the writer's time). A
set bit only means "look it up", so a collision costs a probe, never a wrong answer. Memory
is fixed (36 MB) whatever the feed's size.

Reading what is stored costs about a microsecond a value (1.4 s for a database of a million
events) and saves about twelve a new event, so a database that holds something is read only
when the feed brings at least a quarter of what it holds (`FILL_SHARE`), and never when it
holds so much that the sets would answer "maybe" too often (`MAX_FILLED`).

It is only right while nobody else writes: `LookupShortcut` checks before every batch that
the highest message and event ids are the ones it knows, and drops the sets for good when
they are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.store.import_queries import ImportQueries

_KEY_BITS = 1 << 27  # 16 MB each: one wrong "maybe" in 130 at a million values
_ADDRESS_BITS = 1 << 25  # few addresses get a stored state: soft runs and quarantines
FILL_SHARE = 4  # read what is stored when the feed brings at least 1/FILL_SHARE of it
MAX_FILLED = 1 << 23  # stored events beyond which the sets say "maybe" too often (6%)


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


class StoredSets:
    """Event keys, message ids and addresses with a stored state: what may be stored."""

    def __init__(self) -> None:
        self.keys = _Bits(_KEY_BITS)
        self.message_ids = _Bits(_KEY_BITS)
        self.addresses = _Bits(_ADDRESS_BITS)


class LookupShortcut:
    """Whether, batch by batch, the bit sets may answer for the database instead of a probe.

    Inactive, every `may_*` returns what it was given: the caller looks everything up.
    """

    def __init__(self, allowed: bool = True, expected_events: int = 0) -> None:
        self._allowed = allowed  # False: always look up (tests compare both ways)
        self._expected = expected_events  # a low estimate of the feed's events; 0: unknown
        self._written: StoredSets | None = None
        self._started = False
        self._highest = {"messages": 0, "events": 0}  # the highest ids stored, as last known

    @property
    def active(self) -> bool:
        return self._written is not None

    def check(self, queries: ImportQueries) -> None:
        """Before each batch: take the shortcut into an empty database, or one small beside
        the feed; leave it for good as soon as ids appear that the import did not reserve."""
        if not self._started:
            self._started = True
            if not self._allowed or not queries.is_sqlite:
                return
            if queries.holds_nothing():
                self._written = StoredSets()
            elif self._worth_reading(queries.highest_id("events")):
                self._written = self._read_stored(queries)
        elif self._written is not None and any(
            queries.highest_id(table) != highest for table, highest in self._highest.items()
        ):
            self._written = None

    def _worth_reading(self, stored_events: int) -> bool:
        return stored_events <= min(self._expected * FILL_SHARE, MAX_FILLED)

    def _read_stored(self, queries: ImportQueries) -> StoredSets:
        # The highest ids first: a row another writer adds while the sets are read is then
        # newer than what `check` knows, which ends the shortcut before the next batch.
        self._highest = {table: queries.highest_id(table) for table in self._highest}
        stored = StoredSets()
        stored.keys.add(queries.each_event_key())
        stored.message_ids.add(queries.each_message_id())
        stored.addresses.add(queries.each_address_with_state())
        return stored

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
