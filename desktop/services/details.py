"""A message's details as the details view and `bouncedesk show` present them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain.errors import NotFound
from desktop.domain.model import Message
from desktop.domain.retry import RetryWindow
from desktop.services.explain import Explanation, deciding_spans, explain
from desktop.services.ports import UnitOfWork
from desktop.services.quarantine import WhyQuarantined, why_quarantined
from desktop.services.search import MessageDetails, find_message, message_details


@dataclass(frozen=True, slots=True)
class MessageReport:
    """One message: its timeline and quarantine, why it is quarantined, the explanation in
    the agent's language, and per event the deciding phrase of the server's text."""

    details: MessageDetails
    why: WhyQuarantined | None
    explanation: Explanation | None
    spans: dict[int, tuple[int, int]]


def load_message_report(
    uow: UnitOfWork,
    message: Message | str,
    language: str,
    now: datetime | None = None,
    *,
    windows: Mapping[str, RetryWindow] | None = None,
    staff_lang: str = "en",
) -> MessageReport:
    """Everything shown about `message` (a Message, or its number or Message-ID).

    `language` is the client explanation's; `staff_lang` the agent's texts' (the UI language).

    Classifying each server text and rendering the explanation happen here, on the caller's
    worker, not while painting.
    """
    moment = now or datetime.now(UTC)
    found = find_message(uow, message) if isinstance(message, str) else message
    details = message_details(uow, found, moment)
    why = None
    if details.quarantine is not None:
        try:
            why = why_quarantined(uow, found.recipient, moment)
        except NotFound:  # it ended between the two reads
            why = None
    return MessageReport(
        details,
        why,
        explain(details, language, moment, windows=windows, staff_lang=staff_lang),
        deciding_spans(details.events),
    )
