"""Local HTTP servers that answer like each provider's documented suppression API.

Each keeps its own suppression list, checks the documented auth header, records every request
(method, path, headers, body) and can be told to fail: scripted answers first (429 with
Retry-After, 5xx, ...), a random share of 503s (the bench), or a hold that keeps a request
open until the test lets it go (a worker killed mid-call).
"""

from __future__ import annotations

import base64
import json
import random
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

KEY = "test-key-123"
AWS_KEY_ID = "AKIDEXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Answer = tuple[int, dict[str, str], bytes]


def _json(status: int, obj: Any, headers: dict[str, str] | None = None) -> Answer:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(obj).encode()


@dataclass
class ProviderServer:
    """One provider's API on 127.0.0.1; `suppressed` holds (list, address) pairs."""

    kind: str
    region: str = "eu-west-1"
    suppressed: set[tuple[str, str]] = field(default_factory=set)
    requests: list[Seen] = field(default_factory=list)
    script: deque[Answer] = field(default_factory=deque)
    fail_rate: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    hold: threading.Event | None = None  # when set up: the first request waits for it
    entered: threading.Event = field(default_factory=threading.Event)
    listing: list[dict[str, Any]] = field(default_factory=list)  # for the list endpoints
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ProviderServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, dict(self.headers.items()), body)
                status, headers, payload = owner.answer(seen)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the caller was killed mid-call: what the tests do on purpose

            do_GET = do_POST = do_DELETE = _any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> ProviderServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # --- answering ----------------------------------------------------------------------

    def answer(self, seen: Seen) -> Answer:
        with self._lock:
            self.requests.append(seen)
            first = len(self.requests) == 1
            scripted = self.script.popleft() if self.script else None
            flaky = self.fail_rate and self.rng.random() < self.fail_rate
        if first and self.hold is not None:
            self.entered.set()
            self.hold.wait(30)
        if scripted is not None:
            return scripted
        if flaky:
            return _json(503, {"message": "injected failure"})
        return getattr(self, f"_{self.kind}")(seen)

    def _take(self, kind: str, address: str) -> bool:
        with self._lock:
            if (kind, address) in self.suppressed:
                self.suppressed.discard((kind, address))
                return True
            return False

    def _sendgrid(self, seen: Seen) -> Answer:
        if seen.headers.get("Authorization") != f"Bearer {KEY}":
            return _json(401, {"errors": [{"field": None, "message": "authorization required"}]})
        parts = urlsplit(seen.path)
        segments = parts.path.split("/")
        if seen.method == "GET" and segments[1:3] == ["v3", "suppression"]:
            return self._sendgrid_page(segments[3], parse_qs(parts.query))
        if seen.method == "DELETE" and segments[1:3] == ["v3", "suppression"]:
            if self._take(segments[3], unquote(segments[4])):
                return 204, {}, b""
            return _json(404, {"errors": [{"field": None, "message": "Email does not exist"}]})
        return _json(400, {"errors": [{"message": "unexpected request"}]})

    def _listed(self, kind: str) -> list[dict[str, Any]]:
        return [entry for entry in self.listing if entry.get("list", kind) == kind]

    def _sendgrid_page(self, kind: str, query: dict[str, list[str]]) -> Answer:
        limit = min(500, int(query.get("limit", ["500"])[0]))
        offset = int(query.get("offset", ["0"])[0])
        page = self._listed(kind)[offset : offset + limit]
        return _json(
            200, [{"email": e["address"], "reason": e["reason"], "created": 1} for e in page]
        )

    def _mailgun(self, seen: Seen) -> Answer:
        token = base64.b64encode(f"api:{KEY}".encode()).decode()
        if seen.headers.get("Authorization") != f"Basic {token}":
            return 401, {"Content-Type": "text/plain"}, b"Forbidden"
        parts = urlsplit(seen.path)
        segments = parts.path.split("/")
        if seen.method == "GET" and len(segments) == 4 and segments[1] == "v3":
            return self._mailgun_page(segments[2], segments[3], parse_qs(parts.query))
        if seen.method == "DELETE" and len(segments) == 5 and segments[1] == "v3":
            domain, kind, address = segments[2], segments[3], unquote(segments[4])
            if self._take(f"{domain}/{kind}", address):
                return _json(
                    200, {"message": "Bounced address has been removed", "address": address}
                )
            return _json(404, {"message": "Address not found in bounces table"})
        return _json(400, {"message": "unexpected request"})

    def _mailgun_page(self, domain: str, kind: str, query: dict[str, list[str]]) -> Answer:
        # Mailgun pages by address: paging.next asks for the entries after the last one.
        limit = int(query.get("limit", ["100"])[0])
        after = query.get("address", [""])[0] if query.get("page") == ["next"] else ""
        entries = sorted(self._listed(kind), key=lambda e: e["address"])
        page = [e for e in entries if e["address"] > after][:limit]
        base = f"{self.url}/v3/{domain}/{kind}"
        last = page[-1]["address"] if page else after
        paging = {"next": f"{base}?page=next&address={last}&limit={limit}", "first": base}
        items = [{"address": e["address"], "code": "550", "error": e["reason"]} for e in page]
        return _json(200, {"items": items, "paging": paging})

    def _postmark(self, seen: Seen) -> Answer:
        if seen.headers.get("X-Postmark-Server-Token") != KEY:
            return _json(401, {"ErrorCode": 10, "Message": "Bad or missing Server API token."})
        segments = urlsplit(seen.path).path.split("/")
        if seen.method == "GET" and segments[3:] == ["suppressions", "dump"]:
            dump = [
                {
                    "EmailAddress": e["address"],
                    "SuppressionReason": e["reason"],
                    "Origin": "Recipient",
                }
                for e in self.listing
            ]
            return _json(200, {"Suppressions": dump})
        if seen.method == "POST" and segments[3:] == ["suppressions", "delete"]:
            answers = []
            for entry in seen.json()["Suppressions"]:
                self._take(segments[2], entry["EmailAddress"])
                answers.append(
                    {"EmailAddress": entry["EmailAddress"], "Status": "Deleted", "Message": None}
                )
            return _json(200, {"Suppressions": answers})
        return _json(422, {"ErrorCode": 0, "Message": "unexpected request"})

    def _mandrill(self, seen: Seen) -> Answer:
        body = seen.json()
        if body.get("key") != KEY:
            error = {
                "status": "error",
                "code": -1,
                "name": "Invalid_Key",
                "message": "Invalid API key",
            }
            return _json(500, error)
        if seen.method == "POST" and seen.path == "/rejects/list":
            return _json(
                200, [{"email": e["address"], "reason": e["reason"]} for e in self.listing]
            )
        if seen.method == "POST" and seen.path == "/rejects/delete":
            deleted = self._take("rejects", body["email"])
            return _json(200, {"email": body["email"], "deleted": deleted, "subaccount": None})
        return _json(500, {"status": "error", "name": "ValidationError", "message": "unexpected"})

    def _ses(self, seen: Seen) -> Answer:
        auth = seen.headers.get("Authorization", "")
        scope = f"AWS4-HMAC-SHA256 Credential={AWS_KEY_ID}/"
        if not auth.startswith(scope) or f"/{self.region}/ses/aws4_request" not in auth:
            return _json(403, {"message": "The security token included in the request is invalid."})
        parts = urlsplit(seen.path)
        segments = parts.path.split("/")
        if seen.method == "GET" and segments[1:] == ["v2", "email", "suppression", "addresses"]:
            query = parse_qs(parts.query)
            size = min(1000, int(query.get("PageSize", ["100"])[0]))
            start = int(query.get("NextToken", ["0"])[0])
            page = self.listing[start : start + size]
            answer: dict[str, Any] = {
                "SuppressedDestinationSummaries": [
                    {"EmailAddress": e["address"], "Reason": e["reason"]} for e in page
                ]
            }
            if start + size < len(self.listing):
                answer["NextToken"] = str(start + size)
            return _json(200, answer)
        if seen.method == "DELETE" and segments[1:5] == ["v2", "email", "suppression", "addresses"]:
            if self._take("account", unquote(segments[5])):
                return 200, {}, b""
            return _json(404, {"message": "Email address is not on the suppression list"})
        return _json(400, {"message": "unexpected request"})


def target_entry(server: ProviderServer, folder: Any, key: str = KEY) -> dict[str, Any]:
    """The `[[release_targets]]` table for `server`, its secret in a file under `folder`."""
    entry: dict[str, Any] = {"kind": server.kind, "api_base": server.url}
    if server.kind == "ses":
        secret = f"{AWS_KEY_ID}\n{AWS_SECRET}\n" if key == KEY else f"AKIDWRONG\n{key}\n"
        entry["region"] = server.region
    else:
        secret = key + "\n"
    path = folder / f"{server.kind}.key"
    path.write_text(secret)
    entry["server_token_file" if server.kind == "postmark" else "api_key_file"] = str(path)
    if server.kind == "mailgun":
        entry["domains"] = ["mg.example.org", "mg2.example.org"]
    if server.kind == "postmark":
        entry["stream"] = "outbound"
    return entry


def suppress(server: ProviderServer, address: str, cause: str = "hard-bounce") -> None:
    """Put `address` on the server's list where a release of that cause will look."""
    spam = cause == "spam"
    if server.kind == "sendgrid":
        server.suppressed.add(("spam_reports" if spam else "bounces", address))
    elif server.kind == "mailgun":
        for domain in ("mg.example.org", "mg2.example.org"):
            server.suppressed.add((f"{domain}/{'complaints' if spam else 'bounces'}", address))
    elif server.kind == "postmark":
        server.suppressed.add(("outbound", address))
    elif server.kind == "mandrill":
        server.suppressed.add(("rejects", address))
    else:
        server.suppressed.add(("account", address))
