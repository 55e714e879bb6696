"""The line-at-a-time Postfix reader: the file reader's events, with its state saved anywhere."""

from __future__ import annotations

import json

import pytest

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest import postfix
from desktop.ingest.postfix_follow import PostfixLineReader
from tests.ingest.feed_expect import path_of

LOGS = ["maillog", "maillog.newyear", "maillog.iso", "maillog.bad"]


def _lines(path: str) -> list[bytes]:
    with open(path, "rb") as handle:
        return handle.read().split(b"\n")[:-1]


@pytest.mark.parametrize("name", LOGS)
def test_state_saved_after_every_line_gives_the_file_readers_events(name: str) -> None:
    path = path_of("postfix", name)
    expected = list(postfix.read([path], year=2026))
    got: list[ParsedEvent | BadRecord] = []
    state: object = None
    for number, line in enumerate(_lines(path), 1):
        # A new reader for every line, from the JSON text the database would hold.
        reader = PostfixLineReader(year=2026)
        if state is not None:
            reader.restore(json.loads(json.dumps(state)))
        try:
            text = line.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:  # as the follow source and the file reader report it
            got.append(BadRecord(f"{path}:{number}", "line is not valid UTF-8"))
        else:
            got.extend(reader.feed(text, path, number))
        state = reader.state()
    assert got == expected
    assert any(isinstance(record, ParsedEvent) for record in got)


def test_the_open_queue_ids_are_in_the_state() -> None:
    reader = PostfixLineReader(year=2026)
    line = (
        "Nov 27 21:35:01 mail01 postfix/cleanup[2002]: 4F1A2B3C4D: "
        "message-id=<invite-1001@platform.example>"
    )
    assert reader.feed(line, "log", 1) == ()
    state = reader.state()
    assert state["open"] == {"4F1A2B3C4D": ["invite-1001@platform.example", None, None, None]}
    assert state["year"] == 2026 and state["last_month"] == 11


@pytest.mark.parametrize("damaged", [None, "", "nonsense", [1, 2], {"v": 99}, {"v": 1, "open": 5}])
def test_a_damaged_state_starts_afresh(damaged: object) -> None:
    reader = PostfixLineReader()
    reader.restore(damaged)
    assert reader.state()["open"] == {}
