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
