"""One mail from a bounce mailbox, read by the DSN reader: its kind and its events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.dsn import parse_mail
from desktop.ingest.dsn.mail_source import RawMessage

MAX_MAIL_BYTES = 20 * 1024 * 1024  # a bounce quotes at most the original; more is not a bounce


@dataclass(frozen=True, slots=True)
class ReadMail:
    """What one mail holds. `kind` is bounce, feedback, autoreply, not_bounce or bad."""

    kind: str
    events: list[ParsedEvent]
    why: str | None = None  # for `bad`: why nothing could be read

    @property
    def is_report(self) -> bool:
        """A bounce or complaint whose events were read: stored, then moved or flagged."""
        return self.kind in ("bounce", "feedback") and bool(self.events)


def read_mail(data: bytes, source: str, received: datetime) -> ReadMail:
    """Read `data` (named `source` in its events); `received` dates a report without a date."""
    if len(data) > MAX_MAIL_BYTES:
        return ReadMail("bad", [], "mail too large to be a bounce")
    kind, results = parse_mail(RawMessage(source, data, source), received)
    events = [result for result in results if isinstance(result, ParsedEvent)]
    bad = [result for result in results if isinstance(result, BadRecord)]
    if kind is None or (not events and bad):
        return ReadMail("bad", [], bad[0].why if bad else "not a mail message")
    return ReadMail(kind, events)
