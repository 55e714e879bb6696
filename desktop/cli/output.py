"""How the command line prints: one JSON object per line with stable names, or aligned text."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TextIO

from desktop.domain.model import Event, Message

# Server text, subjects, accounts and names given with --by are untrusted: an ESC, OSC or BEL
# sequence in them would drive the agent's terminal (retitle it, rewrite what is shown, ring).
# Multi-line text keeps its newlines and tabs (and CRLF line ends); everything else in C0,
# DEL and C1 is shown as a visible escape.
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BLANKS = {"\t": " ", "\n": " ", "\r": " "}
_JSON_C1 = re.compile(r"[\x7f-\x9f]")


def terminal_text(text: str, *, multiline: bool = False) -> str:
    """`text` safe to print on a terminal: control characters become visible `\\xNN` escapes.

    Single-line text (table cells, error lines) turns newlines and tabs into blanks too.
    """
    if multiline:
        return _CONTROL_MULTILINE.sub(_visible, text)
    return _CONTROL_LINE.sub(_visible_or_blank, text)


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def _visible_or_blank(match: re.Match[str]) -> str:
    return _BLANKS.get(match.group()) or _visible(match)


class _TerminalStream:
    """A text stream that passes what is written through `terminal_text` (multi-line)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text, multiline=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def terminal_safe_stdout() -> Iterator[None]:
    """Every printer's output to stdout passes through `terminal_text` while this is entered."""
    original = sys.stdout
    sys.stdout = _TerminalStream(original)
    try:
        yield
    finally:
        sys.stdout = original


def json_line(obj: dict[str, Any]) -> str:
    """One JSON object on one line; DEL and C1 controls are escaped as well as C0 ones."""
    text = json.dumps(obj, ensure_ascii=False)
    return _JSON_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC, to the second."""
    return moment.isoformat(timespec="seconds") if moment else None


def message_json(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "message_id": message.message_id,
        "account": message.account,
        "sender": message.sender,
        "recipient": message.recipient,
        "subject": message.subject,
        "status": message.status.value,
        "reason": message.reason.value if message.reason else None,
        "created_at": iso(message.created_at),
        "last_event_at": iso(message.last_event_at),
    }


def event_json(event: Event) -> dict[str, Any]:
    return {
        "type": event.type.value,
        "at": iso(event.at),
        "reply_code": event.reply_code,
        "status": event.status,
        "diagnostic": event.diagnostic,
        "remote_host": event.remote_host,
        "reason": event.reason.value if event.reason else None,
        "source": event.source,
    }


def print_json(obj: dict[str, Any], out: TextIO | None = None) -> None:
    print(json_line(obj), file=out or sys.stdout)


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO | None = None
) -> None:
    """Columns padded to their widest cell; long cells are cut with an ellipsis."""
    stream = out or sys.stdout
    cut = [[_cut(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cut)]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=stream)
    for row in cut:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=stream)


def _cut(cell: str, limit: int = 48) -> str:
    flat = " ".join(terminal_text(cell).split())  # server text may hold newlines or tabs
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 event', '2 events', '1,000 addresses': the count with the right form of the noun."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


class TableStream:
    """An aligned table printed while its rows arrive, so a long listing keeps memory flat.

    The column widths come from the first `sample` rows; later cells are cut to fit them.
    """

    def __init__(self, headers: Sequence[str], out: TextIO | None = None, sample: int = 200):
        self._headers = list(headers)
        self._out = out
        self._sample = sample
        self._waiting: list[list[str]] = []
        self._widths: list[int] | None = None

    def add(self, row: Sequence[str]) -> None:
        if self._widths is not None:
            self._print([_cut(cell, w) for cell, w in zip(row, self._widths, strict=True)])
            return
        self._waiting.append([_cut(cell) for cell in row])
        if len(self._waiting) >= self._sample:
            self.flush()

    def flush(self) -> None:
        """Print what waits (the header first); call once after the last row."""
        if self._widths is None:
            rows = self._waiting
            self._widths = [
                max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(self._headers)
            ]
            self._print(self._headers)
        for row in self._waiting:
            self._print(row)
        self._waiting = []

    def _print(self, row: Sequence[str]) -> None:
        assert self._widths is not None
        cells = (c.ljust(w) for c, w in zip(row, self._widths, strict=True))
        print("  ".join(cells).rstrip(), file=self._out or sys.stdout)


def end_quietly_on_broken_pipe() -> int:
    """After the reader of stdout went away (`| head`): silence the rest and report success.

    Python would otherwise complain again when it flushes stdout at exit.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # no real file behind stdout (a test's capture): nothing to flush later
    return 0
