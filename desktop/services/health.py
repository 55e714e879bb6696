"""Probing a database: does it answer, and does it hold any message yet."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.phrases import Phrase, Wording
from desktop.domain.search import SearchCriteria
from desktop.services.connection import open_database
from desktop.services.ports import UnitOfWork
from desktop.services.search import count_messages


@dataclass(frozen=True, slots=True)
class DatabaseProbe:
    """The answer of one cheap query (it raises when the database does not answer)."""

    holds_messages: bool


def probe(uow: UnitOfWork) -> DatabaseProbe:
    """One capped count: proves the connection works, and tells an empty database apart."""
    return DatabaseProbe(holds_messages=count_messages(uow, SearchCriteria(), cap=1) > 0)


_CONNECTED = Wording("Connected to {url} ({dialect}).", "Verbonden met {url} ({dialect}).")


def probe_url(url: str) -> Phrase:
    """Open and close `url` without migrating or changing it; a one-line verdict."""
    database = open_database(url, migrate=False)
    try:
        return _CONNECTED(url=database.url, dialect=database.dialect)
    finally:
        database.dispose()
