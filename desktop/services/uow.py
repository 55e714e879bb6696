"""The unit-of-work types the services work with, named here so the ui need not import the store."""

from __future__ import annotations

from collections.abc import Callable

from desktop.store.database import Database, open_database
from desktop.store.uow import SqlUnitOfWork

UnitOfWork = SqlUnitOfWork
UnitOfWorkFactory = Callable[[], SqlUnitOfWork]

__all__ = ["Database", "UnitOfWork", "UnitOfWorkFactory", "open_database"]
