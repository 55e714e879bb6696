"""Prometheus figures of the ingest service: per-source counters, lag, spool and database."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


class Metrics:
    """One registry per service (tests run several). Thread-safe, as prometheus_client is."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "bouncedesk_ingest_requests",
            "Webhook requests by source and HTTP status",
            ["source", "code"],
            registry=self.registry,
        )
        self.events = Counter(
            "bouncedesk_ingest_events",
            "Events by source and outcome (imported, duplicate, bad, skipped, spooled)",
            ["source", "outcome"],
            registry=self.registry,
        )
        self.ack_seconds = Histogram(
            "bouncedesk_ingest_ack_seconds",
            "Time from a webhook's arrival to its acknowledgement",
            ["source"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "bouncedesk_ingest_dead_letters",
            "Spooled bodies the database refused, moved to the dead-letter folder",
            ["source"],
            registry=self.registry,
        )
        self.database_up = Gauge(
            "bouncedesk_ingest_database_up", "1 while the database takes writes",
            registry=self.registry,
        )  # fmt: skip
        self.database_up.set(1)
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._spool: Callable[[], tuple[int, int]] | None = None
        self._dead: Callable[[], int] | None = None
        self.registry.register(_Freshness(self))

    def received(self, source: str, at: float | None = None) -> None:
        """Note that `source` brought events now (for the lag gauge)."""
        with self._lock:
            self._last[source] = at if at is not None else time.time()

    def watch_spool(self, figures: Callable[[], tuple[int, int]]) -> None:
        """`figures` answers (entries, bytes) of the spool at scrape time."""
        self._spool = figures

    def watch_dead_letters(self, count: Callable[[], int]) -> None:
        """`count` answers how many bodies the dead-letter folder holds, at scrape time."""
        self._dead = count

    def dead_letter_bodies(self) -> int | None:
        return self._dead() if self._dead is not None else None

    def last_received(self) -> dict[str, float]:
        with self._lock:
            return dict(self._last)

    def spool_figures(self) -> tuple[int, int] | None:
        return self._spool() if self._spool is not None else None

    def text(self) -> bytes:
        return generate_latest(self.registry)


class _Freshness(Collector):
    """Lag per source and the spool's size, computed when scraped."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = time.time()
        lag = GaugeMetricFamily(
            "bouncedesk_ingest_lag_seconds",
            "Seconds since each source last brought events",
            labels=["source"],
        )
        for source, at in sorted(self._metrics.last_received().items()):
            lag.add_metric([source], max(0.0, now - at))
        yield lag
        figures = self._metrics.spool_figures()
        if figures is not None:
            yield GaugeMetricFamily(
                "bouncedesk_ingest_spool_entries", "Bodies waiting in the spool", value=figures[0]
            )
            yield GaugeMetricFamily(
                "bouncedesk_ingest_spool_bytes", "Bytes waiting in the spool", value=figures[1]
            )
        dead = self._metrics.dead_letter_bodies()
        if dead is not None:
            yield GaugeMetricFamily(
                "bouncedesk_ingest_dead_letter_bodies",
                "Bodies in the dead-letter folder (until staff remove them)",
                value=dead,
            )
