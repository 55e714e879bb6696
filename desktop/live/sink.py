"""The one bridge from a webhook body to the import engine: parse, classify, commit.

A body is read by the same feed reader `bouncedesk import` uses for that format's files
(their `events_from` mappers) and classified by the same classifier; the writer thread stores
it through services/importing/live.py, so an event keeps its idempotency key whichever way it
arrives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any
from urllib.parse import parse_qsl

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.feedkit import ReadStats
from desktop.ingest.jsonstream import JsonRecord, Mapper, map_record
from desktop.services.importing.records import Classifier

FORMATS = ("sendgrid", "mailgun", "postmark", "mandrill", "ses")


class MalformedBody(ValueError):
    """The body as a whole is unreadable (not JSON, no mandrill_events): nothing in it is kept."""


@dataclass(slots=True)
class Parsed:
    """What one body holds: its events (classified), its bad records, what was passed over."""

    events: list[ParsedEvent] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    skipped: int = 0


def parse_body(format: str, body: bytes, source: str, classifier: Classifier) -> Parsed:
    """The events of one webhook `body` of `format`; `source` names it in bad records.

    Raises MalformedBody when the body is not the provider's shape at all.
    """
    mapper = _mapper(format)
    stats = ReadStats()
    parsed = Parsed()
    for item in _records(format, body, source):
        for record in map_record(item, mapper, stats):
            if isinstance(record, BadRecord):
                parsed.bad.append(record)
            else:
                parsed.events.append(classifier(record))
    parsed.skipped = sum(stats.skipped.values())
    return parsed


def new_classifier() -> Classifier:
    return Classifier()


def form_fields(body: bytes) -> list[tuple[str, str]]:
    """The fields of a form-encoded body, in order (Mandrill signs them)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedBody("the form is not UTF-8") from exc
    return parse_qsl(text, keep_blank_values=True)


def _mapper(format: str) -> Mapper:
    if format not in FORMATS:
        raise ValueError(f"no webhook reader for {format!r}")
    events_from: Mapper = import_module(f"desktop.ingest.{format}").events_from
    return events_from


def _records(format: str, body: bytes, source: str) -> Iterator[JsonRecord]:
    if format == "mandrill":
        values = [value for name, value in form_fields(body) if name == "mandrill_events"]
        if not values:
            raise MalformedBody("no mandrill_events field")
        value = _json(values[0].encode("utf-8"))
    else:
        value = _json(body)
    items: Iterable[Any] = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        yield JsonRecord(f"{source}:{index}", item, json.dumps(item, ensure_ascii=False))


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise MalformedBody("the body is not JSON") from exc
