"""The runner of `bouncedesk ingest`: the webhook server and every configured source, at once.

Each source (log follow, mailbox) runs on a thread of its own and reports through
`StateReport`, which writes the `ingest_sources` table. SIGTERM or SIGINT stops the server,
lets the writer finish its group and the sources save their positions, then returns 0.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import uvicorn

from desktop.domain.errors import DatabaseUnavailable
from desktop.live.app import build_app
from desktop.live.config import LiveConfig
from desktop.live.metrics import Metrics
from desktop.live.sns import Fetch, fetch_https
from desktop.live.sources import build_sources
from desktop.live.sources.base import Source
from desktop.live.spool import Spool
from desktop.live.writer import TOKEN_MAX_AGE, Writer
from desktop.services.connection import open_database, open_lazily
from desktop.services.live_status import record_error, record_events
from desktop.services.ports import Database, UnitOfWorkFactory
from desktop.services.release_sync import run_outbox_worker
from desktop.services.webhook_tokens import recent_tokens
from desktop.targets.config import TargetConfig, parse_release_targets

log = logging.getLogger("bouncedesk.ingest")

CONCURRENT_REQUESTS = 64  # beyond this uvicorn answers 503: with the body cap, bounds memory
SOURCE_JOIN_SECONDS = 30.0


class StateReport:
    """The SourceReport the sources call, from their threads: state table and metrics."""

    def __init__(self, uow_factory: UnitOfWorkFactory, metrics: Metrics) -> None:
        self._uow_factory = uow_factory
        self._metrics = metrics

    def events_committed(self, source: str, count: int, last_event_at: datetime | None) -> None:
        now = datetime.now(UTC)
        self._metrics.events.labels(source, "imported").inc(count)
        self._metrics.received(source, now.timestamp())
        try:
            with self._uow_factory() as uow:
                record_events(uow, source, count, last_event_at, now)
                uow.commit()
        except DatabaseUnavailable as exc:  # the source's events are safe; only the figure waits
            log.warning("%s: state not saved (%s)", source, str(exc).splitlines()[0][:200])

    def error(self, source: str, message: str) -> None:
        log.warning("%s: %s", source, " ".join(message.split())[:300])
        with contextlib.suppress(DatabaseUnavailable):
            record_error(self._uow_factory, source, message)


class IngestService:
    """The whole service; `run` blocks until stopped. Tests call `start`/`stop` instead."""

    def __init__(self, config: LiveConfig, db_url: str, *, fetch: Fetch = fetch_https) -> None:
        self._config = config
        self._db_url = db_url
        self._fetch = fetch
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server: uvicorn.Server | None = None
        self._server_thread: threading.Thread | None = None
        self.metrics = Metrics()
        spooling = bool(config.webhooks and config.webhooks.spool)
        self.database, migrated = _open(db_url, spooling=spooling)
        hooks = config.webhooks
        spool = Spool(hooks.spool, hooks.spool_max_bytes) if hooks and hooks.spool else None
        if spool is not None:
            self.metrics.watch_spool(lambda: (len(spool), spool.size))
            self.metrics.watch_dead_letters(spool.dead_letters)
            if len(spool):
                log.info("spool: %d bodies left from before; draining", len(spool))
        prepare = None if migrated else lambda: open_database(db_url).dispose()
        max_age = float(hooks.max_age_seconds) if hooks else TOKEN_MAX_AGE
        self.writer = Writer(
            self.database.unit_of_work,
            spool,
            self.metrics,
            token_max_age=max_age,
            prepare=prepare,
        )
        self._tokens = _seen_tokens(self.database, config) if migrated else []

    def start(self) -> None:
        """Start the writer, the sources and the server (on threads); returns at once."""
        self.writer.start()
        self._start_sources()
        hooks = self._config.webhooks
        if hooks is None or not hooks.providers:
            log.info("no webhooks configured")
            return
        app = build_app(
            hooks, self.writer, self.metrics, fetch=self._fetch, seen_tokens=self._tokens
        )
        server_config = uvicorn.Config(
            app,
            host=hooks.host,
            port=hooks.port,
            ssl_certfile=hooks.tls_cert,
            ssl_keyfile=hooks.tls_key,
            log_config=None,
            access_log=False,
            limit_concurrency=CONCURRENT_REQUESTS,
            timeout_graceful_shutdown=10,
        )
        self._server = uvicorn.Server(server_config)
        self._server_thread = threading.Thread(
            target=self._server.run, name="ingest-http", daemon=True
        )
        self._server_thread.start()
        scheme = "https" if hooks.tls_cert else "http"
        log.info("webhooks: %s on %s://%s:%d", ", ".join(hooks.providers), scheme,
                 hooks.host, hooks.port)  # fmt: skip

    def wait_ready(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while self._server is not None and not self._server.started:
            if time.monotonic() > deadline or (
                self._server_thread is not None and not self._server_thread.is_alive()
            ):
                return False
            time.sleep(0.02)
        return True

    def stop(self) -> None:
        """Stop accepting, finish what is in hand, let the sources save their positions."""
        if self._server is not None:
            self._server.should_exit = True
        if self._server_thread is not None:
            self._server_thread.join()
        self._stop.set()
        for thread in self._threads:
            thread.join(SOURCE_JOIN_SECONDS)
        self.writer.stop()
        self.database.dispose()

    def run(self) -> int:
        """Run until SIGTERM or SIGINT; 0 after a clean stop."""
        stopping = threading.Event()

        def on_signal(number: int, _frame: FrameType | None) -> None:
            log.info("stopping (%s)", signal.Signals(number).name)
            stopping.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        log.info("running as process %d; SIGTERM or Ctrl-C stops it", os.getpid())
        try:
            self.start()
            if not self.wait_ready():
                log.error("the webhook server did not start (is the port in use?)")
                self.stop()
                return 1
            while not stopping.wait(0.5):
                if self._server_thread is not None and not self._server_thread.is_alive():
                    log.error("the webhook server stopped by itself")
                    break
            self.stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        log.info("stopped")
        return 0

    def _start_sources(self) -> None:
        report = StateReport(self.database.unit_of_work, self.metrics)
        for source in build_sources(self._config.raw, self._db_url):
            thread = threading.Thread(
                target=self._run_source, args=(source, report), name=f"source-{source.name}"
            )
            thread.start()
            self._threads.append(thread)
            log.info("source %s: started", source.name)
        targets = parse_release_targets(self._config.raw, Path(self._config.path).parent)
        if targets:  # the release outbox is delivered here; `bouncedesk sync` does it without
            thread = threading.Thread(
                target=self._run_outbox,
                args=(targets,),
                name="release-targets",
            )
            thread.start()
            self._threads.append(thread)
            log.info("release targets: %s", ", ".join(t.name for t in targets))

    def _run_outbox(self, targets: list[TargetConfig]) -> None:
        try:
            run_outbox_worker(self._db_url, targets, self._stop)
        except Exception:  # the webhooks and sources go on; the failure is in the log
            log.exception("release targets: the worker stopped")

    def _run_source(self, source: Source, report: StateReport) -> None:
        try:
            source.run(self._stop, report)
        except Exception as exc:  # one broken source must not take the others down
            log.exception("source %s failed", source.name)
            report.error(source.name, f"{type(exc).__name__}: {exc}")


def _seen_tokens(database: Database, config: LiveConfig) -> list[tuple[str, float]]:
    """Mailgun's tokens of bodies stored within the accepted age (by an earlier run)."""
    hooks = config.webhooks
    if hooks is None or hooks.mailgun is None:
        return []
    since = time.time() - hooks.max_age_seconds
    try:
        tokens = recent_tokens(database.unit_of_work, "mailgun", since)
    except DatabaseUnavailable as exc:  # the spool takes bodies meanwhile; keys keep them once
        log.warning("mailgun: seen tokens not loaded (%s)", str(exc).splitlines()[0][:200])
        return []
    if tokens:
        log.info("mailgun: %d tokens seen in the last %d s remembered", len(tokens),
                 hooks.max_age_seconds)  # fmt: skip
    return tokens


def _open(url: str, *, spooling: bool) -> tuple[Database, bool]:
    """The database and whether it is migrated yet. With a spool, a database that is down at
    start is not fatal: bodies are spooled, and it is migrated before the first write."""
    try:
        return open_database(url), True
    except DatabaseUnavailable as exc:
        if not spooling:
            raise
        log.warning("database: unavailable at start (%s); spooling", str(exc)[:200])
        return open_lazily(url), False
