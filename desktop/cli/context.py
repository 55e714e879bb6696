"""What every sub-command shares: the chosen database, opened lazily, and the error type."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.errors import BounceDeskError

if TYPE_CHECKING:
    from desktop.store.database import Database


class CliError(Exception):
    """A failure to report as one line on stderr with exit status 1 (or 2 for usage)."""

    def __init__(self, message: str, exit_status: int = 1) -> None:
        super().__init__(message)
        self.exit_status = exit_status


class CliContext:
    """Holds the database URL and opens the database on first use; closed by `main`."""

    def __init__(self, db_url: str | None) -> None:
        self._db_url = db_url
        self._database: Database | None = None

    def db_url_or_default(self) -> str:
        """The chosen URL; a SQLite file outside the default place must have its folder."""
        from desktop.paths import default_database_url

        chosen = self._db_url or os.environ.get("BOUNCEDESK_DB_URL")
        if not chosen:
            return default_database_url()  # its folder is made on first use
        _check_sqlite_folder(chosen)
        return chosen

    def database(self, *, migrate: bool = True) -> Database:
        """The open database; a new local file is created and migrated on first use."""
        if self._database is None:
            from desktop.store.database import open_database

            try:
                self._database = open_database(self.db_url_or_default(), migrate=migrate)
            except BounceDeskError as exc:
                raise CliError(str(exc)) from exc
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


def _check_sqlite_folder(url: str) -> None:
    """A mistyped path must not make folders: only the default location is created."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url[len(prefix) :] in ("", ":memory:"):
        return
    path = Path(url[len(prefix) :].split("?", 1)[0]).expanduser()
    if not path.parent.is_dir():
        raise CliError(
            f"the folder {path.parent} does not exist; create it first or give another"
            " database path"
        )
