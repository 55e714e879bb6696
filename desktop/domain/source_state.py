"""A live source's stored state: when it last brought events, how many today, its last error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class StoredSourceState:
    """One source's row as read; `events_today` is already 0 when its day is not today."""

    name: str
    last_event_at: datetime | None
    last_received_at: datetime | None
    events_today: int
    events_total: int
    last_error: str | None
    last_error_at: datetime | None
    updated_at: datetime
    dead_letters: int = 0  # spooled bodies the database refused, set aside (dead-letter folder)
