"""The one protocol every feed reader meets: paths in, events and bad records out."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from desktop.domain.model import BadRecord, ParsedEvent


class FeedReader(Protocol):
    """A format's `read(paths)`: yields each record as an event, or as a bad record."""

    def __call__(self, paths: Sequence[str], /) -> Iterator[ParsedEvent | BadRecord]: ...
