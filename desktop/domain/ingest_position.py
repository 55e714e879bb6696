"""Where a live source (a followed log, a watched mailbox) stopped reading."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class IngestPosition:
    """A source's saved place: what it reads (`identity`), how far (`offset`), its reader's
    half-assembled `state` (JSON text), all valid together at the moment they were committed.
    """

    source: str
    identity: str
    offset: int
    state: str
    updated_at: datetime | None = None
