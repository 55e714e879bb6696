"""Streaming readers of text and JSON feed files: lines, JSON lines, and huge JSON arrays."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.feedkit import ReadStats, Skipped

MAX_RECORD = 4 * 1024 * 1024  # one record larger than this is damage, not data
_CHUNK = 1 << 16
_LINE_BLOCK = 1 << 20
_WS = " \t\r\n"
# Where the next array element or top-level value may start after a damaged one.
_RESYNC = re.compile(r"[,\[\n]\s*(?=[{\[])")

Mapper = Callable[[dict[str, Any], str, str], Iterable["ParsedEvent | BadRecord | Skipped"]]
# What a mapper may raise on a record whose shape is not what the provider documents.
MAPPING_ERRORS = (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError)


class JsonRecord(NamedTuple):
    """One JSON value read from a feed file, with where it was and its text.

    A named tuple rather than a frozen dataclass: one is built per record, and it is cheaper.
    """

    source: str
    value: Any
    text: str


def read_lines(path: str, limit: int = MAX_RECORD) -> Iterator[tuple[int, str] | BadRecord]:
    """The lines of a file with their 1-based numbers; undecodable or endless lines are bad."""
    for item in read_line_blocks(path, limit):
        if isinstance(item, BadRecord):
            yield item
        else:
            yield from enumerate(item[1], item[0])


def read_line_blocks(
    path: str, limit: int = MAX_RECORD
) -> Iterator[tuple[int, list[str]] | BadRecord]:
    """`read_lines` a block at a time: (number of the first line, lines), bad lines between.

    Decoding and splitting a megabyte at once costs a third of doing it line by line, and a
    reader that loops over the lists saves a generator step per line too. Lines lose their
    line ending; a line of `limit` bytes or more, or one that is not UTF-8, is a bad record.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below, after the check
    except OSError as exc:
        yield BadRecord(source=path, why=f"cannot read the file: {exc.strerror or exc}")
        return
    with handle:
        number = 1  # of the first line not yet handed out
        tail = b""  # the start of a line the next block goes on with
        endless = False  # inside a line already reported too long: skip to its end
        while block := handle.read(_LINE_BLOCK):
            cut = block.rfind(b"\n")
            if cut < 0:
                if not endless:
                    tail += block
                    if len(tail) >= limit:
                        endless, tail = True, b""
                continue
            whole, tail = tail + block[: cut + 1], block[cut + 1 :]
            if endless:
                # The rest of an endless line, then whole lines.
                first_end = whole.index(b"\n")
                yield BadRecord(source=f"{path}:{number}", why="line too long to be a record")
                number, whole, endless = number + 1, whole[first_end + 1 :], False
            yield from _split_lines(path, number, whole, limit)
            number += whole.count(b"\n")
            if len(tail) >= limit:
                endless, tail = True, b""
        if endless:
            yield BadRecord(source=f"{path}:{number}", why="line too long to be a record")
        elif tail:
            yield from _split_lines(path, number, tail + b"\n", limit)


def _split_lines(
    path: str, number: int, whole: bytes, limit: int
) -> Iterator[tuple[int, list[str]] | BadRecord]:
    """The lines of `whole` (complete lines, each ending in a newline) from line `number`."""
    if not whole:
        return
    if len(whole) < limit:
        try:
            text = whole.decode("utf-8")
        except UnicodeDecodeError:
            pass  # find the bad lines one by one below
        else:
            lines = text.split("\n")
            lines.pop()  # after the last newline
            if "\r" in text:
                lines = [line.rstrip("\r") for line in lines]
            if number == 1 and lines[0].startswith("\ufeff"):
                lines[0] = lines[0][1:]  # a byte order mark some Windows tools write
            yield number, lines
            return
    good: list[str] = []
    first = number
    for raw in whole.split(b"\n")[:-1]:
        why = None
        if len(raw) >= limit:
            why = "line too long to be a record"
        else:
            try:
                line = raw.decode("utf-8").rstrip("\r")
            except UnicodeDecodeError:
                why = "line is not valid UTF-8"
        if why is None:
            if number == 1 and line.startswith("\ufeff"):
                line = line[1:]
            good.append(line)
        else:
            if good:
                yield first, good
                good = []
            yield BadRecord(source=f"{path}:{number}", why=why)
            first = number + 1
        number += 1
    if good:
        yield first, good


def iter_json(path: str) -> Iterator[JsonRecord | BadRecord]:
    """JSON values in a file: a (huge) array streamed element by element, else one per line.

    Array elements get ":<byte offset>" sources; values in a line-oriented file get ":<line>",
    and a pretty-printed object spanning lines gets the line it starts on.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_CHUNK).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        yield BadRecord(source=path, why=f"cannot read the file: {exc.strerror or exc}")
        return
    if head.startswith(b"["):
        yield from _stream_values(path)
    else:
        yield from _line_values(path)


def _json_values(value: Any, source: str, text: str) -> Iterator[JsonRecord]:
    if isinstance(value, list):
        for element in value:
            yield JsonRecord(source, element, json.dumps(element, ensure_ascii=False))
    else:
        yield JsonRecord(source, value, text)


def _line_values(path: str) -> Iterator[JsonRecord | BadRecord]:
    pending: list[str] = []  # lines of a value spread over several lines (pretty-printed)
    size = start = 0
    resyncing = False  # after a damaged multi-line value: wait for the next top-level one
    for item in read_lines(path):
        if isinstance(item, BadRecord):
            yield item
            continue
        number, line = item
        if pending and line[:1] not in ("", " ", "\t", "}", "]"):
            # Inside a pretty-printed value every line is indented or closes it: this one
            # starts something new, so the pending value never closed.
            yield BadRecord(source=f"{path}:{start}", why="invalid JSON: the record never ends")
            pending, size = [], 0
        if pending:
            pending.append(line)
            size += len(line)
            if size > MAX_RECORD:
                yield BadRecord(source=f"{path}:{start}", why="record too long")
                pending, size, resyncing = [], 0, True
            elif line[:1] in ("}", "]"):
                text = "\n".join(pending)
                pending, size = [], 0
                try:
                    value = json.loads(text)
                except (ValueError, RecursionError) as exc:
                    yield BadRecord(source=f"{path}:{start}", why=f"invalid JSON: {_why(exc)}")
                    resyncing = True
                    continue
                yield from _json_values(value, f"{path}:{start}", text)
            continue
        top_level_open = line[:1] in ("{", "[")
        if top_level_open and not resyncing:
            try:  # the common case: one whole JSON value on its line
                value = json.loads(line)
            except (ValueError, RecursionError):
                pending, size, start = [line], len(line), number
                continue
            if value.__class__ is list:
                yield from _json_values(value, f"{path}:{number}", line)
            else:
                yield JsonRecord(f"{path}:{number}", value, line)
            continue
        stripped = line.strip()
        if not stripped or (resyncing and not top_level_open):
            continue
        resyncing = False
        if stripped[0] not in "{[":
            yield BadRecord(source=f"{path}:{number}", why="not a JSON object")
            continue
        try:
            value = json.loads(stripped)
        except (ValueError, RecursionError):
            pending, size, start = [line], len(line), number
            continue
        yield from _json_values(value, f"{path}:{number}", stripped)
    if pending:
        yield BadRecord(source=f"{path}:{start}", why="invalid JSON: the file ends inside it")


def _why(exc: Exception) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__


def _byte_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogateescape"))


class _Window:
    """A sliding text window over a binary file, tracking the byte offset of a mark."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self.buf = ""
        self.eof = False
        self._mark = 0  # index into buf whose byte offset is _mark_bytes
        self._mark_bytes = 0

    def fill(self, size: int = _CHUNK) -> bool:
        """Read more text; False at the end of the file."""
        if self.eof:
            return False
        data = self._handle.read(size)
        self.buf += self._decoder.decode(data, final=not data)
        self.eof = not data
        return bool(data)

    def offset(self, index: int) -> int:
        """Byte offset of buf[index]; indexes asked for never go backwards."""
        self._mark_bytes += _byte_len(self.buf[self._mark : index])
        self._mark = index
        return self._mark_bytes

    def drop_before(self, index: int) -> int:
        self.offset(index)
        self.buf = self.buf[index:]
        self._mark = 0
        return 0


def _stream_values(path: str) -> Iterator[JsonRecord | BadRecord]:
    decoder = json.JSONDecoder()
    with open(path, "rb") as handle:
        window = _Window(handle)
        window.fill()
        pos = 1 if window.buf.startswith("\ufeff") else 0  # offsets still count the BOM's bytes
        depth = 0
        while True:
            if pos > _CHUNK:
                pos = window.drop_before(pos)
            while pos < len(window.buf) and window.buf[pos] in _WS:
                pos += 1
            if pos >= len(window.buf):
                if window.fill():
                    continue
                if depth:
                    yield BadRecord(f"{path}:{window.offset(pos)}", "the JSON array never ends")
                return
            char = window.buf[pos]
            if char == "[" and depth == 0:
                depth, pos = 1, pos + 1
                continue
            if depth and char in ",]":
                depth, pos = (depth if char == "," else 0), pos + 1
                continue
            result = _decode_at(decoder, window, pos)
            source = f"{path}:{window.offset(pos)}"
            if isinstance(result, int):
                yield BadRecord(source, "invalid JSON")
                pos = _resync(window, pos + 1)
                if pos >= len(window.buf):
                    depth = 0  # the damage ran to the end: one report is enough
                continue
            value, end = result
            text = window.buf[pos:end]
            pos = end
            if not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    yield BadRecord(source, "record is not valid UTF-8")
                    continue
            yield JsonRecord(source, value, text)


def _decode_at(decoder: json.JSONDecoder, window: _Window, pos: int) -> tuple[Any, int] | int:
    """The value starting at `pos` and where it ends, reading on as far as it needs."""
    size = _CHUNK
    while True:
        try:
            value, end = decoder.raw_decode(window.buf, pos)
        except (ValueError, RecursionError):
            end = -1
        if end != -1 and (end < len(window.buf) or window.eof):
            return value, end
        if len(window.buf) - pos > MAX_RECORD or not window.fill(size):
            return pos if end == -1 else (value, end)
        size = min(size * 2, MAX_RECORD)


def _resync(window: _Window, pos: int) -> int:
    """The start of the next value that might be whole, after a damaged one."""
    while True:
        found = _RESYNC.search(window.buf, pos)
        if found:
            return found.end()
        pos = window.drop_before(max(pos, len(window.buf) - 64))
        if not window.fill():
            return len(window.buf)


def read_json_feed(
    paths: Sequence[str], mapper: Mapper, stats: ReadStats | None = None
) -> Iterator[ParsedEvent | BadRecord]:
    """Run `mapper` over every JSON object in `paths`; damage becomes a BadRecord, never a raise."""
    for path in paths:
        for item in iter_json(path):
            results = _mapped(item, mapper, stats)
            if results:
                yield from results


def _mapped(
    item: JsonRecord | BadRecord, mapper: Mapper, stats: ReadStats | None
) -> list[ParsedEvent | BadRecord]:
    if isinstance(item, BadRecord):
        return [item]
    if not isinstance(item.value, dict):
        return [BadRecord(item.source, "not a JSON object")]
    try:
        results = list(mapper(item.value, item.source, item.text))
    except MAPPING_ERRORS as exc:
        return [BadRecord(item.source, f"unusable record ({type(exc).__name__})")]
    kept: list[ParsedEvent | BadRecord] = []
    for result in results:
        if isinstance(result, Skipped):
            if stats is not None:
                stats.skipped[result.what] += 1
        else:
            kept.append(result)
    return kept


def map_record(
    item: JsonRecord | BadRecord, mapper: Mapper, stats: ReadStats | None
) -> Iterator[ParsedEvent | BadRecord]:
    """What `mapper` makes of one record read by `iter_json` (or a BadRecord passed on)."""
    yield from _mapped(item, mapper, stats)
