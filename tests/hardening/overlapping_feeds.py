"""Feeds that overlap the way a team's imports do: shared accounts and addresses, some events
carried by two feeds at once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from desktop.domain.model import EventType, ParsedEvent, Reason, parsed_event

T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)
ACCOUNTS = ("Gala BV", "Jazz Nights", "Opera Oost")
ADDRESSES = tuple(f"guest{n}@example.nl" for n in range(40))
SHARED = 50  # messages of the next writer's feed that each feed carries too
_OUTCOMES = (
    (EventType.DELIVERED, None, None),
    (EventType.DELIVERED, None, None),
    (EventType.SOFT_BOUNCE, Reason.MAILBOX_FULL, "452 4.2.2 mailbox full"),
    (EventType.HARD_BOUNCE, Reason.ADDRESS_UNKNOWN, "550 5.1.1 user unknown"),
)


def own_events(writer: int, messages: int) -> list[ParsedEvent]:
    """Writer `writer`'s own traffic: a send and an outcome per message, two events each."""
    rng = random.Random(writer)
    events: list[ParsedEvent] = []
    for n in range(messages):
        message, address = f"w{writer}m{n}@mail.gala.example", ADDRESSES[(7 * n + writer) % 40]
        account, at = ACCOUNTS[(n + writer) % len(ACCOUNTS)], T0 + timedelta(minutes=3 * n)
        kind, reason, text = rng.choice(_OUTCOMES)
        common = {"message_id": message, "account": account, "sender": "gala@mail.gala.example"}
        events.append(
            parsed_event(f"w{writer}:{2 * n}", EventType.SENT, address, at, f"w{writer}-{n}-s",
                         subject="Invitation", **common)
        )  # fmt: skip
        events.append(
            parsed_event(f"w{writer}:{2 * n + 1}", kind, address, at + timedelta(minutes=1),
                         f"w{writer}-{n}-o", reason=reason, diagnostic=text, **common)
        )  # fmt: skip
    return events


def feed(writer: int, writers: int, messages: int) -> list[ParsedEvent]:
    """Writer `writer`'s feed: its own events, then the next writer's first SHARED messages."""
    return own_events(writer, messages) + own_events((writer + 1) % writers, SHARED)[: 2 * SHARED]
