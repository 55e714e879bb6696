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
_ESCAPED_FROM = re.compile(rb"^>(>*From )")


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

    A plain .eml file goes through here too, so that one holding a second message behind an
    mbox envelope line yields both; its ">From " lines are left as they are.
    """
    separator = _FROM_LINE if mbox else _STRICT_FROM_LINE
    lines: list[bytes] = []
    start = 0
    offset = 0
    previous_blank = True
    count = 0
    for line in handle:
        if line.startswith(b"From ") and (
            (previous_blank and separator.match(line)) or _STRICT_FROM_LINE.match(line)
        ):
            if lines:
                count += 1
                yield RawMessage(f"{path}:{start}", b"".join(lines), path)
            lines = []
            start = offset
        elif mbox and line.startswith(b">") and _ESCAPED_FROM.match(line):
            lines.append(line[1:])
        else:
            lines.append(line)
        offset += len(line)
        previous_blank = line in (b"\n", b"\r\n", b"\r")
    if lines or not count:
        # An empty file is still reported, as an empty message, so the user hears of it.
        yield RawMessage(f"{path}:{start}", b"".join(lines), path)
