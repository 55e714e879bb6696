"""The ports the services work against: the unit of work, its repositories and the database.

The repository protocols live in modules by area (messages, quarantine, figures, live,
erasure) and are re-exported here, so `from desktop.services.ports import X` names every port.
The store implements them (store/uow.py, store/database.py); tests/helpers/fakes.py has an
in-memory unit of work. The services and the ui import these types, never the store's.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from desktop.services.ports.erasure import Erasure, MessageCursor
from desktop.services.ports.figures import DatabaseSettings, StatsRepository
from desktop.services.ports.live import (
    IngestPositions,
    OutboxRepository,
    SourceStates,
    WebhookTokens,
)
from desktop.services.ports.messages import MessageRepository, OriginalRecords
from desktop.services.ports.quarantine import (
    AuditLog,
    QuarantineRepository,
    ReleaseRequestRepository,
)

__all__ = [
    "AuditLog",
    "ChangeListener",
    "Database",
    "DatabaseSettings",
    "ErasingUnitOfWork",
    "ErasingUnitOfWorkFactory",
    "Erasure",
    "IngestPositions",
    "MessageCursor",
    "MessageRepository",
    "OriginalRecords",
    "OutboxRepository",
    "QuarantineRepository",
    "ReleaseRequestRepository",
    "SourceStates",
    "StatsRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "WebhookTokens",
]


class UnitOfWork(Protocol):
    """One short transaction and the repositories sharing it; leaving without commit rolls back.

    Use as a context manager, on one thread. Environment failures leave as domain errors.
    """

    @property
    def messages(self) -> MessageRepository: ...

    @property
    def quarantines(self) -> QuarantineRepository: ...

    @property
    def requests(self) -> ReleaseRequestRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def settings(self) -> DatabaseSettings: ...

    @property
    def originals(self) -> OriginalRecords: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def positions(self) -> IngestPositions: ...

    @property
    def sources(self) -> SourceStates: ...

    @property
    def tokens(self) -> WebhookTokens: ...

    @property
    def stats(self) -> StatsRepository: ...

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql": a few rules differ (who may approve, for one)."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class ErasingUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that can also remove personal data (the SQL one)."""

    @property
    def erasure(self) -> Erasure: ...


ErasingUnitOfWorkFactory = Callable[[], ErasingUnitOfWork]


class ChangeListener(Protocol):
    """Tells which tables other writers changed (SQLite: only that something changed)."""

    def wait(self, timeout: float) -> frozenset[str]: ...

    def close(self) -> None: ...


class Database(Protocol):
    """An open database: the factory of units of work. Thread-safe."""

    @property
    def dialect(self) -> str: ...

    @property
    def url(self) -> str:
        """The URL with any password hidden."""

    def unit_of_work(self) -> UnitOfWork: ...

    def change_listener(self, poll_interval: float = 0.2) -> ChangeListener:
        """A listener for other writers' changes, for one worker thread."""

    def dispose(self) -> None: ...
