"""How the command line prints: one JSON object per line with stable names, or aligned text."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from desktop.domain.model import Event, Message


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
    print(json.dumps(obj, ensure_ascii=False), file=out or sys.stdout)


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
    flat = " ".join(cell.split())  # server text may hold newlines or tabs
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
