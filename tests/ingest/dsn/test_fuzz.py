"""Whatever the bytes, the DSN reader yields only events and bad records, and never raises."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.domain.validation import event_problem
from desktop.ingest.dsn import classify_mail, parse_mail, read_date
from desktop.ingest.dsn.mail_mime import decode_words
from desktop.ingest.dsn.mail_source import RawMessage
from desktop.services.importing import ImportTuning, import_feed, read_feed
from desktop.store.database import Database

DATA = Path(__file__).resolve().parents[2] / "data" / "dsn"
SAMPLES = [path.read_bytes() for path in sorted(DATA.glob("*.eml"))]
WHEN = datetime.fromisoformat("2026-01-01T00:00:00+00:00")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Fragments that steer mutations into the parser's interesting corners.
TOKENS = [
    b"\n",
    b"\n\n",
    b"\r",
    b"--",
    b"boundary=",
    b"Content-Type: multipart/report; boundary=x\n",
    b"Content-Transfer-Encoding: base64\n",
    b"=?utf-8?b?",
    b"Final-Recipient: rfc822; ",
    b"Status: 5.",
    b"Action: ",
    b"@",
    b"<",
    b">",
    b"\x00",
    b"\xff\xfe",
    b"\x1b$B",
    b"From x Thu Apr 29 23:34:45 2015\n",
    b"Diagnostic-Code: smtp; 550 ",
    b"charset=bogus",
]


def assert_sound(data: bytes) -> None:
    kind, results = parse_mail(RawMessage("fuzz:0", data, "fuzz"), WHEN)
    assert kind in (None, "bounce", "feedback", "autoreply", "not_bounce")
    for item in results:
        assert isinstance(item, (ParsedEvent, BadRecord))
        assert item.source == "fuzz:0"
        # The reader's last-resort guard must not be what keeps it alive: that would be a bug.
        assert not (isinstance(item, BadRecord) and item.why.startswith("could not parse")), item
        if isinstance(item, ParsedEvent):
            assert item.at.tzinfo is not None
            assert item.recipient
            assert item.status is None or item.status[0] in "245"
    assert classify_mail(data) in ("bounce", "feedback", "autoreply", "not_bounce")


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_sound(data)


@FUZZ
@given(
    st.sampled_from(SAMPLES),
    st.lists(
        st.tuples(
            st.floats(0, 1),
            st.integers(0, 200),
            st.sampled_from([b"", *TOKENS]) | st.binary(max_size=20),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_samples(sample: bytes, edits: list[tuple[float, int, bytes]]) -> None:
    data = sample
    for where, cut, insert in edits:
        at = int(where * len(data))
        data = data[:at] + insert + data[at + cut :]
    assert_sound(data)


def test_every_truncation_of_a_report_is_sound() -> None:
    sample = (DATA / "broken_report.eml").read_bytes()
    for end in itertools.chain(range(0, len(sample), 7), [len(sample)]):
        assert_sound(sample[:end])


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)),
    st.integers(-720, 840),
)
def test_dates_read_like_the_email_package(moment: datetime, minutes: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))
    text = format_datetime(aware)
    assert read_date(text) == parsedate_to_datetime(text).astimezone(UTC) == aware


def test_an_encoded_word_that_is_not_base64_is_kept_as_written() -> None:
    # Hypothesis found it: the email package raises HeaderParseError, not a ValueError.
    assert decode_words("Tickets =?utf-8?b?abcde?=") == "Tickets =?utf-8?b?abcde?="
    sample = (DATA / "rfc3464.eml").read_bytes()
    broken = sample.replace(b"Message-ID: <order-1234", b"Message-ID: =?utf-8?b?abcde?= <order")
    assert broken != sample
    assert_sound(broken)


# --- edge values in the fields a DSN names: reported by file or stored, on both engines -----

EDGE_VALUES = st.sampled_from(
    [
        "Fri, 31 Dec 9999 23:59:59 +0000",
        "Mon, 1 Jan 0001 00:00:00 +0000",
        "a" * 5000 + "@example.nl",
        "x" * 400 + "@festival.example",
        "<" + "m" * 1000 + "@sender.example>",
        "no-at-sign",
        "esc\x1b[31m@example.nl",
        "bell\x07@example.nl",
    ]
) | st.text(st.characters(codec="utf-8"), max_size=40)
EDGE_HEADERS = [
    b"Date: ",
    b"Arrival-Date: ",
    b"Final-Recipient: rfc822; ",
    b"Original-Recipient: rfc822;",
    b"Message-ID: ",
    b"From: ",
]


def _with_edge(sample: bytes, header: bytes, value: str) -> bytes:
    """`sample` with the value of the first `header` line replaced (or the line added on top)."""
    start = sample.find(b"\n" + header)
    encoded = value.replace("\n", " ").replace("\r", " ").encode("utf-8", "surrogatepass")
    if start < 0:
        return header + encoded + b"\n" + sample
    start += 1 + len(header)
    end = sample.find(b"\n", start)
    return sample[:start] + encoded + sample[end:]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(SAMPLES), st.sampled_from(EDGE_HEADERS), EDGE_VALUES)
def test_edge_values_import_or_are_reported_on_both_engines(
    tmp_path_factory: pytest.TempPathFactory,
    database: Database,
    sample: bytes,
    header: bytes,
    value: str,
) -> None:
    folder = tmp_path_factory.mktemp("edge")
    good = folder / "1-good.eml"
    good.write_bytes((DATA / "rfc3464.eml").read_bytes())
    edged = folder / "2-edge.eml"
    edged.write_bytes(_with_edge(sample, header, value))
    records, _ = read_feed("dsn", [str(good), str(edged)])
    assert all(event_problem(r) is None for r in records if isinstance(r, ParsedEvent))
    summary = import_feed(
        database, "dsn", [str(good), str(edged)], tuning=ImportTuning(reader_process=False)
    )
    assert all(b.source.startswith(str(edged)) for b in summary.bad_records)
    assert summary.imported + summary.duplicates == summary.events
    with database.unit_of_work() as uow:
        assert uow.messages.latest_to("jan@example.nl") is not None
