"""Opening a database for the faces (ui, cli): the services' one door into the store's set-up."""

from __future__ import annotations

from desktop.services.ports import Database
from desktop.store.database import open_database as _open_database


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open `url`, creating and upgrading the schema when `migrate` is true.

    A database written by a newer Bounce Desk is always refused; failures leave as domain
    errors with a one-line message.
    """
    return _open_database(url, migrate=migrate)


def open_lazily(url: str) -> Database:
    """`url` without connecting yet: for a service that starts while its database is down and
    migrates it before its first write (see live/service.py)."""
    from desktop.store.database import Database as StoreDatabase
    from desktop.store.database import create_db_engine

    return StoreDatabase(create_db_engine(url))
