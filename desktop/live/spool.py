"""A local spool of webhook bodies, written and fsync'd before they are acknowledged.

One file per body, named by a sequence number, so it drains in arrival order. A file is
written under a temporary name, synced, then renamed and its folder synced: after a crash
(kill -9, power loss) a body is either wholly in the spool or not there and not acknowledged.

A body the database keeps refusing is moved to the dead-letter folder beside the spool
(`<spool>.dead-letter`), with a small `<name>.reason` file, so the bodies behind it drain.
Nothing there is retried by the service; see the README for how to look at and replay them.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

_SUFFIX = ".body"
_REASON = ".reason"
DEAD_LETTER_SUFFIX = ".dead-letter"


@dataclass(frozen=True, slots=True)
class SpoolEntry:
    name: str
    source: str
    format: str
    received_at: float
    body: bytes


class SpoolFull(Exception):
    """No room for another body: the sender should retry later."""


class Spool:
    """The spool folder; thread-safe. Sizes count the bodies' files."""

    def __init__(self, folder: str, max_bytes: int) -> None:
        self._folder = Path(folder)
        self._folder.mkdir(parents=True, exist_ok=True)
        self._dead = self._folder.with_name(self._folder.name + DEAD_LETTER_SUFFIX)
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        for leftover in self._folder.glob("*.tmp"):  # a write a crash cut short: never acked
            leftover.unlink(missing_ok=True)
        self._sizes: dict[str, int] = {
            path.name: path.stat().st_size for path in self._folder.glob(f"*{_SUFFIX}")
        }
        names = sorted(self._sizes)
        self._next = int(names[-1].removesuffix(_SUFFIX)) + 1 if names else 1

    @property
    def folder(self) -> str:
        return str(self._folder)

    @property
    def dead_letter_folder(self) -> str:
        return str(self._dead)

    def dead_letters(self) -> int:
        """Bodies in the dead-letter folder (however they got there)."""
        try:
            return sum(1 for _ in self._dead.glob(f"*{_SUFFIX}"))
        except OSError:
            return 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._sizes)

    @property
    def size(self) -> int:
        with self._lock:
            return sum(self._sizes.values())

    def has_room(self, wanted: int = 0) -> bool:
        return self.size + wanted <= self._max_bytes

    def append(self, source: str, format: str, received_at: float, body: bytes) -> str:
        """Store a body durably; raises SpoolFull when it does not fit."""
        header = json.dumps({"source": source, "format": format, "received_at": received_at})
        data = header.encode() + b"\n" + body
        with self._lock:
            if sum(self._sizes.values()) + len(data) > self._max_bytes:
                raise SpoolFull(f"the spool {self._folder} is full")
            name = f"{self._next:016d}{_SUFFIX}"
            self._next += 1
            temporary = self._folder / f"{name}.tmp"
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self._folder / name)
            self._sync_folder()
            self._sizes[name] = len(data)
        return name

    def oldest(self, limit: int) -> list[SpoolEntry]:
        """Up to `limit` entries, oldest first. One that cannot be read now is skipped (and
        kept); one whose header is damaged is moved to the dead-letter folder."""
        with self._lock:
            names = sorted(self._sizes)[:limit]
        entries: list[SpoolEntry] = []
        for name in names:
            try:
                data = (self._folder / name).read_bytes()
            except OSError:
                continue
            header, _, body = data.partition(b"\n")
            try:
                meta = json.loads(header)
                source, format = str(meta["source"]), str(meta["format"])
                entries.append(SpoolEntry(name, source, format, float(meta["received_at"]), body))
            except (ValueError, KeyError, TypeError):
                self.dead_letter(name, {"why": "the spool file's header is damaged"})
        return entries

    def dead_letter(self, name: str, reason: dict[str, object]) -> None:
        """Move entry `name` to the dead-letter folder, its `reason` (JSON) written first."""
        self._dead.mkdir(parents=True, exist_ok=True)
        text = json.dumps(reason, ensure_ascii=False, indent=1).encode() + b"\n"
        temporary = self._dead / f"{name}{_REASON}.tmp"
        with open(temporary, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._dead / name.replace(_SUFFIX, _REASON))
        with self._lock:
            with contextlib.suppress(FileNotFoundError):
                os.replace(self._folder / name, self._dead / name)
            self._sizes.pop(name, None)
            _sync(self._dead)
            self._sync_folder()

    def remove(self, names: list[str]) -> None:
        """Forget drained entries (their events are committed)."""
        with self._lock:
            for name in names:
                with contextlib.suppress(FileNotFoundError):
                    (self._folder / name).unlink()
                self._sizes.pop(name, None)
            self._sync_folder()

    def _sync_folder(self) -> None:
        _sync(self._folder)


def _sync(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
