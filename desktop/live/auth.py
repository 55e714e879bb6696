"""Each provider's documented webhook authenticity check, on the raw request.

Every check answers None when the request is authentic, else the reason to refuse it (for the
log: never a secret, never the body). Times are seconds since 1970.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

# Mailgun tokens remembered, as a bound on memory; tokens older than the time window are
# pruned first (a replay of one is refused as stale), so this is reached only by a flood.
REPLAY_MEMORY = 1_000_000


def load_sendgrid_key(text: str) -> ec.EllipticCurvePublicKey:
    """The verification key as SendGrid shows it (base64 DER), or as PEM."""
    data = text.strip()
    if data.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(data.encode())
    else:
        key = serialization.load_der_public_key(base64.b64decode("".join(data.split())))
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError("the SendGrid verification key is not an elliptic-curve key")
    return key


def check_sendgrid(
    key: ec.EllipticCurvePublicKey,
    body: bytes,
    signature: str | None,
    timestamp: str | None,
    now: float,
    max_age: float | None,
) -> str | None:
    """ECDSA (P-256, SHA-256) over the timestamp header followed by the raw body."""
    if not signature or not timestamp:
        return "unsigned"
    if max_age is not None and not _fresh(timestamp, now, max_age):
        return "stale or bad timestamp"
    try:
        der = base64.b64decode(signature, validate=True)
        key.verify(der, timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, binascii.Error, ValueError):
        return "bad signature"
    return None


class MailgunCheck:
    """HMAC-SHA256 of timestamp + token; each token is accepted once. Thread-safe.

    A token is held as pending from its check until its body is answered: `settle` keeps it
    when the body was acknowledged (2xx) and lets it go otherwise, so the provider's retry of a
    body we refused (503, 500) is not taken for a replay. The service saves the tokens of
    stored bodies in the database and `remember`s them again after a restart.
    """

    def __init__(self, signing_key: str, max_age: float) -> None:
        self._key = signing_key.encode()
        self._max_age = max_age
        self._seen: OrderedDict[str, float] = OrderedDict()  # token -> signed time, oldest first
        self._pending: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, signature: Mapping[str, object], now: float) -> str | None:
        timestamp, token = signature.get("timestamp"), signature.get("token")
        given = signature.get("signature")
        if not (isinstance(timestamp, str | int) and isinstance(token, str)):
            return "unsigned"
        if not isinstance(given, str) or not token:
            return "unsigned"
        timestamp = str(timestamp)
        if not _fresh(timestamp, now, self._max_age):
            return "stale or bad timestamp"
        expected = hmac.new(self._key, (timestamp + token).encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, given.lower()):
            return "bad signature"
        with self._lock:
            if token in self._seen or token in self._pending:
                return "replayed token"
            self._pending.add(token)
            self._prune(now)
        return None

    def settle(self, token: str, signed_at: float, acknowledged: bool) -> None:
        """The body signed with `token` was answered: remember the token if it was a 2xx."""
        with self._lock:
            self._pending.discard(token)
            if acknowledged:
                self._seen[token] = signed_at
                if len(self._seen) > REPLAY_MEMORY:
                    self._seen.popitem(last=False)

    def remember(self, tokens: Sequence[tuple[str, float]], now: float) -> None:
        """Tokens seen before (by an earlier run of the service), oldest first."""
        with self._lock:
            for token, signed_at in tokens:
                self._seen[token] = signed_at
            self._prune(now)

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)

    def _prune(self, now: float) -> None:
        # Signed times arrive roughly in order; a token signed a little ahead of an older one
        # is kept a little longer, never dropped early.
        oldest = now - self._max_age
        while self._seen:
            token, signed_at = next(iter(self._seen.items()))
            if signed_at >= oldest:
                break
            del self._seen[token]


def mailgun_token(body: bytes) -> tuple[str, float] | None:
    """(token, signed time) of a Mailgun body, or None when it carries none."""
    try:
        signature = json.loads(body).get("signature")
        token, timestamp = signature["token"], float(signature["timestamp"])
    except (ValueError, AttributeError, KeyError, TypeError, RecursionError):
        return None
    return (token, timestamp) if isinstance(token, str) and token else None


def check_basic_auth(header: str | None, username: str, password: str) -> str | None:
    """HTTP basic auth (Postmark puts the credentials in the webhook URL)."""
    if not header or not header.lower().startswith("basic "):
        return "unsigned"
    try:
        given = base64.b64decode(header[6:].strip(), validate=True)
    except (binascii.Error, ValueError):
        return "bad credentials"
    expected = f"{username}:{password}".encode()
    return None if hmac.compare_digest(given, expected) else "bad credentials"


def mandrill_signature(key: str, url: str, fields: Sequence[tuple[str, str]]) -> str:
    """base64 HMAC-SHA1 of the webhook URL followed by each POST field's name and value,
    sorted by name (Mandrill's documented scheme)."""
    signed = url + "".join(name + value for name, value in sorted(fields, key=lambda f: f[0]))
    digest = hmac.new(key.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def check_mandrill(
    key: str, url: str, fields: Sequence[tuple[str, str]], given: str | None
) -> str | None:
    if not given:
        return "unsigned"
    expected = mandrill_signature(key, url, fields)
    return None if hmac.compare_digest(expected, given.strip()) else "bad signature"


def _fresh(timestamp: str, now: float, max_age: float) -> bool:
    try:
        moment = float(timestamp)
    except ValueError:
        return False
    # A little slack forward: the sender's clock may run ahead of ours.
    return now - max_age <= moment <= now + 300
