"""Readers of real feeds into domain events: one module per format, found by name."""

from __future__ import annotations

from importlib import import_module

from desktop.domain.errors import ValidationError
from desktop.ingest.reader import FeedReader

FORMATS: tuple[str, ...] = ("postfix", "dsn", "sendgrid", "mailgun", "postmark", "mandrill", "ses")


def reader_for(name: str) -> FeedReader:
    """The `read(paths)` function of the format called `name`, imported only when asked for."""
    if name not in FORMATS:
        raise ValidationError(f"unknown feed format {name!r}; known formats: {', '.join(FORMATS)}")
    module = import_module(f"desktop.ingest.{name}")
    reader: FeedReader = module.read
    return reader
