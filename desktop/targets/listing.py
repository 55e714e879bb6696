"""Each provider's current suppression list, read page by page through its documented endpoint.

SendGrid  GET /v3/suppression/{bounces|blocks|spam_reports}?limit=500&offset=N
Mailgun   GET /v3/{domain}/{bounces|complaints}?limit=1000, then paging.next
Postmark  GET /message-streams/{stream}/suppressions/dump        (one answer, no paging)
Mandrill  POST /rejects/list {"key"}                             (one answer, up to 1000)
SES v2    GET /v2/email/suppression/addresses?PageSize=1000[&NextToken=...]

A 429 waits for Retry-After (or a growing pause) and asks for the same page again.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from desktop.domain.errors import BounceDeskError
from desktop.targets.config import TargetConfig
from desktop.targets.http import HttpResponse, retry_after, send, snippet
from desktop.targets.providers import SesClient

MAX_RATE_WAITS = 8


class ListingError(BounceDeskError):
    """A provider refused or failed to hand over its list."""


@dataclass(frozen=True, slots=True)
class Suppression:
    """One address on a provider's list, with the provider's own reason for it."""

    address: str
    reason: str
    list: str  # which list: bounces, spam_reports, complaints, HardBounce, ...


Sleep = Callable[[float], None]


class Lister:
    """Reads one target's lists; counts the HTTP requests (pages) it made."""

    def __init__(self, config: TargetConfig, sleep: Sleep = time.sleep) -> None:
        self.config = config
        self.requests = 0
        self._sleep = sleep
        self._key: str | None = None

    def key(self) -> str:
        if self._key is None:
            self._key = self.config.secret.read() or ""
        return self._key

    def get(self, method: str, url: str, headers: dict[str, str], body: bytes | None = None) -> Any:
        """One page as JSON, waiting out 429s; any other failure ends the listing."""
        for wait_round in range(MAX_RATE_WAITS + 1):
            self.requests += 1
            response = self._send(method, url, headers, body)
            if response.status == 429 and wait_round < MAX_RATE_WAITS:
                wait = retry_after(response)
                self._sleep(min(60.0, 2.0**wait_round) if wait is None else wait)
                continue
            if response.status != 200:
                raise ListingError(
                    f"{self.config.name}: listing failed ({response.status or 'no answer'})"
                    f" {snippet(response.body) or response.error}"
                )
            try:
                return json.loads(response.body)
            except ValueError as error:
                raise ListingError(f"{self.config.name}: unreadable list page") from error
        raise ListingError(f"{self.config.name}: still rate-limited")

    def _send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> HttpResponse:
        return send(method, url, headers, body, self.config.timeout)

    def suppressions(self) -> Iterator[Suppression]:
        reader = getattr(self, f"_{self.config.kind.value}")
        yield from reader()

    def _sendgrid(self) -> Iterator[Suppression]:
        headers = {"Authorization": f"Bearer {self.key()}", "Accept": "application/json"}
        for kind in ("bounces", "blocks", "spam_reports"):
            offset, limit = 0, 500
            while True:
                query = urlencode({"limit": limit, "offset": offset})
                url = f"{self.config.api_base}/v3/suppression/{kind}?{query}"
                page = self.get("GET", url, headers)
                for entry in page:
                    yield Suppression(
                        str(entry["email"]).lower(), str(entry.get("reason", "")), kind
                    )
                if len(page) < limit:
                    break
                offset += limit

    def _mailgun(self) -> Iterator[Suppression]:
        token = base64.b64encode(f"api:{self.key()}".encode()).decode("ascii")
        headers = {"Authorization": f"Basic {token}"}
        base = urlsplit(self.config.api_base)
        for domain in self.config.domains:
            for kind in ("bounces", "complaints"):
                url = f"{self.config.api_base}/v3/{quote(domain, safe='')}/{kind}?limit=1000"
                while True:
                    page = self.get("GET", url, headers)
                    items = page.get("items") or []
                    for entry in items:
                        reason = str(entry.get("error") or entry.get("code") or kind)
                        yield Suppression(str(entry["address"]).lower(), reason, kind)
                    following = (page.get("paging") or {}).get("next")
                    if not items or not following:
                        break
                    # Follow the provider's own link, but only to the configured host.
                    parts = urlsplit(following)
                    url = f"{base.scheme}://{base.netloc}{parts.path}?{parts.query}"

    def _postmark(self) -> Iterator[Suppression]:
        headers = {"Accept": "application/json", "X-Postmark-Server-Token": self.key()}
        stream = quote(self.config.stream, safe="")
        url = f"{self.config.api_base}/message-streams/{stream}/suppressions/dump"
        for entry in self.get("GET", url, headers).get("Suppressions") or []:
            reason = str(entry.get("SuppressionReason", ""))
            yield Suppression(str(entry["EmailAddress"]).lower(), reason, reason)

    def _mandrill(self) -> Iterator[Suppression]:
        payload: dict[str, Any] = {"key": self.key(), "include_expired": False}
        if self.config.subaccount:
            payload["subaccount"] = self.config.subaccount
        body = json.dumps(payload).encode()
        url = f"{self.config.api_base}/rejects/list"
        for entry in self.get("POST", url, {"Content-Type": "application/json"}, body):
            yield Suppression(str(entry["email"]).lower(), str(entry.get("reason", "")), "rejects")

    def _ses(self) -> Iterator[Suppression]:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        credentials = SesClient(self.config)._credentials()
        token: str | None = None
        while True:
            query = {"PageSize": "1000", **({"NextToken": token} if token else {})}
            url = f"{self.config.api_base}/v2/email/suppression/addresses?{urlencode(query)}"
            request = AWSRequest(method="GET", url=url)
            SigV4Auth(credentials, "ses", self.config.region).add_auth(request)
            page = self.get("GET", url, {k: str(v) for k, v in request.headers.items()})
            for entry in page.get("SuppressedDestinationSummaries") or []:
                reason = str(entry.get("Reason", ""))
                yield Suppression(str(entry["EmailAddress"]).lower(), reason, reason)
            token = page.get("NextToken")
            if not token:
                break
