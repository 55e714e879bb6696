"""The Postfix reader fed one line at a time, with its half-assembled state saved and restored.

A followed log (`bouncedesk ingest`, [[follow]]) reads lines as they are written and must
resume after a restart exactly where it stopped: the queue ids still open (message id, sender,
subject, deferral texts) and the year of the syslog clock are part of that place. Events come
out exactly as `postfix.read` makes them from the same lines (same keys), so a later import of
the same log stores nothing twice.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.feedkit import ReadStats

# The line-level machinery of the file reader, shared so both read lines identically.
from desktop.ingest.postfix import _Clock, _Message, _Reader

STATE_VERSION = 1


class PostfixLineReader:
    """Turns Postfix log lines into events; `state()` captures everything needed to go on.

    One reader per followed file; one thread. `state()` is valid between two `feed` calls.
    """

    def __init__(
        self, *, tz: tzinfo = UTC, year: int | None = None, stats: ReadStats | None = None
    ) -> None:
        """`year`: of the first year-less stamp (as `postfix.read`); None: the current one."""
        self.stats = stats or ReadStats()
        self._reader = _Reader(self.stats)
        self._clock = _Clock(year=year, hint=None, tz=tz)

    def feed(self, line: str, source: str, number: int) -> tuple[ParsedEvent | BadRecord, ...]:
        """What one line (without its line ending) adds; `source:number` names it in events."""
        if "/smtpd[" in line or "/anvil[" in line:
            # As the file reader does: half of a relay's log, nothing about deliveries.
            self.stats.skipped["smtpd line"] += 1
            return ()
        if not line:
            return ()
        return self._reader._line(line, source, number, self._clock)

    def state(self) -> dict[str, Any]:
        """The open queue ids and the clock as JSON-ready values (restored by `restore`)."""
        open_ids = {
            qid: [message.message_id, message.sender, message.subject, message.deferred]
            for qid, message in self._reader._open.items()
        }
        clock = self._clock
        return {
            "v": STATE_VERSION,
            "year": clock.year,
            "last_month": clock.last_month,
            "open": open_ids,
        }

    def restore(self, saved: Any) -> None:
        """Go on from a `state()`; an empty or unreadable state starts afresh (raises nothing)."""
        if not isinstance(saved, dict) or saved.get("v") != STATE_VERSION:
            return
        year, last_month = saved.get("year"), saved.get("last_month")
        self._clock.year = year if isinstance(year, int) else None
        self._clock.last_month = last_month if isinstance(last_month, int) else 0
        self._clock.cache_key, self._clock.cache_value = "", None
        opened: dict[str, _Message] = {}
        for qid, fields in _items(saved.get("open")):
            if isinstance(fields, list) and len(fields) == 4:
                message_id, sender, subject, deferred = fields
                opened[qid] = _Message(
                    _text(message_id), _text(sender), _text(subject), _deferred(deferred)
                )
        self._reader._open = opened


def _items(value: Any) -> list[tuple[str, Any]]:
    return (
        [(k, v) for k, v in value.items() if isinstance(k, str)] if isinstance(value, dict) else []
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _deferred(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
