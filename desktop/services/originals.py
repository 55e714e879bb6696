"""The original records behind a message's events, readable, with an escalation block each."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.errors import NotFound
from desktop.domain.model import EventType
from desktop.domain.original import OriginalRecord, escalation_block, find_phrase, readable
from desktop.domain.phrases import Wording
from desktop.domain.reasons import classify
from desktop.services.ports import UnitOfWork

# The events a receiving server's reply stands behind; the others have nothing to escalate.
_NO_MESSAGE = Wording("No message {message}.", "Geen bericht {message}.")
_NO_EVENT = Wording(
    "No event {event} of message {message}.", "Bericht {message} heeft geen gebeurtenis {event}."
)
_FAILURES = frozenset(
    {EventType.DEFERRED, EventType.SOFT_BOUNCE, EventType.HARD_BOUNCE, EventType.SPAM_COMPLAINT}
)


@dataclass(frozen=True, slots=True)
class OriginalView:
    """What 'Show original' and `show --raw` print for one event."""

    record: OriginalRecord
    text: str  # the raw record made readable (plain text; it came from outside)
    highlight: tuple[int, int] | None  # the phrase that decided the reason, within `text`
    escalation: str  # empty for an event that is no failure (queued, sent, delivered)

    def as_json(self) -> dict[str, object]:
        return {
            "event_id": self.record.event_id,
            "type": self.record.type.value,
            "at": self.record.at.isoformat(),
            "source": self.record.source,
            "raw": self.record.raw,
            "readable": self.text,
            "highlight": list(self.highlight) if self.highlight else None,
            "escalation": self.escalation,
        }


def view_of(record: OriginalRecord, message_id: str, recipient: str) -> OriginalView:
    text = readable(record.raw)
    if record.type not in _FAILURES:
        return OriginalView(record, text, None, "")
    evidence = classify(record.diagnostic, record.status, record.reply_code).evidence
    phrase = evidence.text if evidence is not None else None
    highlight = find_phrase(text, phrase) or find_phrase(text, record.status)
    return OriginalView(record, text, highlight, escalation_block(record, message_id, recipient))


def original_records(uow: UnitOfWork, message: int) -> list[OriginalView]:
    """Every event of a message with its original record, oldest first."""
    found = uow.messages.get(message)
    if found is None:
        raise NotFound(_NO_MESSAGE(message=message))
    return [
        view_of(record, found.message_id, found.recipient)
        for record in uow.originals.for_message(message)
    ]


def original_record(uow: UnitOfWork, message: int, event: int) -> OriginalView:
    """One event's original record (NotFound when the event is not this message's)."""
    found = uow.messages.get(message)
    record = uow.originals.for_event(message, event)
    if found is None or record is None:
        raise NotFound(_NO_EVENT(event=event, message=message))
    return view_of(record, found.message_id, found.recipient)
