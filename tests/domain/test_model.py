"""The records of the vocabulary: `parsed_event` builds exactly what `ParsedEvent` does."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.model import EventType, ParsedEvent, Reason, parsed_event

_TEXT = st.none() | st.text(max_size=20)


@given(
    type=st.sampled_from(EventType),
    at=st.datetimes(timezones=st.just(UTC)),
    message_id=_TEXT,
    sender=_TEXT,
    subject=_TEXT,
    account=_TEXT,
    reply_code=st.none() | st.integers(200, 599),
    status=_TEXT,
    diagnostic=_TEXT,
    remote_host=_TEXT,
    reason=st.none() | st.sampled_from(Reason),
    raw=_TEXT,
    extra=st.none() | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
def test_parsed_event_is_the_dataclass_built_the_usual_way(**fields: object) -> None:
    # It sets the slots by name order; a field added, removed or moved must break this test.
    assert tuple(f.name for f in dataclasses.fields(ParsedEvent)) == ParsedEvent.__slots__
    given_fields = {"source": "feed:1", "recipient": "a@example.nl", "key": "k", **fields}
    usual = ParsedEvent(**{**given_fields, "extra": fields["extra"] or {}})  # type: ignore[arg-type]
    fast = parsed_event(**given_fields)  # type: ignore[arg-type]
    assert fast == usual
    assert [getattr(fast, name) for name in ParsedEvent.__slots__] == [
        getattr(usual, name) for name in ParsedEvent.__slots__
    ]
    assert hash(fast.at) == hash(usual.at)


def test_parsed_event_stays_frozen() -> None:
    event = parsed_event("f:1", EventType.DELIVERED, "a@example.nl", datetime.now(UTC), "k")
    assert event.extra == {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.recipient = "b@example.nl"  # type: ignore[misc]
