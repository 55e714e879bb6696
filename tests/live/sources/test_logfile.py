"""Lines out of a growing file: unfinished lines wait, offsets point after each line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.live.sources.logfile import MAX_LINE, LineChunker, rotated_candidates


def test_an_unfinished_line_waits_for_its_end() -> None:
    chunker = LineChunker(100)
    assert chunker.feed(b"first\nsec") == [(b"first", 106)]
    assert chunker.waiting == 3 and chunker.offset == 106
    assert chunker.feed(b"ond\r\n") == [(b"second", 114)]
    assert chunker.waiting == 0
    assert chunker.feed(b"last") == [] and chunker.finish() == (b"last", 118)


def test_an_endless_line_is_skipped_to_its_end() -> None:
    chunker = LineChunker(0)
    assert chunker.feed(b"x" * (MAX_LINE + 1)) == []
    assert chunker.too_long == 1 and chunker.waiting == 0
    assert chunker.feed(b"yyy\nnext\n") == [(b"next", MAX_LINE + 1 + 9)]


@given(st.binary(max_size=300), st.lists(st.integers(1, 40), max_size=20))
def test_any_split_gives_the_same_lines_and_offsets(data: bytes, cuts: list[int]) -> None:
    whole = LineChunker(7).feed(data)
    chunker = LineChunker(7)
    pieces: list[tuple[bytes, int]] = []
    start = 0
    for size in [*cuts, len(data)]:
        pieces.extend(chunker.feed(data[start : start + size]))
        start += size
    assert pieces == whole
    assert chunker.offset == 7 + (data.rfind(b"\n") + 1)


def test_rotated_files_are_found_newest_first_without_compressed_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    for age, name in enumerate(["mail.log.2", "mail.log.1", "mail.log-20261205", "mail.log.3.gz"]):
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (1000 + age, 1000 + age))
    (tmp_path / "mail.log").write_text("x")
    (tmp_path / "mail.logger").write_text("x")
    found = [os.path.basename(p) for p in rotated_candidates(str(tmp_path / "mail.log"))]
    assert found == ["mail.log-20261205", "mail.log.1", "mail.log.2"]
