"""How far an import is through its files, estimated from the sources of the events read."""

from __future__ import annotations

import os
from collections.abc import Sequence

from desktop.domain.model import ParsedEvent

SAMPLE_BYTES = 1 << 20  # read from each file's start to learn its bytes per line
MOST_SHOWN = 0.99  # an estimate never claims the reading is over: only its end says so


def bytes_per_line(path: str) -> float | None:
    """The average line length in the first SAMPLE_BYTES of `path` (None: no line ends)."""
    try:
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    except OSError:
        return None
    lines = sample.count(b"\n")
    return len(sample) / lines if lines else None


class FilePosition:
    """Estimates how far through the files a reader is, from the sources of its events.

    Sources end in a line number or a byte offset (JSON arrays). A line number is turned
    into bytes with the file's average line length, sampled from its start: every line
    counts, not only the event lines (in a postfix log those are the longer ones, and
    their length made the estimate reach 99 % at half the file).
    """

    def __init__(self, paths: Sequence[str]) -> None:
        self._sizes: dict[str, int] = {}
        for path in paths:
            try:
                self._sizes[path] = os.path.getsize(path)
            except OSError:
                self._sizes[path] = 0
        self._total = sum(self._sizes.values())
        self._line_bytes: dict[str, float | None] = {}
        self._done: set[str] = set()
        self._path: str | None = None
        self._number = 0
        self._raw_bytes = 0
        self._events = 0
        self.source: str | None = None

    def seen(self, event: ParsedEvent) -> None:
        self.source = event.source
        path, _, tail = event.source.rpartition(":")
        if path not in self._sizes:
            return
        if path != self._path:
            if self._path is not None:
                self._done.add(self._path)
            self._path, self._raw_bytes, self._events = path, 0, 0
            if path not in self._line_bytes:
                self._line_bytes[path] = bytes_per_line(path)
        self._events += 1
        self._raw_bytes += len(event.raw or "") + 1
        if tail.isdigit():
            self._number = int(tail)

    def seen_many(self, events: Sequence[ParsedEvent]) -> None:
        """`seen` for each of `events`, in one go while they come from one file."""
        path, _, tail = events[-1].source.rpartition(":")
        if path != self._path or events[0].source.rpartition(":")[0] != path:
            for event in events:  # the first events, or a new file: its size counts as done
                self.seen(event)
            return
        self.source = events[-1].source
        self._events += len(events)
        self._raw_bytes += sum([len(event.raw or "") for event in events]) + len(events)
        if tail.isdigit():
            self._number = int(tail)

    def fraction(self) -> float | None:
        if self._total <= 0 or self._path is None:
            return None
        done = sum(self._sizes[path] for path in self._done)
        size = self._sizes[self._path]
        line_bytes = self._line_bytes.get(self._path)
        if self._number * 2 >= self._raw_bytes:
            position = float(self._number)  # a byte offset
        elif line_bytes is not None:
            position = self._number * line_bytes
        else:  # no line ends in the sample: the records' own length is all there is
            position = self._number * self._raw_bytes / max(self._events, 1)
        return min(MOST_SHOWN, (done + min(position, size)) / self._total)
