"""Stream raw messages, one at a time, out of .eml files, mbox files and Maildir folders."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

# An mbox separator is "From " + envelope sender + a date; requiring a digit after the sender
# keeps body lines such as "From the desk of ..." from splitting a message.
_FROM_LINE = re.compile(rb"^From \S*.*\d")
# Inside a file that is not an mbox, only a full "From sender Thu Apr 29 23:34:45 2015" line
# (the mbox envelope line) separates a second message.
_STRICT_FROM_LINE = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d\d"
)
# mboxrd/mboxo escape: ">From " (any number of ">") inside a message body.
_ESCAPED_FROM = re.compile(rb"(?m)^>(>*From )")
_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message as stored: where it is (`source` = path:offset) and its bytes."""

    source: str
    data: bytes
    path: str


def iter_messages(paths: Sequence[str]) -> Iterator[RawMessage | tuple[str, str]]:
    """Every message under `paths`; an unreadable path yields (source, why) instead."""
    for path in paths:
        if os.path.isdir(path):
            yield from _iter_maildir(path)
        else:
            yield from _iter_file(path)


def _iter_maildir(folder: str) -> Iterator[RawMessage | tuple[str, str]]:
    subdirs = [os.path.join(folder, sub) for sub in ("new", "cur")]
    subdirs = [sub for sub in subdirs if os.path.isdir(sub)] or [folder]
    for sub in subdirs:
        try:
            names = sorted(os.listdir(sub))
        except OSError as exc:
            yield (f"{sub}:0", f"cannot list folder: {exc.strerror or exc}")
            continue
        for name in names:
            full = os.path.join(sub, name)
            if not name.startswith(".") and os.path.isfile(full):
                yield from _iter_file(full)


def _iter_file(path: str) -> Iterator[RawMessage | tuple[str, str]]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below, across yields
    except OSError as exc:
        yield (f"{path}:0", f"cannot open file: {exc.strerror or exc}")
        return
    try:
        first = handle.read(65536)
        handle.seek(0)
        if first.startswith(b"From ") and b"\n" not in first and b"\r" in first:
            # Old Mac files end lines with CR alone; one byte for another keeps the offsets.
            yield from _iter_mbox(path, io.BytesIO(handle.read().replace(b"\r", b"\n")))
        elif b"\n" not in first and b"\r" in first:
            yield RawMessage(f"{path}:0", handle.read(), path)
        else:
            yield from _iter_mbox(path, handle, mbox=first.startswith(b"From "))
    except OSError as exc:
        yield (f"{path}:0", f"cannot read file: {exc.strerror or exc}")
    finally:
        handle.close()


def _iter_mbox(path: str, handle: BinaryIO, mbox: bool = True) -> Iterator[RawMessage]:
    """Split at "From " lines that follow a blank line; never holds more than one message.

    Reads in blocks (a line-by-line loop costs more than parsing the bounce). A plain .eml file
    goes through here too, so that one holding a second message behind an mbox envelope line
    yields both; its ">From " lines are left as they are.
    """
    separator = _FROM_LINE if mbox else _STRICT_FROM_LINE
    buf = b""
    base = 0  # file offset of buf[0]
    start = 0  # where the current message's bytes begin in buf
    source_at = 0  # file offset reported for the current message
    scan = 0
    count = 0
    eof = False
    while not eof:
        chunk = handle.read(_BLOCK)
        eof = not chunk
        # Drop what was already yielded only here, once per block: trimming per message
        # would copy the rest of the block for every message.
        buf = buf[start:] + chunk
        base += start
        scan -= start
        start = 0
        while True:
            pos = buf.find(b"From ", scan)
            if pos < 0:
                scan = max(start, len(buf) - 4)
                break
            if pos and buf[pos - 1] != 0x0A:
                scan = pos + 1
                continue
            line_end = buf.find(b"\n", pos)
            if line_end < 0 and not eof:
                scan = pos
                break
            line = buf[pos : line_end if line_end >= 0 else len(buf)]
            blank = (
                base + pos == 0
                or buf[max(pos - 2, 0) : pos] == b"\n\n"
                or (buf[max(pos - 3, 0) : pos] == b"\n\r\n")
            )
            if not ((blank and separator.match(line)) or _STRICT_FROM_LINE.match(line)):
                scan = pos + 1
                continue
            if pos > start:
                count += 1
                yield RawMessage(f"{path}:{source_at}", _unescape(buf[start:pos], mbox), path)
            source_at = base + pos
            start = scan = line_end + 1 if line_end >= 0 else len(buf)
    if len(buf) > start or not count:
        # An empty file is still reported, as an empty message, so the user hears of it.
        yield RawMessage(f"{path}:{source_at}", _unescape(buf[start:], mbox), path)


def _unescape(data: bytes, mbox: bool) -> bytes:
    if mbox and b">From " in data:
        return _ESCAPED_FROM.sub(rb"\1", data)
    return data
