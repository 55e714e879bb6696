"""Ports for the live side: the release outbox, ingest positions and source states."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from desktop.domain.ingest_position import IngestPosition
from desktop.domain.release_targets import CallResult, DeliveryState, OutboxItem
from desktop.domain.source_state import StoredSourceState


class OutboxRepository(Protocol):
    """The release outbox: one row per release and provider target, claimed by workers."""

    def add_many(self, rows: Sequence[dict[str, Any]]) -> None: ...

    def get(self, item_id: int) -> OutboxItem | None: ...

    def for_request(self, request_id: int) -> list[OutboxItem]: ...

    def for_requests(self, request_ids: Sequence[int]) -> dict[int, list[OutboxItem]]: ...

    def recent_requests(self, limit: int) -> list[int]: ...

    def unfinished(self, limit: int = 1000) -> list[OutboxItem]: ...

    def counts(self) -> dict[str, int]: ...

    def claim(
        self,
        worker: str,
        now: datetime,
        lease: timedelta,
        limit: int,
        targets: Sequence[str],
    ) -> list[OutboxItem]: ...

    def finish(
        self,
        item_id: int,
        worker: str,
        result: CallResult,
        now: datetime,
        next_attempt_at: datetime | None = None,
    ) -> bool: ...

    def release_claims(self, worker: str) -> None: ...

    def set_state(
        self,
        item_id: int,
        state: DeliveryState,
        note: str,
        now: datetime,
        only_from: Sequence[DeliveryState],
    ) -> bool: ...

    def stopped_targets(self) -> set[str]: ...

    def desk_states(self, addresses: Sequence[str], now: datetime) -> dict[str, str]: ...

    def latest_request(self, address: str) -> int | None: ...


class IngestPositions(Protocol):
    """Where each live source stopped reading, saved with the events it committed."""

    def get(self, source: str) -> IngestPosition | None: ...

    def all(self) -> list[IngestPosition]: ...

    def save(self, position: IngestPosition) -> None: ...

    def delete(self, source: str) -> bool: ...


class SourceStates(Protocol):
    """Each live source's freshness: events committed, the newest event, the last error."""

    def events_committed(
        self, name: str, count: int, last_event_at: datetime | None, now: datetime
    ) -> None: ...

    def error(self, name: str, message: str, now: datetime) -> None: ...

    def dead_lettered(self, name: str, message: str, now: datetime) -> None: ...

    def all(self, today: str) -> list[StoredSourceState]: ...


class WebhookTokens(Protocol):
    """One-time tokens of signed webhooks (Mailgun), kept while their timestamps are fresh."""

    def add(self, provider: str, tokens: Sequence[tuple[str, datetime]]) -> None: ...

    def since(self, provider: str, moment: datetime) -> list[tuple[str, datetime]]: ...

    def prune(self, before: datetime) -> int: ...
