"""Amazon SNS message authenticity: signature versions 1 and 2, certificates from SNS hosts only.

The certificate fetcher is injectable (tests serve their own CA's certificate); the default
one fetches over HTTPS with the system's trust store and caches by URL.
"""

from __future__ import annotations

import base64
import binascii
import re
import threading
import urllib.request
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# sns.<region>.amazonaws.com, and the China regions' amazonaws.com.cn.
_SNS_HOST = re.compile(r"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")
_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_SUBSCRIPTION_FIELDS = (
    "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type",
)  # fmt: skip
CERT_LIMIT = 64 * 1024

Fetch = Callable[[str], bytes]


def is_sns_url(url: object) -> bool:
    """An https URL on an SNS host: the only places a certificate or subscribe link may be."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and bool(_SNS_HOST.match(parts.hostname or ""))
        and (parts.port in (None, 443))
    )


def string_to_sign(message: Mapping[str, Any]) -> str:
    """The canonical text SNS signs: field names and values on their own lines, in order."""
    kind = message.get("Type")
    names = _NOTIFICATION_FIELDS if kind == "Notification" else _SUBSCRIPTION_FIELDS
    lines: list[str] = []
    for name in names:
        value = message.get(name)
        if value is None:
            if name == "Subject":
                continue  # an optional field is left out, not signed empty
            raise ValueError(f"no {name}")
        lines += [name, str(value)]
    return "\n".join(lines) + "\n"


def fetch_https(url: str) -> bytes:
    """The default fetcher: HTTPS with certificate checks, small and quick."""
    with urllib.request.urlopen(url, timeout=10) as response:
        data: bytes = response.read(CERT_LIMIT + 1)
    if len(data) > CERT_LIMIT:
        raise ValueError("certificate too large")
    return data


class SnsVerifier:
    """Checks SNS messages; caches certificates by URL. Thread-safe."""

    def __init__(self, fetch: Fetch = fetch_https) -> None:
        self._fetch = fetch
        self._certs: dict[str, x509.Certificate] = {}
        self._lock = threading.Lock()

    def check(self, message: Mapping[str, Any], now: datetime | None = None) -> str | None:
        """None when `message` is signed by SNS, else why it is refused."""
        version = message.get("SignatureVersion")
        signature = message.get("Signature")
        url = message.get("SigningCertURL") or message.get("SigningCertUrl")
        if not signature or not url:
            return "unsigned"
        if version not in ("1", "2"):
            return "unknown signature version"
        if not is_sns_url(url):
            return "certificate not on an SNS host"
        try:
            text = string_to_sign(message)
            raw = base64.b64decode(str(signature), validate=True)
            cert = self._certificate(str(url))
        except (ValueError, binascii.Error, OSError) as exc:
            return f"cannot verify: {type(exc).__name__}"
        moment = now or datetime.now(UTC)
        if not cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc:
            return "certificate expired"
        key = cert.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            return "certificate key is not RSA"
        digest = hashes.SHA1() if version == "1" else hashes.SHA256()
        try:
            key.verify(raw, text.encode("utf-8"), padding.PKCS1v15(), digest)
        except InvalidSignature:
            return "bad signature"
        return None

    def _certificate(self, url: str) -> x509.Certificate:
        with self._lock:
            cached = self._certs.get(url)
        if cached is not None:
            return cached
        cert = x509.load_pem_x509_certificate(self._fetch(url))
        with self._lock:
            if len(self._certs) > 100:
                self._certs.clear()
            self._certs[url] = cert
        return cert
