"""Shared helpers of the feed reader tests: run a reader, split its output, compare fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.feedkit import RAW_LIMIT

DATA = Path(__file__).resolve().parent.parent / "data"


def path_of(fmt: str, name: str) -> str:
    return str(DATA / fmt / name)


def split(items: Iterable[ParsedEvent | BadRecord]) -> tuple[list[ParsedEvent], list[BadRecord]]:
    events: list[ParsedEvent] = []
    bad: list[BadRecord] = []
    for item in items:
        if isinstance(item, ParsedEvent):
            events.append(item)
        else:
            assert isinstance(item, BadRecord), item
            bad.append(item)
    return events, bad


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def pick(event: ParsedEvent, expected: dict[str, Any]) -> dict[str, Any]:
    """The fields of `event` that `expected` names, to compare dict to dict (clear diffs)."""
    return {name: getattr(event, name) for name in expected}


def assert_sound(items: Iterator[ParsedEvent | BadRecord] | list[ParsedEvent | BadRecord]) -> None:
    """What every reader promises about everything it yields, whatever the input."""
    for item in items:
        if isinstance(item, BadRecord):
            assert item.source and item.why
            continue
        assert isinstance(item, ParsedEvent)
        assert item.recipient and item.key and item.source
        assert item.at.tzinfo is not None and item.at.utcoffset() is not None
        assert item.at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert item.raw is None or len(item.raw) <= RAW_LIMIT
        for text in (item.diagnostic, item.subject, item.sender, item.raw, item.message_id):
            if text is not None:
                assert "\x00" not in text
                text.encode("utf-8")  # storable: no lone surrogates


Reader = Callable[..., Iterator[ParsedEvent | BadRecord]]
