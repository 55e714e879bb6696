"""Builders of big lists for paging tests: thousands of quarantines or messages in one insert."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert

from desktop.domain.model import MessageStatus, QuarantineCause, Reason
from desktop.store.database import Database
from desktop.store.tables import MessageRow, QuarantineRow

OLD_ADDRESS = "needle_%1@old.example"
"""The oldest open quarantine: far beyond the newest 1,000, with LIKE's wildcards in its name."""


def many_quarantines(database: Database, count: int, now: datetime) -> None:
    """`count` open quarantines at most a minute apart, all begun within the last 6 days (the
    oldest is OLD_ADDRESS), and 3 ended ones."""
    step = min(timedelta(minutes=1), timedelta(days=6) / count)
    rows = []
    for n in range(count):
        started = now - step * (count - n)
        address = OLD_ADDRESS if n == 0 else f"person{n:05d}@example{n % 7}.nl"
        rows.append(_quarantine(n + 1, address, started, started + timedelta(days=7)))
    for n in range(3):  # over by time: only --all shows them
        started = now - timedelta(days=9, minutes=n)
        rows.append(
            _quarantine(count + n + 1, f"ended{n}@example.nl", started, now - timedelta(days=2))
        )
    with database.unit_of_work() as uow:
        uow.session.execute(insert(QuarantineRow), rows)
        uow.commit()


def _quarantine(ident: int, address: str, started: datetime, ends: datetime) -> dict[str, object]:
    reason = Reason.MAILBOX_FULL if ident % 3 == 0 else Reason.ADDRESS_UNKNOWN
    return {
        "id": ident,
        "address": address,
        "cause": QuarantineCause.HARD_BOUNCE.value,
        "reason": reason.value,
        "started_at": started,
        "ends_at": ends,
    }


def many_messages(database: Database, count: int, now: datetime) -> None:
    """`count` bounced messages to kpnmail.nl, a minute apart, in one executemany."""
    with database.unit_of_work() as uow:
        account = uow.messages.account_id("Oranje Gala Diner")
        rows = [
            {
                "id": n + 1,
                "message_id": f"m{n}@test",
                "account_id": account,
                "sender": "tickets@organiser.example",
                "recipient": f"guest{n:05d}@kpnmail.nl",
                "recipient_domain": "kpnmail.nl",
                "subject": "Your invitation",
                "status": MessageStatus.HARD_BOUNCE.value,
                "reason": Reason.ADDRESS_UNKNOWN.value,
                "created_at": now - timedelta(minutes=count - n),
                "last_event_at": now - timedelta(minutes=count - n),
            }
            for n in range(count)
        ]
        uow.session.execute(insert(MessageRow), rows)
        uow.commit()
