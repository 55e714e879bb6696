"""The release call of each provider, as its API documentation describes it.

SendGrid  DELETE /v3/suppression/{bounces|blocks|spam_reports}/{email}    Bearer API key
Mailgun   DELETE /v3/{domain}/{bounces|complaints}/{address}, per domain   Basic api:KEY
Postmark  POST /message-streams/{stream}/suppressions/delete               X-Postmark-Server-Token
Mandrill  POST /rejects/delete  {"key", "email"[, "subaccount"]}          key in the body
SES v2    DELETE /v2/email/suppression/addresses/{email}                   SigV4 (botocore)
"""

from __future__ import annotations

import base64
import json
from abc import ABC, abstractmethod
from typing import Protocol
from urllib.parse import quote

from desktop.domain.release_targets import CallOutcome, CallResult, TargetKind
from desktop.targets.config import TargetConfig
from desktop.targets.http import HttpResponse, judge, send, snippet

SPAM = "spam"


class ReleaseClient(Protocol):
    """Clears one address at one provider. Runs on a worker thread; holds no database state."""

    config: TargetConfig

    def remove(self, address: str, cause: str, reason: str) -> CallResult: ...


def _path_part(value: str) -> str:
    return quote(value, safe="@")


class _Client(ABC):
    """What every provider's client shares: its config and its secret, read on first use."""

    @abstractmethod
    def remove(self, address: str, cause: str, reason: str) -> CallResult: ...

    def __init__(self, config: TargetConfig) -> None:
        self.config = config
        self._secret: str | None = None

    def _key(self) -> str:
        # Read on first use and kept in memory only; never written anywhere.
        if self._secret is None:
            self._secret = self.config.secret.read() or ""
        return self._secret

    def _send(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None = None
    ) -> HttpResponse:
        url = self.config.api_base + path
        return send(method, url, headers, body, self.config.timeout)


class SendGridClient(_Client):
    def remove(self, address: str, cause: str, reason: str) -> CallResult:
        kind = "spam_reports" if cause == SPAM else "blocks" if reason == "blocked" else "bounces"
        headers = {"Authorization": f"Bearer {self._key()}"}
        path = f"/v3/suppression/{kind}/{_path_part(address)}"
        return judge(self._send("DELETE", path, headers))


class MailgunClient(_Client):
    def remove(self, address: str, cause: str, reason: str) -> CallResult:
        kind = "complaints" if cause == SPAM else "bounces"
        token = base64.b64encode(f"api:{self._key()}".encode()).decode("ascii")
        headers = {"Authorization": f"Basic {token}"}
        worst: CallResult | None = None
        for count, domain in enumerate(self.config.domains, start=1):
            path = f"/v3/{quote(domain, safe='')}/{kind}/{_path_part(address)}"
            result = judge(self._send("DELETE", path, headers), requests=count)
            if result.outcome is CallOutcome.STOP:
                return result
            if not result.succeeded and worst is None:
                worst = result  # try the other domains too; the row is retried as a whole
        total = len(self.config.domains)
        if worst is not None:
            return CallResult(worst.outcome, worst.status, worst.detail, worst.retry_after, total)
        return CallResult(CallOutcome.DONE, 200, requests=total)


class PostmarkClient(_Client):
    def remove(self, address: str, cause: str, reason: str) -> CallResult:
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "X-Postmark-Server-Token": self._key(),
        }
        body = json.dumps({"Suppressions": [{"EmailAddress": address}]}).encode()
        path = f"/message-streams/{quote(self.config.stream, safe='')}/suppressions/delete"
        response = self._send("POST", path, headers, body)
        result = judge(response)
        if response.status != 200:
            return result
        # A 200 lists each address with Status "Deleted" or "Failed" and a Message.
        try:
            answers = json.loads(response.body).get("Suppressions") or []
            answer = answers[0]
        except (ValueError, AttributeError, IndexError, TypeError):
            return CallResult(
                CallOutcome.RETRY, 200, f"unreadable answer: {snippet(response.body)}"
            )
        if str(answer.get("Status", "")).lower() == "deleted":
            return result
        return CallResult(CallOutcome.RETRY, 200, f"Failed: {answer.get('Message') or ''}"[:200])


class MandrillClient(_Client):
    def remove(self, address: str, cause: str, reason: str) -> CallResult:
        payload = {"key": self._key(), "email": address}
        if self.config.subaccount:
            payload["subaccount"] = self.config.subaccount
        headers = {"Content-Type": "application/json"}
        response = self._send("POST", "/rejects/delete", headers, json.dumps(payload).encode())
        try:
            answer = json.loads(response.body) if response.body else {}
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        if response.status == 200:
            # {"email": ..., "deleted": false} means it was not on the denylist: already gone.
            deleted = bool(answer.get("deleted"))
            outcome = CallOutcome.DONE if deleted else CallOutcome.GONE
            return CallResult(outcome, 200, "" if deleted else "not on the denylist")
        # Mandrill reports errors as {"status": "error", "name": ...}; a bad key is Invalid_Key.
        if answer.get("name") == "Invalid_Key":
            return CallResult(CallOutcome.STOP, response.status, "Invalid_Key")
        return judge(response)


class SesClient(_Client):
    def _credentials(self) -> object:
        from botocore.credentials import Credentials

        text = self.config.secret.read()
        if text:
            # The file (or keyring entry) holds the access key id, the secret key and,
            # for temporary credentials, the session token, one per line.
            parts = text.split()
            if len(parts) < 2:
                raise ValueError("the SES key file needs the access key id and the secret key")
            return Credentials(parts[0], parts[1], parts[2] if len(parts) > 2 else None)
        import botocore.session

        found = botocore.session.get_session().get_credentials()
        if found is None:
            raise ValueError("no AWS credentials for SES (key file, keyring or environment)")
        return found

    def remove(self, address: str, cause: str, reason: str) -> CallResult:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        url = f"{self.config.api_base}/v2/email/suppression/addresses/{quote(address, safe='')}"
        request = AWSRequest(method="DELETE", url=url, data=b"")
        try:
            SigV4Auth(self._credentials(), "ses", self.config.region).add_auth(request)
        except ValueError as error:
            return CallResult(CallOutcome.STOP, 0, str(error))
        headers = {k: str(v) for k, v in request.headers.items()}
        return judge(send("DELETE", url, headers, None, self.config.timeout))


_CLIENTS: dict[TargetKind, type[_Client]] = {
    TargetKind.SENDGRID: SendGridClient,
    TargetKind.MAILGUN: MailgunClient,
    TargetKind.POSTMARK: PostmarkClient,
    TargetKind.MANDRILL: MandrillClient,
    TargetKind.SES: SesClient,
}


def client_for(config: TargetConfig) -> ReleaseClient:
    client: ReleaseClient = _CLIENTS[config.kind](config)
    return client
