"""[[follow]] format = "postfix": a mail log followed as it grows, resumed exactly after a restart.

Each chunk read is committed with the position after its last complete line and the Postfix
reader's half-assembled state, in one transaction: a crash at any moment resumes from the last
commit, with nothing lost and nothing read twice. Rotation (rename-and-create, copytruncate) is
followed as `tail -F` does; the rest of the rotated file is read before the new one.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any, BinaryIO

from desktop.domain.ingest_position import IngestPosition
from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.postfix_follow import PostfixLineReader
from desktop.live.sources.base import SourceCounts, SourceReport
from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.logfile import (
    READ_BYTES,
    FileIdentity,
    LineChunker,
    find_rotated,
    identity_of,
    still_same,
)
from desktop.live.sources.retry import run_with_retries

ROTATION_GRACE = 1.0  # seconds a renamed log must stay quiet before the new one is read
# At the end of the file, the wait before looking again: it adds half of itself to the average
# lag from append to commit, and an fstat and a read of nothing cost microseconds.
POLL_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class FollowSettings:
    """One [[follow]] entry of the config."""

    name: str
    path: str
    tz: tzinfo = UTC
    poll_seconds: float = POLL_SECONDS
    start_at_end: bool = False  # a source with no saved position skips what the file holds


class PostfixFollow:
    """Follows one Postfix log. `run` on one thread; `counts` may be read from any."""

    def __init__(self, settings: FollowSettings, committer: EventCommitter) -> None:
        self.name = settings.name
        self.counts = SourceCounts()
        self._settings = settings
        self._committer = committer

    def run(self, stop: threading.Event, report: SourceReport) -> None:
        run_with_retries(self.name, stop, report, self.counts, lambda: self._follow(stop, report))

    def _follow(self, stop: threading.Event, report: SourceReport) -> None:
        tail = _Tail(self._settings, self._committer, self.counts, report)
        try:
            tail.resume(stop)
            while not stop.is_set():
                if tail.read_chunk():
                    continue
                if tail.switch_if_rotated():
                    continue
                self.counts.polls += 1
                stop.wait(self._settings.poll_seconds)
        finally:
            tail.close()


class _Tail:
    """The file being read, where in it, and the reader's state: one `_follow` call's worth."""

    def __init__(
        self,
        settings: FollowSettings,
        committer: EventCommitter,
        counts: SourceCounts,
        report: SourceReport,
    ) -> None:
        self._settings = settings
        self._path = settings.path
        self._committer = committer
        self._counts = counts
        self._report = report
        self._reader = PostfixLineReader(tz=settings.tz)
        self._handle: BinaryIO | None = None
        self._shown = settings.path  # the path events name: the rotated file's while reading it
        self._chunker = LineChunker(0)
        self._line = 0  # lines of the current file before the chunker's offset
        self._identity: FileIdentity | None = None  # of the current file, as last committed
        self._quiet_since: float | None = None  # renamed away and nothing read since then

    # --- starting -------------------------------------------------------------------------

    def resume(self, stop: threading.Event) -> None:
        """Open the file the saved position names, or the configured one when there is none."""
        saved = self._committer.load(self._settings.name)
        identity = FileIdentity.parse(saved.identity) if saved else None
        if saved is None or identity is None:
            while not stop.is_set() and not self._open(self._path):
                stop.wait(self._settings.poll_seconds)  # not there yet: wait, as tail -F does
            if self._handle is not None:
                if self._settings.start_at_end:
                    self._seek(os.fstat(self._handle.fileno()).st_size, 0)
                # Saved at once, so a restart starts here too (and `start_at_end` skips no more).
                self._commit([], self._position(self._handle))
            return
        line = self._restore(saved.state)
        if self._open(self._path):
            assert self._handle is not None
            stat = os.fstat(self._handle.fileno())
            # (0, 0): the file was not there when the position was saved; any file will do.
            unknown = identity.inode == 0 and identity.device == 0 and saved.offset == 0
            if unknown or (
                identity.same_inode(stat) and still_same(self._handle, identity, saved.offset)
            ):
                self._seek(saved.offset, line)
                self._identity = identity
                return
            self.close()
        rotated = find_rotated(self._path, identity, saved.offset)
        if rotated is not None and self._open(rotated):
            self._seek(saved.offset, line)  # its rest first; then the new file
            self._identity = identity
            return
        if saved.offset > 0:
            self._lost(saved.offset)
        while not stop.is_set() and not self._open(self._path):
            stop.wait(self._settings.poll_seconds)

    def _open(self, path: str) -> bool:
        try:
            self._handle = open(path, "rb")  # noqa: SIM115 - kept open across calls; see close
        except FileNotFoundError:
            return False
        self._shown, self._line, self._identity, self._quiet_since = path, 0, None, None
        self._chunker.reset(0)
        return True

    def _seek(self, offset: int, line: int) -> None:
        assert self._handle is not None
        self._handle.seek(offset)
        self._chunker.reset(offset)
        self._line = line

    def _restore(self, text: str) -> int:
        """Restore the reader's state; the number of lines before the saved offset."""
        try:
            state = json.loads(text) if text else {}
        except ValueError:
            state = {}
        if not isinstance(state, dict):
            return 0
        self._reader.restore(state.get("reader"))
        line = state.get("line")
        return line if isinstance(line, int) and line >= 0 else 0

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    # --- reading --------------------------------------------------------------------------

    def read_chunk(self) -> bool:
        """Read, parse and commit what was appended; False at the end of the file."""
        if self._handle is None and not self._open(self._path):
            return False
        handle = self._handle
        assert handle is not None
        if self._truncated(handle):
            self._copy_truncated(self._identity)
            return True
        data = handle.read(READ_BYTES)
        if not data:
            return False
        self._quiet_since = None
        if self._truncated(handle):  # in between: what was read may be the new start's end
            self._copy_truncated(self._identity)
            return True
        lines = self._chunker.feed(data)
        if lines:
            self._commit(self._parse(lines), self._position(handle))
        return True

    def switch_if_rotated(self) -> bool:
        """At the end of the file: go on with the new one if the log was rotated."""
        handle = self._handle
        if handle is None:
            return False
        try:
            at_path = os.stat(self._path)
        except FileNotFoundError:
            return False  # between the rename and the create: the old file may still grow
        current = os.fstat(handle.fileno())
        if (at_path.st_dev, at_path.st_ino) != (current.st_dev, current.st_ino):
            # syslog writes on to the renamed file until it is told to reopen: wait until
            # the old file has stayed quiet a while, then read its rest and go on.
            now = time.monotonic()
            if self._quiet_since is None or now - self._quiet_since < ROTATION_GRACE:
                self._quiet_since = self._quiet_since or now
                return False
            self._finish_file()
            self._open(self._path)
            return True
        if not self._truncated(handle):
            return False
        self._copy_truncated(self._identity)
        return True

    def _truncated(self, handle: BinaryIO) -> bool:
        """Whether the file was cut shorter (copytruncate) than what was read of it."""
        offset, identity = self._chunker.offset, self._identity
        if os.fstat(handle.fileno()).st_size < offset + self._chunker.waiting:
            return True
        return identity is not None and not still_same(handle, identity, offset)

    def _finish_file(self) -> None:
        """The rest of a file rotated away, its unfinished last line included, then commit
        the new file's start with it, so a crash in between cannot read either twice."""
        assert self._handle is not None
        while self.read_chunk():
            pass
        last = self._chunker.finish()
        events = self._parse([last]) if last is not None else []
        self.close()
        self._commit(events, self._start_of(self._path))

    def _copy_truncated(self, identity: FileIdentity | None) -> None:
        """The file was copied and truncated in place: read the copy's rest, then from 0."""
        offset, line = self._chunker.offset, self._line
        handle = self._handle
        assert handle is not None
        copy = find_rotated(self._path, identity, offset) if identity is not None else None
        self._handle = None
        if copy is not None and self._open(copy):
            self._seek(offset, line)
            self._identity = identity
            self._finish_file()
        else:
            if offset > 0:
                self._lost(offset)
            self._commit([], self._start_of(self._path))
        self._handle, self._shown, self._identity = handle, self._path, None
        self._seek(0, 0)

    def _start_of(self, path: str) -> IngestPosition:
        """The position at the start of the file at `path` (any file that will be there)."""
        try:
            stat = os.stat(path)
            identity = FileIdentity(stat.st_dev, stat.st_ino, 0, _EMPTY_DIGEST)
        except OSError:
            identity = FileIdentity(0, 0, 0, _EMPTY_DIGEST)  # matches no file: starts over
        return IngestPosition(self._settings.name, identity.text(), 0, self._state(line=0))

    def _lost(self, offset: int) -> None:
        self._counts.errors += 1
        self._report.error(
            self._settings.name,
            f"{self._path} was rotated and the rest of the old file (after byte {offset}) "
            "was not found next to it; going on with the new file",
        )

    # --- parsing and committing -----------------------------------------------------------

    def _parse(self, lines: list[tuple[bytes, int]]) -> list[ParsedEvent]:
        events: list[ParsedEvent] = []
        bad: list[BadRecord] = []
        feed, shown = self._reader.feed, self._shown
        for raw, _ in lines:
            self._line += 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                bad.append(BadRecord(f"{shown}:{self._line}", "line is not valid UTF-8"))
                continue
            for record in feed(text, shown, self._line):
                if isinstance(record, BadRecord):
                    bad.append(record)
                else:
                    events.append(record)
        self._counts.lines += len(lines)
        if bad:
            self._counts.bad += len(bad)
            self._report.error(
                self._settings.name,
                f"{len(bad)} unreadable line(s); the last: {bad[-1].source}: {bad[-1].why}",
            )
        return events

    def _position(self, handle: BinaryIO) -> IngestPosition:
        offset = self._chunker.offset
        identity = self._identity = identity_of(handle, offset)
        return IngestPosition(self._settings.name, identity.text(), offset, self._state())

    def _state(self, line: int | None = None) -> str:
        state: dict[str, Any] = {
            "line": self._line if line is None else line,
            "reader": self._reader.state(),
        }
        return json.dumps(state, separators=(",", ":"))

    def _commit(self, events: list[ParsedEvent], position: IngestPosition) -> None:
        result = self._committer.commit(events, position)
        counts = self._counts
        counts.commits += 1
        counts.committed += result.imported
        counts.duplicates += result.duplicates
        if events:
            self._report.events_committed(
                self._settings.name, result.imported, result.last_event_at
            )


_EMPTY_DIGEST = "da39a3ee5e6b4b0d"  # sha1 of no bytes, as head_digest cuts it
