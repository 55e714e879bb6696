"""What a big import into an empty database has written, kept as bit sets to skip lookups.

Into a database that held nothing when the import began, an event key, message id or address
state can only be stored if this import wrote it. A bit per hash answers "surely not written"
for almost every new one, so the batch skips most of its index probes (1,000,000 postfix
events: a million key probes that all missed, 770,000 message ids, 740,000 addresses; about a
fifth of the writer's time). A set bit only means "look it up", so a collision costs a probe,
never a wrong answer. Memory is fixed (36 MB) whatever the feed's size.

It is only right while nobody else writes: `BatchImporter` checks before every batch that
the highest message and event ids are its own, and drops the sets for good when they are not.
"""

from __future__ import annotations

from collections.abc import Iterable

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
