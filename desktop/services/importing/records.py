"""A feed's records as an import reads them: the format's reader, with reasons classified.

Kept apart from the import's database machinery, so the reader's child process starts
without loading it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason
from desktop.domain.reasons import classify
from desktop.ingest import reader_for, validated
from desktop.ingest.feedkit import ReadStats

_CLASSIFIED = frozenset(
    {EventType.DEFERRED, EventType.SOFT_BOUNCE, EventType.HARD_BOUNCE, EventType.REJECTED}
)
_CLASSIFY_CACHE = 50_000  # feeds repeat the same few thousand server answers
# Server answers differ mostly in the IP addresses they quote ("connect to mx[192.0.2.7]:25:
# Connection timed out"); no reason depends on one, so they are classified without them and
# such answers share one cache entry. (Same reasons on every corpus text that quotes an IP.)
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
# An import allocates millions of short-lived objects next to caches of a few hundred thousand
# long-lived ones; at the default thresholds the collector rescans those caches over and over
# (about 15% of an import's CPU time). Set while an import runs, then restored.
GC_THRESHOLDS = (100_000, 50, 1_000)


class Classifier:
    """Fills in the reason of bounces and delays that the reader left open; caches answers."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str | None, str | None, int | None, bool], Reason] = {}

    def __call__(self, event: ParsedEvent) -> ParsedEvent:
        reason = self.reason_of(event)
        return event if reason is event.reason else replace(event, reason=reason)

    def reason_of(self, event: ParsedEvent) -> Reason | None:
        """The event's reason: the reader's, else the classifier's for bounces and delays."""
        if event.reason is not None:
            return event.reason
        kind = event.type
        if kind is EventType.SPAM_COMPLAINT:
            return Reason.SPAM_COMPLAINT
        if kind not in _CLASSIFIED:
            return None
        deferred = kind is EventType.DEFERRED
        diagnostic = event.diagnostic
        if diagnostic is not None and "." in diagnostic:
            diagnostic = _IPV4.sub("0.0.0.0", diagnostic)
        key = (diagnostic, event.status, event.reply_code, deferred)
        reason = self._cache.get(key)
        if reason is None:
            reason = classify(diagnostic, event.status, event.reply_code, deferred=deferred).reason
            if len(self._cache) >= _CLASSIFY_CACHE:
                self._cache.clear()
            self._cache[key] = reason
        return reason


def read_feed(
    format: str, paths: Sequence[str]
) -> tuple[Iterator[ParsedEvent | BadRecord], Callable[[], int]]:
    """The reader's records with reasons classified, and a count of the records it skipped.

    Skipped records are the ones a reader recognised and passed over: opens and clicks,
    postfix lines that are not deliveries, mail that is not a bounce. Raises ValidationError
    for an unknown format.
    """
    records, skipped = read_unclassified(format, paths)
    return classified(records), skipped


def read_unclassified(
    format: str, paths: Sequence[str]
) -> tuple[Iterator[ParsedEvent | BadRecord], Callable[[], int]]:
    """`read_feed` without the classification: for a caller that asks a `Classifier` itself."""
    reader: Callable[..., Iterator[ParsedEvent | BadRecord]] = reader_for(format)
    if format == "dsn":
        from desktop.ingest import dsn

        mail = dsn.ReadStats()
        records = dsn.read_with_stats(list(paths), mail)
        return validated(records), lambda: mail.autoreplies + mail.not_bounces
    stats = ReadStats()
    if "stats" in inspect.signature(reader).parameters:
        records = reader(list(paths), stats=stats)
    else:
        records = reader(list(paths))
    return validated(records), lambda: sum(stats.skipped.values())


def classified(records: Iterable[ParsedEvent | BadRecord]) -> Iterator[ParsedEvent | BadRecord]:
    """`records` with the reasons of bounces and delays filled in."""
    classifier = Classifier()
    for record in records:
        yield record if isinstance(record, BadRecord) else classifier(record)
