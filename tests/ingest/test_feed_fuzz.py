"""Whatever the bytes, the JSON feed readers yield only events and bad records, never raise."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.domain.validation import event_problem
from desktop.ingest import mailgun, mandrill, postmark, sendgrid, ses
from desktop.services.importing import ImportTuning, import_feed, read_feed
from desktop.store.database import Database
from tests.ingest.feed_expect import DATA, assert_sound, split

Reader = Callable[[list[str]], Iterator[ParsedEvent | BadRecord]]
READERS: dict[str, Reader] = {
    "sendgrid": sendgrid.read,
    "mailgun": mailgun.read,
    "postmark": postmark.read,
    "mandrill": mandrill.read,
    "ses": ses.read,
}
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _samples(fmt: str) -> list[Any]:
    """Every JSON record of the format's sample files, to mutate."""
    records: list[Any] = []
    for path in sorted((DATA / fmt).glob("*.json*")):
        text = path.read_text()
        try:
            value = json.loads(text)
        except ValueError:
            records.extend(json.loads(line) for line in text.splitlines() if line.strip())
            continue
        records.extend(value if isinstance(value, list) else [value])
    return records


def _first_good(fmt: str) -> Any:
    """A sample record that the format's mapper turns into at least one event."""
    mapper = MAPPERS[fmt]
    return next(
        r for r in SAMPLES[fmt] if any(isinstance(e, ParsedEvent) for e in mapper(r, "x:1", ""))
    )


MAPPERS = {
    "sendgrid": sendgrid.events_from,
    "mailgun": mailgun.events_from,
    "postmark": postmark.events_from,
    "mandrill": mandrill.events_from,
    "ses": ses.events_from,
}
SAMPLES = {fmt: _samples(fmt) for fmt in READERS}
GOOD = {fmt: json.dumps(_first_good(fmt)) for fmt in READERS}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(record: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [trail]
    if isinstance(record, dict):
        for key, value in record.items():
            found += _paths(value, (*trail, key))
    elif isinstance(record, list):
        for index, value in enumerate(record):
            found += _paths(value, (*trail, index))
    return found


def _mutate(record: Any, trail: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not trail:
        return value
    copy = json.loads(json.dumps(record))
    parent = copy
    for step in trail[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[trail[-1]]
    else:
        parent[trail[-1]] = value
    return copy


@pytest.mark.parametrize("fmt", list(READERS))
@FUZZ
@given(data=st.binary(max_size=3000), array=st.booleans())
def test_arbitrary_bytes(tmp_path: Path, fmt: str, data: bytes, array: bool) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(b"[" + data if array else data)
    assert_sound(list(READERS[fmt]([str(path)])))


@pytest.mark.parametrize("fmt", list(READERS))
@FUZZ
@given(data=st.data(), value=JSON_VALUES, delete=st.booleans(), cut=st.integers(0, 400))
def test_mutated_valid_records(
    tmp_path: Path, fmt: str, data: st.DataObject, value: Any, delete: bool, cut: int
) -> None:
    record = data.draw(st.sampled_from(SAMPLES[fmt]))
    trail = data.draw(st.sampled_from(_paths(record)))
    mutated = json.dumps(_mutate(record, trail, value, delete))
    if cut:
        mutated = mutated[:-cut] or "{"
    path = tmp_path / "mutated.ndjson"
    path.write_text(f"{GOOD[fmt]}\n{mutated}\n{GOOD[fmt]}\n")
    items = list(READERS[fmt]([str(path)]))
    assert_sound(items)
    events, bad = split(items)
    assert all(b.source.startswith(f"{path}:2") for b in bad)
    # the damage stays on its own line: the good records around it are still imported
    assert {f"{path}:1", f"{path}:3"} <= {e.source for e in events}


# --- the edges a hostile record reaches: stored on both engines, or reported by line --------

LONG_ADDRESS = "a" * 5000 + "@example.nl"
EDGE_STRINGS = st.sampled_from(
    [
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59.999999+00:00",
        "0001-01-01T00:00:00Z",
        "253402300799",  # 9999-12-31 as epoch seconds
        LONG_ADDRESS,
        "<" + LONG_ADDRESS + ">",
        "x" * 400 + "@example.nl",
        "m" * 1200 + "@platform.example",
        "no-at-sign.example.nl",
        "nul\x00@example.nl",
        "esc\x1b[31m@example.nl",
        "bell\x07@example.nl",
        "c1\x9b@example.nl",
        "lone\ud800@example.nl",
        "@example.nl",
        "jan@",
    ]
) | st.text(max_size=30)
EDGE_FIELDS = ("email", "recipient", "Email", "Recipient", "emailAddress", "MessageID",
               "message_id", "sg_message_id", "from", "From", "timestamp", "ts", "time",
               "BouncedAt", "ReceivedAt", "DeliveredAt", "timestamp", "mail", "source")  # fmt: skip


def _edge_trails(record: Any) -> list[tuple[Any, ...]]:
    """The paths to fields whose name says address, id, sender or time."""
    return [t for t in _paths(record) if t and str(t[-1]) in EDGE_FIELDS] or [()]


@pytest.mark.parametrize("fmt", list(READERS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), value=EDGE_STRINGS)
def test_edge_values_are_bad_records_and_their_siblings_stored(
    tmp_path: Path, database: Database, fmt: str, data: st.DataObject, value: str
) -> None:
    record = data.draw(st.sampled_from(SAMPLES[fmt]))
    trail = data.draw(st.sampled_from(_edge_trails(record)))
    path = tmp_path / "edge.ndjson"
    path.write_text(f"{GOOD[fmt]}\n{json.dumps(_mutate(record, trail, value, False))}\n")
    records, _ = read_feed(fmt, [str(path)])
    # What the import is handed is storable: a poison value became a bad record, never an event.
    assert all(event_problem(r) is None for r in records if isinstance(r, ParsedEvent))
    summary = import_feed(
        database, fmt, [str(path)], tuning=ImportTuning(reader_process=False), actor="fuzz"
    )
    assert all(b.source.startswith(f"{path}:2") for b in summary.bad_records)
    # Whatever the bad record was, the transaction held: every event read is stored or known.
    assert summary.imported + summary.duplicates == summary.events
    with database.unit_of_work() as uow:
        for event in READERS[fmt]([str(path)]):
            if isinstance(event, ParsedEvent) and event.source.startswith(f"{path}:1"):
                assert uow.messages.latest_to(event.recipient) is not None
