"""Settings stored in the database, shared by every agent using it (e.g. the approval mode)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.store.tables import SettingRow


class SqlDatabaseSettings:
    """Key/value settings of the database. Never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._session.get(SettingRow, key)
        return row.value if row else default

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The stored values of those of `keys` that are set, in one query."""
        rows = self._session.execute(
            select(SettingRow.key, SettingRow.value).where(SettingRow.key.in_(list(keys)))
        )
        return {str(key): str(value) for key, value in rows}

    def set(self, key: str, value: str) -> None:
        row = self._session.get(SettingRow, key)
        if row is None:
            self._session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
        self._session.flush()

    def caller_may_approve(self) -> bool:
        """Whether the connected user may decide: always on a local file; on PostgreSQL a
        superuser, the database's owner, or a member of the approver group role."""
        if self._session.get_bind().dialect.name != "postgresql":
            return True
        from desktop.store.roles import role_names  # roles imports the uow, which imports us

        database = str(self._session.scalar(text("SELECT current_database()")))
        found = self._session.scalar(
            text(
                "SELECT r.rolsuper OR d.datdba = r.oid OR COALESCE((SELECT pg_has_role(r.oid,"
                " g.oid, 'MEMBER') FROM pg_roles g WHERE g.rolname = :approver), false)"
                " FROM pg_roles r, pg_database d"
                " WHERE r.rolname = current_user AND d.datname = current_database()"
            ),
            {"approver": role_names(database).approver},
        )
        return bool(found)
