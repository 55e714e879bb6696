"""Settings stored in the database, shared by every agent using it (e.g. the approval mode)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.store.tables import SettingRow


class SqlDatabaseSettings:
    """Key/value settings of the database. Never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._session.get(SettingRow, key)
        return row.value if row else default

    def set(self, key: str, value: str) -> None:
        row = self._session.get(SettingRow, key)
        if row is None:
            self._session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
        self._session.flush()
