"""Ports for the roll-up figures and the settings stored in the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Protocol

from desktop.domain.model import (
    Quarantine,
)
from desktop.domain.stats import Dimension, MessageCount, RollupCount


class StatsRepository(Protocol):
    """Delivery figures from the event roll-up (hourly counts) and a few small counts."""

    def counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
        zone: tzinfo = UTC,
    ) -> list[RollupCount]:
        """Events per type (and per each of `by`) in the hours from `since`'s to before `until`.

        Grouped by Dimension.DAY, a count's `hour` is the start (in UTC) of the day that begins
        at midnight in `zone`, each day with its own offset (a daylight-saving change moves it).
        """

    def message_counts(
        self,
        since: datetime,
        until: datetime,
        by: Sequence[Dimension] = (),
        account: str | None = None,
        domain: str | None = None,
        zone: tzinfo = UTC,
    ) -> list[MessageCount]:
        """Messages created in [since, until) per status (and per each of `by`), whenever their
        events came: what became of the mail sent in the period. Grouped by Dimension.HOUR or
        DAY, a count's `hour` is that of the messages' creation (DAY as in `counts`)."""

    def quarantines_started(self, since: datetime, until: datetime) -> int: ...

    def pending_requests(self) -> int: ...

    def quarantines_of_account(
        self, account: str, since: datetime, until: datetime, limit: int = 500
    ) -> list[Quarantine]:
        """Quarantines started in the window for addresses the account has sent to, oldest first."""

    def rebuild(self) -> int:
        """Recount the roll-up from the events; returns its number of rows."""


class DatabaseSettings(Protocol):
    def get(self, key: str, default: str | None = None) -> str | None: ...

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The stored values of those of `keys` that are set (one query)."""
        ...

    def set(self, key: str, value: str) -> None: ...

    def caller_may_approve(self) -> bool: ...
