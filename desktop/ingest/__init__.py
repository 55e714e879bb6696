"""Readers of real feeds into domain events: one module per format, found by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module

from desktop.domain.errors import ValidationError
from desktop.domain.model import BadRecord, ParsedEvent
from desktop.domain.validation import event_problem
from desktop.ingest.reader import FeedReader

FORMATS: tuple[str, ...] = ("postfix", "dsn", "sendgrid", "mailgun", "postmark", "mandrill", "ses")


def reader_for(name: str) -> FeedReader:
    """The `read(paths)` function of the format called `name`, imported only when asked for."""
    if name not in FORMATS:
        raise ValidationError(f"unknown feed format {name!r}; known formats: {', '.join(FORMATS)}")
    module = import_module(f"desktop.ingest.{name}")
    reader: FeedReader = module.read
    return reader


def validated(records: Iterable[ParsedEvent | BadRecord]) -> Iterator[ParsedEvent | BadRecord]:
    """`records` with every event that cannot be stored turned into a bad record saying why.

    The one edge all readers share: whatever a reader lets through, an impossible date, an
    address that is none, or a field longer than its column never reaches a transaction.
    """
    for record in records:
        if isinstance(record, ParsedEvent):
            why = event_problem(record)
            if why is not None:
                yield BadRecord(record.source, why)
                continue
        yield record
