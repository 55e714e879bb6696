"""The event timeline: rows filled over a few turns, kept and refilled from message to message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.model import Event, EventType, Reason
from desktop.services.explain import deciding_spans
from desktop.ui.details.timeline import Timeline

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
UNKNOWN = "550 5.1.1 <jan@example.nl>: Recipient address rejected: User unknown"
FULL = "452 4.2.2 The email account that you tried to reach is over quota"


def _events(message: int, texts: list[str | None]) -> list[Event]:
    return [
        Event(
            id=message * 100 + number,
            message=message,
            type=EventType.SOFT_BOUNCE if text else EventType.SENT,
            at=NOW - timedelta(hours=len(texts) - number),
            reply_code=int(text[:3]) if text else None,
            diagnostic=text,
            reason=Reason.MAILBOX_FULL if text else None,
        )
        for number, text in enumerate(texts)
    ]


def _shown(timeline: Timeline) -> list[str | None]:
    return [
        row.server_text.toPlainText() if row.server_text is not None else None
        for row in timeline.rows
    ]


def test_rows_are_refilled_for_the_next_message_and_the_spare_ones_hidden(qtbot: QtBot) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.show()
    long = _events(1, [None, FULL, FULL, FULL, FULL, FULL, UNKNOWN])
    timeline.show_events(long, NOW, {long[-1].id}, deciding_spans(long))
    qtbot.waitUntil(timeline.is_complete)
    assert _shown(timeline) == [None, FULL, FULL, FULL, FULL, FULL, UNKNOWN]
    built = list(timeline.rows)

    short = _events(2, [None, UNKNOWN])
    timeline.show_events(short, NOW, set(), deciding_spans(short))
    qtbot.waitUntil(timeline.is_complete)
    assert _shown(timeline) == [None, UNKNOWN]
    assert timeline.rows == built[:2]  # the same widgets, refilled
    assert [row.isVisible() for row in built] == [True, True] + [False] * 5
    assert [row.shown_event for row in timeline.rows] == short


def test_the_deciding_phrase_is_highlighted_in_the_server_text(qtbot: QtBot) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    events = _events(3, [None, UNKNOWN])
    spans = deciding_spans(events)
    timeline.show_events(events, NOW, set(), spans)
    qtbot.waitUntil(timeline.is_complete)
    text = timeline.rows[1].server_text
    assert text is not None
    start, end = spans[events[1].id]
    assert text.highlighted == UNKNOWN[start:end] != ""
    assert len(text.extraSelections()) == 1
    # A message without a deciding phrase leaves no highlight behind on the reused row.
    plain = _events(4, [None, "421 try again later"])
    timeline.show_events(plain, NOW, set(), {})
    qtbot.waitUntil(timeline.is_complete)
    again = timeline.rows[1].server_text
    assert again is text and again.highlighted == "" and again.extraSelections() == []


def test_deciding_spans_point_into_each_server_text() -> None:
    events = _events(5, [None, UNKNOWN, FULL])
    spans = deciding_spans(events)
    assert set(spans) == {events[1].id, events[2].id}  # none for an event without text
    for event in events[1:]:
        start, end = spans[event.id]
        assert event.diagnostic is not None and 0 <= start < end <= len(event.diagnostic)
