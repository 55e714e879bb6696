"""The webhook server: one endpoint per provider, each with its own authenticity check.

Handlers verify and parse on the event loop's thread pool, then wait for the writer's
outcome: 2xx only once the events are committed or spooled. Nothing from a refused request
is stored. Log lines name the source and the outcome, never a secret or a body.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from desktop.ingest.feedkit import from_iso
from desktop.live.auth import (
    MailgunCheck,
    check_basic_auth,
    check_mandrill,
    check_sendgrid,
    load_sendgrid_key,
    mailgun_token,
)
from desktop.live.config import WebhookConfig
from desktop.live.metrics import Metrics
from desktop.live.sink import MalformedBody, Parsed, form_fields, new_classifier, parse_body
from desktop.live.sns import Fetch, SnsVerifier, fetch_https, is_sns_url
from desktop.live.writer import Delivery, Outcome, Writer

log = logging.getLogger("bouncedesk.ingest")

RETRY_AFTER = "30"  # seconds a sender should wait when the spool is full
MAX_ERRORS_SHOWN = 20


class _TooLarge(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Refusal:
    status: int  # 401 unsigned, 403 forged or replayed
    why: str


def build_app(
    config: WebhookConfig,
    writer: Writer,
    metrics: Metrics,
    *,
    fetch: Fetch = fetch_https,
    clock: Callable[[], float] = time.time,
    seen_tokens: Sequence[tuple[str, float]] = (),
) -> Starlette:
    """The ASGI app for `config`; `fetch` gets SNS certificates and opens subscribe links;
    `seen_tokens` are Mailgun's tokens an earlier run stored (token, signed time)."""
    hooks = _Hooks(config, writer, metrics, fetch, clock)
    if hooks.mailgun is not None:
        hooks.mailgun.remember(seen_tokens, clock())
    routes = [
        Route("/hooks/{provider}", hooks.post, methods=["POST"]),
        Route("/hooks/mandrill", hooks.mandrill_check, methods=["HEAD", "GET"]),
        Route("/healthz", hooks.healthz, methods=["GET"]),
        Route("/metrics", hooks.metrics, methods=["GET"]),
    ]
    return Starlette(routes=routes)


class _Hooks:
    def __init__(
        self,
        config: WebhookConfig,
        writer: Writer,
        metrics: Metrics,
        fetch: Fetch,
        clock: Callable[[], float],
    ) -> None:
        self._config = config
        self._writer = writer
        self._metrics = metrics
        self._clock = clock
        self._fetch = fetch
        self._sendgrid = load_sendgrid_key(config.sendgrid.public_key) if config.sendgrid else None
        self.mailgun = (
            MailgunCheck(config.mailgun.signing_key, config.max_age_seconds)
            if config.mailgun
            else None
        )
        self._sns = SnsVerifier(fetch)

    # --- endpoints -----------------------------------------------------------------------

    async def post(self, request: Request) -> Response:
        provider = request.path_params["provider"]
        if provider not in self._config.providers:
            return PlainTextResponse("no such webhook\n", status_code=404)
        started = time.monotonic()
        try:
            body = await self._body(request)
        except _TooLarge:
            return self._answer(provider, 413, {"error": "body too large"})
        headers = {name.lower(): value for name, value in request.headers.items()}
        response = await run_in_threadpool(self._handle, provider, body, headers)
        self._metrics.ack_seconds.labels(provider).observe(time.monotonic() - started)
        return response

    async def mandrill_check(self, request: Request) -> Response:
        # Mandrill sends a HEAD (older accounts: GET) when a webhook is added: just answer.
        return Response(status_code=200 if self._config.mandrill else 404)

    async def healthz(self, request: Request) -> Response:
        spool = self._writer.spool
        room = spool is not None and spool.has_room(self._config.max_body_bytes)
        healthy = self._writer.database_up or room
        return PlainTextResponse("ok\n" if healthy else "unavailable\n", 200 if healthy else 503)

    async def metrics(self, request: Request) -> Response:
        return Response(self._metrics.text(), media_type="text/plain; version=0.0.4; charset=utf-8")

    # --- on a worker thread ----------------------------------------------------------------

    def _handle(self, provider: str, body: bytes, headers: dict[str, str]) -> Response:
        refusal, confirmed = self._verify(provider, body, headers)
        if refusal is not None:
            log.warning("%s: refused (%s)", provider, refusal.why)
            return self._answer(provider, refusal.status, {"error": refusal.why})
        if provider != "mailgun" or self.mailgun is None:
            return self._accept(provider, body, confirmed, None)
        token = mailgun_token(body)  # checked and held as pending by _verify
        assert token is not None
        response = None
        try:
            response = self._accept(provider, body, confirmed, token)
        finally:
            acknowledged = response is not None and response.status_code < 300
            self.mailgun.settle(token[0], token[1], acknowledged)
        return response

    def _accept(
        self, provider: str, body: bytes, confirmed: str | None, token: tuple[str, float] | None
    ) -> Response:
        if confirmed is not None:
            log.info("ses: %s", confirmed)
            return self._answer(provider, 200, {"confirmed": confirmed})
        try:
            parsed = parse_body(provider, body, f"webhook/{provider}", new_classifier())
        except MalformedBody as exc:
            log.warning("%s: malformed body (%s)", provider, exc)
            self._metrics.events.labels(provider, "bad").inc()
            return self._answer(provider, 400, {"error": str(exc)})
        return self._deliver(provider, body, parsed, token)

    def _deliver(
        self, provider: str, body: bytes, parsed: Parsed, token: tuple[str, float] | None
    ) -> Response:
        figures: dict[str, Any] = {
            "received": len(parsed.events),
            "bad": len(parsed.bad),
            "skipped": parsed.skipped,
        }
        if parsed.bad:
            self._metrics.events.labels(provider, "bad").inc(len(parsed.bad))
            figures["errors"] = [
                f"{bad.source}: {bad.why}" for bad in parsed.bad[:MAX_ERRORS_SHOWN]
            ]
        if parsed.skipped:
            self._metrics.events.labels(provider, "skipped").inc(parsed.skipped)
        status = 400 if parsed.bad else 200
        if parsed.events:
            delivery = Delivery(provider, provider, body, parsed, token=token)
            outcome = self._writer.deliver(delivery)
            if outcome is Outcome.COMMITTED and delivery.written is not None:
                figures["imported"] = delivery.written.imported
                figures["duplicates"] = delivery.written.duplicates
            elif outcome is Outcome.SPOOLED:
                figures["spooled"] = True
            elif outcome in (Outcome.FULL, Outcome.UNAVAILABLE):
                log.warning("%s: not accepted (%s)", provider, outcome.value)
                return self._answer(
                    provider, 503, {"error": outcome.value}, {"Retry-After": RETRY_AFTER}
                )
            else:
                return self._answer(provider, 500, {"error": "not stored; please retry"})
        log.info(
            "%s: %d events, %s imported, %s duplicates, %d bad, %d skipped%s",
            provider, figures["received"], figures.get("imported", 0),
            figures.get("duplicates", 0), figures["bad"], figures["skipped"],
            " (spooled)" if figures.get("spooled") else "",
        )  # fmt: skip
        return self._answer(provider, status, figures)

    def _verify(
        self, provider: str, body: bytes, headers: dict[str, str]
    ) -> tuple[Refusal | None, str | None]:
        """(a refusal, or None), and for an SNS subscription what was confirmed."""
        now = self._clock()
        config = self._config
        if provider == "sendgrid":
            assert self._sendgrid is not None
            why = check_sendgrid(
                self._sendgrid,
                body,
                headers.get("x-twilio-email-event-webhook-signature"),
                headers.get("x-twilio-email-event-webhook-timestamp"),
                now,
                config.max_age_seconds,
            )
        elif provider == "mailgun":
            assert self.mailgun is not None
            try:
                signature = json.loads(body).get("signature")
            except (ValueError, AttributeError, RecursionError):
                signature = None
            why = self.mailgun(signature, now) if isinstance(signature, dict) else "unsigned"
        elif provider == "postmark":
            assert config.postmark is not None
            why = check_basic_auth(
                headers.get("authorization"), config.postmark.username, config.postmark.password
            )
        elif provider == "mandrill":
            assert config.mandrill is not None
            try:
                fields = form_fields(body)
            except MalformedBody:
                fields = []
            given = headers.get("x-mandrill-signature")
            why = check_mandrill(config.mandrill.key, config.mandrill.url, fields, given)
        else:
            return self._verify_sns(body, now)
        return (_refusal(why) if why else None), None

    def _verify_sns(self, body: bytes, now: float) -> tuple[Refusal | None, str | None]:
        assert self._config.ses is not None
        try:
            message = json.loads(body)
        except (ValueError, RecursionError):
            message = None
        if not isinstance(message, dict):
            return Refusal(401, "unsigned"), None
        why = self._sns.check(message)
        if why:
            return _refusal(why), None
        if message.get("TopicArn") not in self._config.ses.topic_arns:
            return Refusal(403, "topic not configured"), None
        if not _sns_fresh(message.get("Timestamp"), now, self._config.max_age_seconds):
            return Refusal(403, "stale or bad timestamp"), None
        kind = message.get("Type")
        if kind == "SubscriptionConfirmation":
            url = message.get("SubscribeURL")
            if not is_sns_url(url):
                return Refusal(403, "subscribe URL not on an SNS host"), None
            try:
                self._fetch(str(url))
            except (OSError, ValueError) as exc:
                return Refusal(403, f"subscription not confirmed: {type(exc).__name__}"), None
            return None, f"subscribed to {message.get('TopicArn')}"
        if kind == "UnsubscribeConfirmation":
            return None, f"unsubscribed from {message.get('TopicArn')}"
        return None, None

    async def _body(self, request: Request) -> bytes:
        limit = self._config.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    def _answer(
        self,
        provider: str,
        status: int,
        figures: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> Response:
        self._metrics.requests.labels(provider, str(status)).inc()
        return JSONResponse(figures, status_code=status, headers=headers)


def _refusal(why: str) -> Refusal:
    return Refusal(401 if why == "unsigned" else 403, why)


def _sns_fresh(timestamp: object, now: float, max_age: float) -> bool:
    moment = from_iso(timestamp)
    return moment is not None and now - max_age <= moment.timestamp() <= now + 300


def basic_auth_header(username: str, password: str) -> str:
    """The Authorization header value for HTTP basic auth (for tests and the bench)."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
