"""SMTP reply parsing, time conversion and text cleaning shared by the readers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.ingest.feedkit import (
    clean,
    from_epoch,
    from_iso,
    get_int,
    get_str,
    parse_smtp_reply,
    server_text,
)


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        ("550 5.1.1 <x@y.nl>: Recipient address rejected", 550, "5.1.1"),
        ("550-5.1.1 The email account that you tried to reach does not exist", 550, "5.1.1"),
        ("smtp; 550 5.1.1 user unknown", 550, "5.1.1"),
        ("smtp;250 2.0.0 OK", 250, "2.0.0"),
        ("421 Try again later", 421, None),
        ("452 too many recipients, try 4.5.3 later", 452, "4.5.3"),
        ("Recipient rejected: 5.7.1 blocked", None, "5.7.1"),
        ("connect to mx.example.nl[192.0.2.10]:25: Connection timed out", None, None),
        ("client 1.2.3.4 blocked", None, None),
        ("5501 not a code", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_parse_smtp_reply(text: str | None, code: int | None, status: str | None) -> None:
    assert parse_smtp_reply(text) == (code, status)


@settings(deadline=None)
@given(st.text())
def test_parse_smtp_reply_never_fails(text: str) -> None:
    code, status = parse_smtp_reply(text)
    assert code is None or 200 <= code < 600
    assert status is None or re.fullmatch(r"[245]\.\d{1,3}\.\d{1,3}", status)


def test_server_text_drops_the_diagnostic_type() -> None:
    assert server_text("smtp; 550 5.1.1 unknown") == "550 5.1.1 unknown"
    assert server_text("X-Postfix; host not found") == "host not found"
    assert server_text("550 plain") == "550 plain"
    assert server_text(None) is None


def test_times_are_aware_utc() -> None:
    assert from_epoch(1795815301) == datetime(2026, 11, 27, 21, 35, 1, tzinfo=UTC)
    assert from_epoch("1795815301.5") == datetime(2026, 11, 27, 21, 35, 1, 500000, tzinfo=UTC)
    assert from_iso("2026-11-27T22:35:01+01:00") == datetime(2026, 11, 27, 21, 35, 1, tzinfo=UTC)
    assert from_iso("2026-11-27T21:35:01.4567891Z") == datetime(
        2026, 11, 27, 21, 35, 1, 456789, tzinfo=UTC
    )
    nonsense_values: list[object] = [True, -5, 1e20, "soon", None, [], "2026-13-45T00:00:00Z"]
    for nonsense in nonsense_values:
        assert from_epoch(nonsense) is None
        assert from_iso(nonsense) is None


def test_clean_makes_text_storable() -> None:
    assert clean("a\x00b") == "ab"
    assert clean("x\ud800y") == "x?y"
    assert clean("é" * 5000, limit=10) == "é" * 10


def test_typed_getters_refuse_the_wrong_types() -> None:
    record = {"s": "  text ", "blank": "  ", "n": 7, "b": True, "d": "12", "l": [1]}
    assert get_str(record, "s") == "text"
    assert get_str(record, "blank") is None
    assert get_str(record, "n") == "7"
    assert get_str(record, "b") is None
    assert get_str(record, "l") is None
    assert get_int(record, "n") == 7
    assert get_int(record, "d") == 12
    assert get_int(record, "b") is None
