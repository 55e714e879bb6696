"""Small, known data sets for the GUI tests, written straight through the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop.domain.model import EventType, MessageStatus, QuarantineCause, Reason
from desktop.domain.records import NewEvent, NewMessage
from desktop.store.database import Database

NOW = datetime.now(UTC).replace(microsecond=0)
JAN = "jan@example.nl"
DIAGNOSTIC = "452 4.2.2 The email account that you tried to reach is over quota"


@dataclass(frozen=True, slots=True)
class Seeded:
    jan_message: int
    quarantine: int


def seed_quarantined_jan(db: Database, others: int = 30) -> Seeded:
    """`others` delivered messages, and jan@example.nl soft-bounced five times into quarantine."""
    with db.unit_of_work() as uow:
        account = uow.messages.account_id("Gala Events")
        for n in range(others):
            at = NOW - timedelta(hours=n + 10)
            mid = uow.messages.add(
                NewMessage(
                    message_id=f"other{n}@mail.gala.example",
                    account_id=account,
                    sender="gala@mail.gala.example",
                    recipient=f"guest{n}@ziggo.nl",
                    subject=f"Your invitation {n}",
                    status=MessageStatus.DELIVERED,
                    reason=None,
                    created_at=at,
                    last_event_at=at,
                )
            )
            uow.messages.add_event(NewEvent(mid, EventType.DELIVERED, at, key=f"d{n}"))
        cause: list[int] = []
        jan = 0
        for n in range(5):
            at = NOW - timedelta(hours=5 - n)
            jan = uow.messages.add(
                NewMessage(
                    message_id=f"jan{n}@mail.gala.example",
                    account_id=account,
                    sender="gala@mail.gala.example",
                    recipient=JAN,
                    subject="Invitation gala dinner",
                    status=MessageStatus.SOFT_BOUNCE,
                    reason=Reason.MAILBOX_FULL,
                    created_at=at,
                    last_event_at=at + timedelta(minutes=1),
                )
            )
            uow.messages.add_event(NewEvent(jan, EventType.SENT, at, key=f"s{n}"))
            cause.append(
                uow.messages.add_event(
                    NewEvent(
                        jan,
                        EventType.SOFT_BOUNCE,
                        at + timedelta(minutes=1),
                        reply_code=452,
                        status="4.2.2",
                        diagnostic=DIAGNOSTIC,
                        remote_host="mx.example.nl",
                        reason=Reason.MAILBOX_FULL,
                        key=f"b{n}",
                    )
                )
            )
        quarantine = uow.quarantines.add(
            JAN,
            QuarantineCause.SOFT_BOUNCE,
            Reason.MAILBOX_FULL,
            NOW - timedelta(minutes=59),
            NOW + timedelta(days=7),
            cause,
        )
        uow.commit()
    return Seeded(jan, quarantine)
