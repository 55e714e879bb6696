"""The DSN reader over the shared corpus of real bounces: it never raises, and reads nearly all."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.dsn import ReadStats, read_with_stats
from tests.helpers.corpus import CORPUS as CORPUS_ROOT
from tests.helpers.corpus import require_corpus


@pytest.fixture(autouse=True)
def _corpus() -> None:
    require_corpus()


CORPUS = CORPUS_ROOT / "emails"


def test_whole_corpus_reads_without_raising() -> None:
    stats = ReadStats()
    kinds: Counter[type] = Counter()
    for root, _, files in os.walk(CORPUS):
        for name in sorted(files):
            for item in read_with_stats([os.path.join(root, name)], stats):
                kinds[type(item)] += 1
    assert set(kinds) <= {ParsedEvent, BadRecord}
    # Nearly every message of a bounce corpus is a bounce that names its recipient.
    assert stats.bounces + stats.feedback > 0.9 * stats.messages
    assert kinds[ParsedEvent] > 0.9 * (stats.bounces + stats.feedback)


def test_corpus_not_bounces_are_recognised() -> None:
    stats = ReadStats()
    folder = CORPUS / "maildir" / "not"
    paths = [str(folder / name) for name in ("is-not-bounce-01.eml", "is-not-bounce-02.eml")]
    assert list(read_with_stats(paths, stats)) == []
    assert stats.not_bounces == 2
