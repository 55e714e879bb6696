"""Reads a feed in a process of its own, so parsing runs on one core and the import on the other.

Threads cannot overlap the two: both are mostly Python and share one GIL. The child reads and
classifies, and sends records in chunks of plain tuples (cheaper to pickle than dataclasses);
the pipe's small buffer blocks the child while the importer is behind, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from typing import Any

from desktop.domain.model import BadRecord, EventType, ParsedEvent, Reason, parsed_event

CHUNK = 1_000  # records per message through the pipe
PROCESS_BYTES = 16 * 1024 * 1024  # smaller feeds: starting a process costs more than it saves

_TYPES = {kind.value: kind for kind in EventType}
_REASONS = {reason.value: reason for reason in Reason}


def worth_a_process(paths: Sequence[str]) -> bool:
    """True when the files are big enough, and this is not a frozen build (no child entry)."""
    if getattr(sys, "frozen", False):
        return False
    return feed_bytes(paths) >= PROCESS_BYTES


def feed_bytes(paths: Sequence[str]) -> int:
    """The size of the feed files together (a missing one counts nothing: it is reported later)."""
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue
    return total


class ProcessReader:
    """The records of `read_feed(format, paths)`, read in a child process.

    Iterate it once; `skipped()` is the child's count as of the last chunk received. `close`
    stops the child (a cancelled import, a strict stop) and is safe to call more than once.
    """

    def __init__(self, format: str, paths: Sequence[str]) -> None:
        # A fresh interpreter rather than multiprocessing: fork is unsafe with threads (Qt,
        # SQL pools), and spawn re-runs the caller's main module, which not every caller guards.
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [entry for entry in sys.path if entry] + [env.get("PYTHONPATH", "")]
        )
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, format, *paths],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self._process.stdout is not None
        self._receiver = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdout.close()
        self._skipped = 0

    def skipped(self) -> int:
        return self._skipped

    def __iter__(self) -> Iterator[ParsedEvent | BadRecord]:
        try:
            while True:
                try:
                    message = pickle.loads(self._receiver.recv_bytes())
                except EOFError:
                    raise RuntimeError("the feed reader process stopped unexpectedly") from None
                kind, payload, skipped = message
                if kind == "error":
                    raise payload
                self._skipped = skipped
                for item in payload:
                    yield _decode(item) if type(item) is tuple else item
                if kind == "done":
                    return
        finally:
            self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
        self._process.wait()
        if not self._receiver.closed:
            self._receiver.close()


def main(argv: Sequence[str]) -> None:
    """The child: `format path...`; records go to stdout, anything printed goes to stderr."""
    from desktop.services.importing.records import GC_THRESHOLDS

    gc.set_threshold(*GC_THRESHOLDS)  # this process only reads: see GC_THRESHOLDS
    sender = Connection(os.dup(sys.stdout.fileno()), readable=False)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _produce(argv[0], list(argv[1:]), sender)


def _produce(format: str, paths: list[str], sender: Connection) -> None:
    """Read, classify, send chunks; an exception is sent to be raised in the parent."""
    from desktop.services.importing.records import Classifier, read_unclassified

    try:
        records, skipped = read_unclassified(format, paths)
        reason_of = Classifier().reason_of  # no classified copy of each event: encoded as is
        chunk: list[Any] = []
        for record in records:
            chunk.append(
                record if isinstance(record, BadRecord) else _encode(record, reason_of(record))
            )
            if len(chunk) >= CHUNK:
                sender.send_bytes(pickle.dumps(("more", chunk, skipped()), protocol=5))
                chunk = []
        sender.send_bytes(pickle.dumps(("done", chunk, skipped()), protocol=5))
    except BrokenPipeError:
        pass  # the parent stopped reading: a cancel
    except BaseException as error:  # handed to the parent, which raises it
        with contextlib.suppress(BrokenPipeError, pickle.PicklingError):
            sender.send_bytes(pickle.dumps(("error", error, 0), protocol=5))
    finally:
        sender.close()


def _encode(record: ParsedEvent, reason: Reason | None) -> tuple[Any, ...]:
    """`record` as a plain tuple, with `reason` in place of its own."""
    at: datetime | int = record.at
    if record.at.tzinfo is UTC and not record.at.microsecond:
        at = int(record.at.timestamp())  # exact, and far cheaper to pickle than an aware datetime
    return (
        record.source, record.type.value, record.recipient, at, record.key, record.message_id,
        record.sender, record.subject, record.account, record.reply_code, record.status,
        record.diagnostic, record.remote_host, reason.value if reason is not None else None,
        record.raw, record.extra or None,
    )  # fmt: skip


def _decode(item: tuple[Any, ...]) -> ParsedEvent:
    (source, kind, recipient, at, key, message_id, sender, subject, account, reply_code,
     status, diagnostic, remote_host, reason, raw, extra) = item  # fmt: skip
    if type(at) is int:
        at = _MOMENTS.get(at) or _moment(at)
    return parsed_event(
        source, _TYPES[kind], recipient, at, key, message_id, sender, subject, account,
        reply_code, status, diagnostic, remote_host,
        _REASONS[reason] if reason is not None else None, raw, extra,
    )  # fmt: skip


# Times by epoch second: a feed's events share their seconds, often by the hundred.
_MOMENTS: dict[int, datetime] = {}


def _moment(at: int) -> datetime:
    if len(_MOMENTS) >= 10_000:
        _MOMENTS.clear()
    moment = _MOMENTS[at] = datetime.fromtimestamp(at, UTC)
    return moment


if __name__ == "__main__":
    main(sys.argv[1:])
