"""The one bridge from a webhook body to the import engine: parse, classify, commit.

A body is read by the same feed reader `bouncedesk import` uses for that format's files
(their `events_from` mappers), classified by the same classifier, and written by the same
batch importer, so an event keeps its idempotency key whichever way it arrives. Every use of
the import engine stays in this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any
from urllib.parse import parse_qsl

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.domain.policy import PolicyConfig
from desktop.ingest.feedkit import ReadStats
from desktop.ingest.jsonstream import JsonRecord, Mapper, map_record
from desktop.services.import_batch import BatchImporter, stored_key
from desktop.services.import_feed_records import Classifier
from desktop.services.uow import UnitOfWork
from desktop.store.import_queries import ImportQueries

FORMATS = ("sendgrid", "mailgun", "postmark", "mandrill", "ses")


class MalformedBody(ValueError):
    """The body as a whole is unreadable (not JSON, no mandrill_events): nothing in it is kept."""


@dataclass(slots=True)
class Parsed:
    """What one body holds: its events (classified), its bad records, what was passed over."""

    events: list[ParsedEvent] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class Written:
    """What storing one body's events did."""

    imported: int
    duplicates: int  # stored before (a retry, a replay, or an import of the same export)


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


class EventWriter:
    """Stores bodies' events in one transaction of the caller's (who commits); one thread.

    A fresh importer per transaction: its caches would otherwise outlive changes that other
    writers (the GUI's releases, a manual import) make between webhooks.
    """

    def __init__(self, uow: UnitOfWork, policy: PolicyConfig | None = None) -> None:
        self._uow = uow
        self._importer = BatchImporter(policy or PolicyConfig(), skip_lookups=False)

    def write(self, bodies: Sequence[Sequence[ParsedEvent]]) -> list[Written]:
        """Store the events of several bodies in one batch; what each body added.

        One batch, not one per body: each batch costs the importer a few round trips to
        the database, whatever its size. Which events are duplicates is read up front with
        the importer's own key look-up, so each body learns its share.
        """
        everything = [event for events in bodies for event in events]
        if not everything:
            return [Written(0, 0) for _ in bodies]
        queries = ImportQueries(self._uow.session)
        stored = queries.existing_keys({stored_key(event.key) for event in everything})
        seen: set[str] = set()
        written: list[Written] = []
        for events in bodies:
            duplicates = 0
            for event in events:
                key = stored_key(event.key)
                if key in stored or key in seen:
                    duplicates += 1
                seen.add(key)
            written.append(Written(len(events) - duplicates, duplicates))
        self._importer.write(self._uow, everything)
        return written

    def finish(self) -> None:
        """Before the commit: give the connection back its usual settings."""
        queries = ImportQueries(self._uow.session)
        queries.merge_text_index_again()
        queries.relax()


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
