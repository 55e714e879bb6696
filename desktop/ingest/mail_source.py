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
        elif first.startswith(b"From "):
            yield from _iter_mbox(path, handle)
        else:
            data = handle.read()
            yield RawMessage(f"{path}:0", data, path)
    except OSError as exc:
        yield (f"{path}:0", f"cannot read file: {exc.strerror or exc}")
    finally:
        handle.close()


def _iter_mbox(path: str, handle: BinaryIO) -> Iterator[RawMessage]:
    """Split an mbox at "From " lines that follow a blank line; never holds more than a message."""
    lines: list[bytes] = []
    start = 0
    offset = 0
    previous_blank = True
    for line in handle:
        if previous_blank and line.startswith(b"From ") and _FROM_LINE.match(line):
            if lines:
                yield RawMessage(f"{path}:{start}", b"".join(lines), path)
            lines = []
            start = offset
        elif line.startswith(b">") and _ESCAPED_FROM.match(line):
            lines.append(line[1:])
        else:
            lines.append(line)
        offset += len(line)
        previous_blank = line in (b"\n", b"\r\n", b"\r")
    if lines:
        yield RawMessage(f"{path}:{start}", b"".join(lines), path)
