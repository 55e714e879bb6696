"""One HTTP exchange with a provider (urllib), and what its status code means for a release."""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.release_targets import CallOutcome, CallResult


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int  # 0: no answer (connection refused, timeout)
    headers: Mapping[str, str]
    body: bytes
    error: str = ""

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


def send(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None = None,
    timeout: float = 10.0,
) -> HttpResponse:
    """Make one request; an error status is an answer, a network failure is status 0."""
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return HttpResponse(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        with error:
            return HttpResponse(error.code, dict(error.headers.items()), error.read())
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", None) or error
        return HttpResponse(0, {}, b"", f"no answer: {reason}")


def retry_after(response: HttpResponse) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), if any."""
    value = response.header("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def snippet(body: bytes, limit: int = 200) -> str:
    """A short, single-line piece of a provider's answer, for the audit log (plain text)."""
    text = body.decode("utf-8", errors="replace")
    return " ".join(text.split())[:limit]


def judge(response: HttpResponse, requests: int = 1) -> CallResult:
    """The meaning of a status, the same for every provider (their docs agree on these)."""
    status = response.status
    if status == 0:
        return CallResult(CallOutcome.RETRY, 0, response.error, requests=requests)
    if 200 <= status < 300:
        return CallResult(CallOutcome.DONE, status, requests=requests)
    if status == 404:
        return CallResult(CallOutcome.GONE, status, "not on the list", requests=requests)
    detail = snippet(response.body)
    if status in (401, 403):
        return CallResult(CallOutcome.STOP, status, detail or "refused", requests=requests)
    return CallResult(CallOutcome.RETRY, status, detail, retry_after(response), requests)
