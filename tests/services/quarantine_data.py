"""Builders for quarantine tests: messages, bounces and quarantines written through the ports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from desktop.domain.model import EventType, MessageStatus, QuarantineCause, Reason
from desktop.domain.records import AuditRecord, NewEvent, NewMessage
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory
from desktop.store.database import Database
from desktop.store.tables import AuditRow
from tests.helpers.fakes import FakeStore

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def add_message(
    uow: UnitOfWork,
    address: str,
    at: datetime,
    kind: EventType = EventType.HARD_BOUNCE,
    reason: Reason | None = Reason.ADDRESS_UNKNOWN,
    account: str = "Oranje Gala Diner",
) -> tuple[int, int]:
    """A message to `address` whose only event is `kind` at `at`: (message id, event id)."""
    statuses = {s.value for s in MessageStatus}
    status = MessageStatus(kind.value) if kind.value in statuses else MessageStatus.SENT
    message = uow.messages.add(
        NewMessage(
            message_id=f"{uuid.uuid4().hex}@test",
            account_id=uow.messages.account_id(account),
            sender="tickets@organiser.example",
            recipient=address,
            subject="Your invitation",
            status=status,
            reason=reason,
            created_at=at - timedelta(minutes=1),
            last_event_at=at,
        )
    )
    event = uow.messages.add_event(
        NewEvent(
            message,
            kind,
            at,
            reason=reason,
            reply_code=550 if kind is EventType.HARD_BOUNCE else None,
            status="5.1.1" if kind is EventType.HARD_BOUNCE else None,
        )
    )
    return message, event


def add_quarantine(
    uow: UnitOfWork,
    address: str,
    started_at: datetime = NOW - timedelta(hours=1),
    reason: Reason = Reason.ADDRESS_UNKNOWN,
    cause: QuarantineCause = QuarantineCause.HARD_BOUNCE,
    length: timedelta = timedelta(days=7),
    released_at: datetime | None = None,
) -> int:
    """A quarantine caused by a fresh hard bounce of `address` at `started_at`."""
    _, event = add_message(uow, address, started_at, EventType.HARD_BOUNCE, reason)
    quarantine = uow.quarantines.add(
        address, cause, reason, started_at, started_at + length, [event]
    )
    if released_at is not None:
        assert uow.quarantines.release(quarantine, released_at)
    return quarantine


def seed(
    database: Database | FakeStore,
    *addresses: str,
    started_at: datetime = NOW - timedelta(hours=1),
    reason: Reason = Reason.ADDRESS_UNKNOWN,
    cause: QuarantineCause = QuarantineCause.HARD_BOUNCE,
) -> list[int]:
    """One committed quarantine per address."""
    with database.unit_of_work() as uow:
        ids = [add_quarantine(uow, a, started_at, reason, cause) for a in addresses]
        uow.commit()
    return ids


def audit_actions(database: Database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(AuditRow.action).order_by(AuditRow.id)))


def audit_count(database: Database, action: str) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(AuditRow).where(AuditRow.action == action)
        return int(session.scalar(query) or 0)


def logged(units: UnitOfWorkFactory, action: str) -> int:
    """How many audit entries of `action` there are, read through the port (any store)."""
    with units() as uow:
        return len(uow.audit.entries(limit=100_000, action=action))


def owner_audit_rows(database: Database, rows: list[AuditRecord]) -> None:
    """Made-up audit history, written as the tables' owner with a plain INSERT (as the demo
    does): the app's own path lets PostgreSQL set the time and write the workflow's rows."""
    with database.session() as session:
        session.execute(insert(AuditRow), [row._asdict() for row in rows])
        session.commit()
