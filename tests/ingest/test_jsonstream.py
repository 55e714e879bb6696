"""Streaming JSON: huge arrays element by element with byte offsets, JSON lines with lines."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import BadRecord
from desktop.ingest import jsonstream
from desktop.ingest.jsonstream import JsonRecord, iter_json, read_lines


def _records(path: Path) -> tuple[list[JsonRecord], list[BadRecord]]:
    good: list[JsonRecord] = []
    bad: list[BadRecord] = []
    for item in iter_json(str(path)):
        (bad if isinstance(item, BadRecord) else good).append(item)  # type: ignore[arg-type]
    return good, bad


def _offset(source: str) -> int:
    return int(source.rsplit(":", 1)[1])


def test_array_elements_carry_their_byte_offset_across_chunks(tmp_path: Path) -> None:
    # Non-ASCII text makes byte and character offsets differ; 3,000 records span many chunks.
    elements = [{"n": i, "text": "héllo wörld " * (i % 7)} for i in range(3000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(elements, ensure_ascii=False, indent=1), encoding="utf-8")
    good, bad = _records(path)
    assert bad == []
    assert [r.value for r in good] == elements
    data = path.read_bytes()
    for record in good[::97]:
        offset = _offset(record.source)
        assert data[offset : offset + 1] == b"{"
        assert json.loads(data[offset:].decode("utf-8")[: len(record.text)]) == record.value


def test_a_damaged_element_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "damaged.json"
    path.write_text('[{"a": 1},\n {"b": 2, oops},\n {"c": 3},\n 42]')
    good, bad = _records(path)
    assert [r.value for r in good] == [{"a": 1}, {"c": 3}, 42]
    assert len(bad) == 1
    assert _offset(bad[0].source) == path.read_bytes().index(b'{"b"')


def test_unterminated_array_and_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_bytes(b'[{"a": 1}, {"b": "\xff\xfe"}, {"c": 3}, {"d": ')
    good, bad = _records(path)
    assert [r.value for r in good] == [{"a": 1}, {"c": 3}]
    assert [b.why for b in bad] == ["record is not valid UTF-8", "invalid JSON"]


def test_a_byte_order_mark_counts_in_offsets(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf[{"a": 1}, {"b": 2}]')
    good, bad = _records(path)
    assert bad == []
    assert [(_offset(r.source), r.value) for r in good] == [(4, {"a": 1}), (14, {"b": 2})]


def test_a_byte_order_mark_before_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "bom.ndjson"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n')
    good, bad = _records(path)
    assert bad == []
    assert [r.value for r in good] == [{"a": 1}, {"b": 2}]


def test_concatenated_posts_one_array_per_line(tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_text('[{"a": 1}, {"a": 2}]\n[{"a": 3}]\n{"a": 4}\n')
    good, bad = _records(path)
    assert bad == []
    assert [r.value["a"] for r in good] == [1, 2, 3, 4]


def test_json_lines_report_bad_lines_by_number(tmp_path: Path) -> None:
    path = tmp_path / "lines.ndjson"
    path.write_text('{"a": 1}\n\n{"a": \nnot json\n"string"\n{"a": 2}\n{"a": 3')
    good, bad = _records(path)
    assert [(r.source.rsplit(":", 1)[1], r.value) for r in good] == [
        ("1", {"a": 1}),
        ("6", {"a": 2}),
    ]
    assert [b.source.rsplit(":", 1)[1] for b in bad] == ["3", "4", "5", "7"]


def test_pretty_printed_objects_take_their_first_line(tmp_path: Path) -> None:
    one = json.dumps({"a": {"b": [1, 2]}, "c": "x"}, indent=2)
    path = tmp_path / "pretty.json"
    path.write_text(f"{one}\n{one}\n")
    good, bad = _records(path)
    assert bad == []
    assert [r.source.rsplit(":", 1)[1] for r in good] == ["1", str(one.count("\n") + 2)]


def test_a_missing_file_is_a_bad_record_not_a_crash(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.json")
    assert [b.source for b in iter_json(missing)] == [missing]
    assert [b.source for b in read_lines(missing)] == [missing]  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_large_array_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    record = json.dumps({"event": "delivered", "email": "x@example.nl", "pad": "p" * 200})
    with path.open("w") as handle:
        handle.write("[")
        handle.write(",\n".join([record] * 40_000))  # ~10 MB
        handle.write("]")
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_json(str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000
    assert peak < 2 * 1024 * 1024, peak


def _line_by_line(path: str, limit: int) -> list[tuple[int, str] | BadRecord]:
    """What `read_lines` must give: the file read with readline, one line at a time."""
    found: list[tuple[int, str] | BadRecord] = []
    with open(path, "rb") as handle:
        number = 0
        while raw := handle.readline(limit):
            number += 1
            if len(raw) == limit and not raw.endswith(b"\n"):
                while (rest := handle.readline(limit)) and not rest.endswith(b"\n"):
                    pass
                found.append(BadRecord(f"{path}:{number}", "line too long to be a record"))
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                found.append(BadRecord(f"{path}:{number}", "line is not valid UTF-8"))
                continue
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            found.append((number, text.rstrip("\r\n")))
    return found


_LINE_PIECES = st.sampled_from(
    [b"a", b"bc", b"\n", b"\r\n", b"\r", b"\xc3\xa9", b"\xff", b"\xef\xbb\xbf", b"xxxxxxxxxx", b""]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(_LINE_PIECES, max_size=40),
    block=st.integers(min_value=1, max_value=32),
    limit=st.integers(min_value=2, max_value=24),
)
def test_lines_read_a_block_at_a_time_are_the_lines_read_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pieces: list[bytes], block: int, limit: int
) -> None:
    # Small blocks and limits put every block boundary inside lines, endings and characters.
    monkeypatch.setattr(jsonstream, "_LINE_BLOCK", block)
    path = tmp_path / "lines.log"
    path.write_bytes(b"".join(pieces))
    got = list(read_lines(str(path), limit))
    assert got == _line_by_line(str(path), limit)
