"""A log file read as `tail -F` reads it: across rename-and-create and copytruncate rotation.

Knows files, not Postfix: hands out complete lines with the byte offset after each, and says
where to resume. A file's identity is its device and inode plus a digest of its first bytes,
so a file truncated in place (copytruncate) is told apart from the one that was there.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import BinaryIO

FINGERPRINT_BYTES = 256  # enough to tell two logs apart: the first line holds a time stamp
READ_BYTES = 1 << 20  # read at once; one commit covers at most this much of the file
MAX_LINE = 1 << 20  # a line longer than this is damage, skipped to its end
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".lz4", ".z")


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file an offset belongs to: device, inode, and a digest of its first bytes."""

    device: int
    inode: int
    head_length: int
    head_digest: str

    def text(self) -> str:
        return f"{self.device}:{self.inode}:{self.head_length}:{self.head_digest}"

    @classmethod
    def parse(cls, text: str) -> FileIdentity | None:
        parts = text.split(":")
        if len(parts) != 4 or not all(part.isdigit() for part in parts[:3]):
            return None
        return cls(int(parts[0]), int(parts[1]), int(parts[2]), parts[3])

    def same_inode(self, stat: os.stat_result) -> bool:
        return stat.st_dev == self.device and stat.st_ino == self.inode


def head_digest(handle: BinaryIO, length: int) -> str:
    """A digest of the first `length` bytes of the open file (fewer if it is shorter)."""
    data = os.pread(handle.fileno(), length, 0)
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]


def identity_of(handle: BinaryIO, known_length: int) -> FileIdentity:
    """The identity of an open file whose first `known_length` bytes were read already."""
    stat = os.fstat(handle.fileno())
    length = min(FINGERPRINT_BYTES, known_length)
    return FileIdentity(stat.st_dev, stat.st_ino, length, head_digest(handle, length))


def still_same(handle: BinaryIO, identity: FileIdentity, offset: int) -> bool:
    """Whether the open file still holds what was read up to `offset` (not truncated)."""
    stat = os.fstat(handle.fileno())
    if stat.st_size < offset:
        return False
    return head_digest(handle, identity.head_length) == identity.head_digest


def matches(path: str, identity: FileIdentity, offset: int, *, by_inode: bool) -> bool:
    """Whether the file at `path` is the one `identity` names, at least `offset` bytes long.

    `by_inode`: the same inode too (a renamed file); else only its first bytes (a copy).
    """
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if by_inode and not identity.same_inode(stat):
                return False
            if stat.st_size < offset:
                return False
            return head_digest(handle, identity.head_length) == identity.head_digest
    except OSError:
        return False


def rotated_candidates(path: str) -> list[str]:
    """Files a rotation may have made of `path` (mail.log.1, mail.log-20261205), newest first.

    Compressed ones are left out: reading them is the manual import's job.
    """
    folder, base = os.path.split(os.path.abspath(path))
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found: list[tuple[float, str]] = []
    for name in names:
        if name == base or not name.startswith((base + ".", base + "-")):
            continue
        if name.lower().endswith(_COMPRESSED):
            continue
        full = os.path.join(folder, name)
        try:
            found.append((os.stat(full).st_mtime, full))
        except OSError:
            continue
    return [full for _, full in sorted(found, reverse=True)]


def find_rotated(path: str, identity: FileIdentity, offset: int) -> str | None:
    """The rotated file that holds what was at `path` when `identity` was taken, if any.

    A renamed file keeps its inode; a copy (copytruncate) keeps only its first bytes.
    """
    candidates = rotated_candidates(path)
    # Without first bytes to compare (nothing was read yet), only the inode can tell.
    for by_inode in (True, False) if identity.head_length else (True,):
        for candidate in candidates:
            if matches(candidate, identity, offset, by_inode=by_inode):
                return candidate
    return None


class LineChunker:
    """Splits bytes read from a file into complete lines, keeping an unfinished one back.

    `offset` is the file offset after the last complete line handed out: where to resume.
    """

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self._tail = b""
        self._skipping = False  # inside a line longer than MAX_LINE: drop up to its end
        self.too_long = 0  # such lines skipped

    def reset(self, offset: int) -> None:
        self.offset, self._tail, self._skipping = offset, b"", False

    def feed(self, data: bytes) -> list[tuple[bytes, int]]:
        """Complete lines in `data` (without their ending), each with the offset after it."""
        lines: list[tuple[bytes, int]] = []
        base = self.offset  # the file offset of buffer[0]: the tail starts where lines ended
        if self._skipping:
            end = data.find(b"\n")
            if end < 0:
                self.offset += len(data)
                return lines
            self._skipping = False
            base = self.offset = base + end + 1
            buffer = data[end + 1 :]
        else:
            buffer = self._tail + data
        start = 0
        while True:
            end = buffer.find(b"\n", start)
            if end < 0:
                break
            self.offset = base + end + 1
            lines.append((buffer[start:end].rstrip(b"\r"), self.offset))
            start = end + 1
        self._tail = buffer[start:]
        if len(self._tail) > MAX_LINE:
            # Consumed as damage: a restart inside it reads its rest as one bad line.
            self.offset, self._tail, self._skipping = base + len(buffer), b"", True
            self.too_long += 1
        return lines

    def finish(self) -> tuple[bytes, int] | None:
        """The unfinished last line of a file that will not grow any more (rotated away)."""
        if self._skipping or not self._tail:
            self._tail, self._skipping = b"", False
            return None
        line = self._tail.rstrip(b"\r")
        self.offset += len(self._tail)
        self._tail = b""
        return line, self.offset

    @property
    def waiting(self) -> int:
        """Bytes of an unfinished line held back until its end is written."""
        return len(self._tail)
