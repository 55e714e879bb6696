"""The `webhook_tokens` table: one-time tokens of signed webhooks (Mailgun), pruned by age."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import String, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.store.tables import Base
from desktop.store.types import UTCDateTime

TOKEN_LENGTH = 200


class WebhookTokenRow(Base):
    __tablename__ = "webhook_tokens"
    provider: Mapped[str] = mapped_column(String(20), primary_key=True)
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SqlWebhookTokens:
    """Adds, reads and prunes seen tokens in the caller's session. Never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, provider: str, tokens: Sequence[tuple[str, datetime]]) -> None:
        """Remember `tokens` (token, its signed time); one seen before is kept as it was."""
        if not tokens:
            return
        table = cast(Table, WebhookTokenRow.__table__)
        dialect = self._session.get_bind().dialect.name
        insert: Any = pg_insert if dialect == "postgresql" else sqlite_insert
        rows = [
            {"provider": provider, "token": token[:TOKEN_LENGTH], "signed_at": signed_at}
            for token, signed_at in tokens
        ]
        self._session.execute(insert(table).on_conflict_do_nothing(), rows)

    def since(self, provider: str, moment: datetime) -> list[tuple[str, datetime]]:
        """The tokens of `provider` signed at or after `moment`, oldest first."""
        rows = self._session.execute(
            select(WebhookTokenRow.token, WebhookTokenRow.signed_at)
            .where(WebhookTokenRow.provider == provider, WebhookTokenRow.signed_at >= moment)
            .order_by(WebhookTokenRow.signed_at)
        )
        return [(str(token), signed_at) for token, signed_at in rows]

    def prune(self, before: datetime) -> int:
        """Forget tokens signed before `before`: a replay of one is refused as stale anyway."""
        result: Any = self._session.execute(
            delete(WebhookTokenRow).where(WebhookTokenRow.signed_at < before)
        )
        return int(result.rowcount or 0)
