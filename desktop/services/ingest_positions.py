"""Use cases on the live sources' saved positions: read one, save one inside a write, list all."""

from __future__ import annotations

from desktop.domain.ingest_position import IngestPosition
from desktop.services.ports import UnitOfWork, UnitOfWorkFactory


def load_position(uow_factory: UnitOfWorkFactory, source: str) -> IngestPosition | None:
    """The position `source` last committed, or None before its first commit."""
    with uow_factory() as uow:
        return uow.positions.get(source)


def save_position(uow: UnitOfWork, position: IngestPosition) -> None:
    """Save `position` in the caller's open unit of work (committed with its events)."""
    uow.positions.save(position)


def list_positions(uow_factory: UnitOfWorkFactory) -> list[IngestPosition]:
    """Every saved position, by source name (for a status view)."""
    with uow_factory() as uow:
        return uow.positions.all()


def forget_position(uow_factory: UnitOfWorkFactory, source: str) -> bool:
    """Drop a source's position so it starts over (its events dedupe by key); True if it had one."""
    with uow_factory() as uow:
        dropped = uow.positions.delete(source)
        uow.commit()
        return dropped
