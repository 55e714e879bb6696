"""The import's classifier: reasons filled in as `classify` gives them, answers shared."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop.domain.model import EventType, ParsedEvent, Reason, parsed_event
from desktop.domain.reasons import Classification, classify
from desktop.services.importing import records as import_feed_records
from desktop.services.importing.records import Classifier
from tests.helpers.corpus import require_corpus

_IP = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")


def _deferral(text: str) -> ParsedEvent:
    return parsed_event(
        "maillog:1", EventType.DEFERRED, "a@example.nl", datetime(2026, 11, 2, tzinfo=UTC), "k",
        status="4.4.1", diagnostic=text,
    )  # fmt: skip


def test_answers_that_differ_only_in_an_ip_address_are_classified_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str | None] = []

    def counting(diagnostic: str | None, *args: Any, **kwargs: Any) -> Classification:
        asked.append(diagnostic)
        return classify(diagnostic, *args, **kwargs)

    monkeypatch.setattr(import_feed_records, "classify", counting)
    classifier = Classifier()
    texts = [
        f"connect to mx.example.nl[192.0.2.{n}]:25: Connection timed out" for n in range(1, 50)
    ]
    reasons = {classifier.reason_of(_deferral(text)) for text in texts}
    assert reasons == {classify(texts[0], "4.4.1", deferred=True).reason}
    assert asked == ["connect to mx.example.nl[0.0.0.0]:25: Connection timed out"]
    # A version number or a status is not an address: left as it is.
    over_quota = _deferral("452 4.2.2 over quota (v1.2.3)")
    assert classifier.reason_of(over_quota) is Reason.MAILBOX_FULL
    assert asked[-1] == "452 4.2.2 over quota (v1.2.3)"


def test_no_reason_in_the_corpus_depends_on_the_ip_addresses_quoted() -> None:
    corpus = require_corpus()
    # What the shortcut above relies on, checked on every real server answer that quotes one.
    quoting = 0
    with (corpus / "dev-labels.jsonl").open(encoding="utf-8") as labels:
        for line in labels:
            label = json.loads(line)
            text = label.get("diagnosticcode") or ""
            if not _IP.search(text):
                continue
            quoting += 1
            for deferred in (False, True):
                status, code = label.get("deliverystatus"), label.get("replycode")
                plain = classify(text, status, code, deferred=deferred).reason
                masked = classify(_IP.sub("0.0.0.0", text), status, code, deferred=deferred)
                assert masked.reason is plain, text
    assert quoting > 50
