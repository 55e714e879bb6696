"""Understanding the search field, validating criteria, and the page cursor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError
from desktop.domain.model import MessageStatus
from desktop.domain.search import Cursor, SearchCriteria, parse_query, validated


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", SearchCriteria()),
        ("   ", SearchCriteria()),
        ("jan@example.nl", SearchCriteria(recipient="jan@example.nl")),
        ("@ziggo.nl", SearchCriteria(domain="ziggo.nl")),
        ("ZIGGO.NL", SearchCriteria(domain="ziggo.nl")),
        ("jan@", SearchCriteria(recipient_prefix="jan@")),
        ("jan*", SearchCriteria(recipient_prefix="jan")),
        ("<abc.123@mail.example.com>", SearchCriteria(message_id="abc.123@mail.example.com")),
        ("20261127120000.a1b2c3d4e5f6", SearchCriteria(message_id="20261127120000.a1b2c3d4e5f6")),
        ('"invitation gala"', SearchCriteria(subject="invitation gala")),
        ("invitation gala", SearchCriteria(subject="invitation gala")),
        ("devries", SearchCriteria(contains="devries")),
        ("%_", SearchCriteria(contains="%_")),
    ],
)
def test_parse_query_understands_what_is_typed(typed: str, expected: SearchCriteria) -> None:
    assert parse_query(typed) == expected


def test_validated_normalises_without_touching_enums() -> None:
    clean = validated(
        SearchCriteria(
            recipient=" <Jan@Example.NL> ",
            domain="@Ziggo.NL",
            message_id="<x@y>",
            status=MessageStatus.REJECTED,
        )
    )
    assert clean == SearchCriteria(
        recipient="jan@example.nl",
        domain="ziggo.nl",
        message_id="x@y",
        status=MessageStatus.REJECTED,
    )


def test_validated_rejects_a_naive_or_reversed_time_range() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        validated(SearchCriteria(since=datetime(2026, 1, 1)))
    with pytest.raises(ValidationError, match="before its end"):
        validated(
            SearchCriteria(
                since=datetime(2026, 2, 1, tzinfo=UTC), until=datetime(2026, 1, 1, tzinfo=UTC)
            )
        )


@given(st.text(max_size=1200))
def test_parse_query_never_fails_unexpectedly(typed: str) -> None:
    try:
        criteria = parse_query(typed)
    except ValidationError as error:
        assert str(error)
    else:
        assert isinstance(criteria.describe(), str)


@given(st.datetimes(timezones=st.just(UTC)), st.integers(1, 2**62))
def test_cursor_round_trips(moment: datetime, ident: int) -> None:
    assert Cursor.decode(Cursor(moment, ident).encode()) == Cursor(moment, ident)


@pytest.mark.parametrize("token", ["", "!!!", "bm90IGpzb24", "WzEsMiwzXQ"])
def test_a_broken_cursor_is_a_validation_error(token: str) -> None:
    with pytest.raises(ValidationError):
        Cursor.decode(token)
