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

    def db_url_or_default(self, *, use_settings: bool = True) -> str:
        """--db, else BOUNCEDESK_DB_URL, else the settings' database, else the local file.

        The GUI reads the settings itself (they change while it runs): it asks without them.
        A SQLite file outside the default place must have its folder.
        """
        from desktop import settings
        from desktop.db_url import resolve_database

        env = os.environ.get("BOUNCEDESK_DB_URL")
        saved = settings.load() if use_settings and not (self._db_url or env) else None
        chosen = resolve_database(self._db_url, env, saved)
        if self._db_url or env:
            _check_sqlite_folder(chosen)  # the default location is made on first use
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
    from desktop.db_url import parse_url

    try:
        parsed = parse_url(url)
    except BounceDeskError:
        return  # opening it says what is wrong with the URL
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    name = str(parsed.database)
    if parsed.query.get("uri") == "true" and name.startswith("file:"):
        name = name[len("file:") :]  # sqlite:///file:/path?mode=ro&uri=true
    path = Path(name).expanduser()
    if not path.parent.is_dir():
        raise CliError(
            f"the folder {path.parent} does not exist; create it first or give another"
            " database path"
        )
