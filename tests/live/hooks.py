"""Test helpers for the ingest service: signed provider requests, a running service, counts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import create_engine, text

MAILGUN_KEY = "key-mailgun-test-signing"
MANDRILL_KEY = "mandrill-test-key"
POSTMARK_USER, POSTMARK_PASSWORD = "postmark-hook", "s3cret pass"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:bounces"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class SendGridSigner:
    """A P-256 key pair standing in for SendGrid's: signs timestamp + body."""

    def __init__(self) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        der = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.public_key = base64.b64encode(der).decode()

    def headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = self._key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        return {
            "Content-Type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
        }


def sendgrid_events(count: int, tag: str = "", start: int = 0) -> list[dict[str, Any]]:
    """`count` deliveries to distinct addresses, with SendGrid event ids."""
    tag = tag or uuid.uuid4().hex[:8]
    now = int(time.time())
    return [
        {
            "email": f"user{start + n}-{tag}@example.nl",
            "timestamp": now,
            "event": "delivered",
            "response": "250 2.0.0 OK",
            "sg_event_id": f"ev-{tag}-{start + n}",
            "sg_message_id": f"msg-{tag}-{start + n}.filterdrecv-1",
        }
        for n in range(count)
    ]


def mailgun_body(token: str, event_id: str, recipient: str, key: str = MAILGUN_KEY) -> bytes:
    stamp = str(int(time.time()))
    signature = hmac.new(key.encode(), (stamp + token).encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"timestamp": stamp, "token": token, "signature": signature},
            "event-data": {
                "id": event_id,
                "timestamp": time.time(),
                "event": "failed",
                "severity": "permanent",
                "recipient": recipient,
                "delivery-status": {
                    "code": 550,
                    "message": "5.1.1 user unknown",
                    "description": "550 5.1.1 The email account does not exist",
                },
                "message": {"headers": {"message-id": f"{event_id}@mg.example"}},
            },
        }
    ).encode()


def mandrill_form(
    events: list[dict[str, Any]], url: str, key: str = MANDRILL_KEY
) -> tuple[bytes, str]:
    value = json.dumps(events)
    signed = url + "mandrill_events" + value
    signature = base64.b64encode(hmac.new(key.encode(), signed.encode(), hashlib.sha1).digest())
    return urlencode({"mandrill_events": value}).encode(), signature.decode()


def config_text(port: int, sendgrid_key: str, spool: Path | None, db_url: str | None = None,
                **extra: str) -> str:  # fmt: skip
    lines = []
    if db_url:
        lines += ["[database]", f'url = "{db_url}"', ""]
    lines += ["[webhooks]", f'listen = "127.0.0.1:{port}"', "max_body_bytes = 200000"]
    if spool is not None:
        lines.append(f'spool = "{spool}"')
    lines += [f"{name} = {value}" for name, value in extra.items()]
    lines += [
        "[webhooks.sendgrid]",
        f'public_key = "{sendgrid_key}"',
        "[webhooks.mailgun]",
        f'signing_key = "{MAILGUN_KEY}"',
        "[webhooks.postmark]",
        f'username = "{POSTMARK_USER}"',
        f'password = "{POSTMARK_PASSWORD}"',
        "[webhooks.mandrill]",
        f'key = "{MANDRILL_KEY}"',
        f'url = "http://127.0.0.1:{port}/hooks/mandrill"',
        "[webhooks.ses]",
        f'topic_arns = ["{TOPIC}"]',
    ]
    return "\n".join(lines) + "\n"


def post(
    port: int, path: str, body: bytes, headers: dict[str, str] | None = None,
    method: str = "POST", timeout: float = 30,
) -> tuple[int, dict[str, Any], dict[str, str]]:  # fmt: skip
    """A real HTTP request; (status, JSON answer or {}, headers)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        answer_headers = {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()
    try:
        answer = json.loads(data) if data else {}
    except ValueError:
        answer = {"text": data.decode(errors="replace")}
    return response.status, answer, answer_headers


SENDGRID_EVENTS = "SELECT count(*) FROM events WHERE key LIKE 'sendgrid:%'"


def count_rows(db_url: str, sql: str = SENDGRID_EVENTS) -> int:
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


@contextmanager
def running(service: Any) -> Iterator[Any]:
    service.start()
    assert service.wait_ready(), "the service did not start"
    try:
        yield service
    finally:
        service.stop()
