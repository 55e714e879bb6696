"""The providers' authenticity checks, including SendGrid's own published test vector."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from desktop.live.auth import (
    MailgunCheck,
    check_basic_auth,
    check_mandrill,
    check_sendgrid,
    load_sendgrid_key,
    mandrill_signature,
)

# The test vector SendGrid's own libraries publish (sendgrid-python, -nodejs, -java, ... tests).
VECTOR_KEY = (
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQG"
    "hHPTnlvFYPAZFceEu/1FwCM/QmGUhA=="
)
VECTOR_PAYLOAD = b'{"category":"example_payload","event":"test_event","message_id":"message_id"}'
VECTOR_SIGNATURE = (
    "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nl"
    "xFDWYNH2j/0="
)
VECTOR_TIMESTAMP = "1588788367"
FLIPPED_SIGNATURE = VECTOR_SIGNATURE[:-6] + "H3j/0="  # one byte changed, as the libraries test
OTHER_KEY = (
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo"
    "7aNDthvj+y7GjUuFDb/R1NGe1OPzpA=="
)
VECTOR_NOW = 1588788367.0 + 60


def test_sendgrid_published_vector_verifies() -> None:
    key = load_sendgrid_key(VECTOR_KEY)
    why = check_sendgrid(key, VECTOR_PAYLOAD, VECTOR_SIGNATURE, VECTOR_TIMESTAMP, VECTOR_NOW, 900)
    assert why is None


@pytest.mark.parametrize(
    ("key", "payload", "signature", "timestamp", "why"),
    [
        (OTHER_KEY, VECTOR_PAYLOAD, VECTOR_SIGNATURE, VECTOR_TIMESTAMP, "bad signature"),
        (VECTOR_KEY, b"payload", VECTOR_SIGNATURE, VECTOR_TIMESTAMP, "bad signature"),
        (VECTOR_KEY, VECTOR_PAYLOAD, FLIPPED_SIGNATURE, VECTOR_TIMESTAMP, "bad signature"),
        (VECTOR_KEY, VECTOR_PAYLOAD, VECTOR_SIGNATURE, "1588788368", "bad signature"),
        (VECTOR_KEY, VECTOR_PAYLOAD, "not base64!", VECTOR_TIMESTAMP, "bad signature"),
        (VECTOR_KEY, VECTOR_PAYLOAD, None, VECTOR_TIMESTAMP, "unsigned"),
        (VECTOR_KEY, VECTOR_PAYLOAD, VECTOR_SIGNATURE, None, "unsigned"),
    ],
)
def test_sendgrid_vector_refusals(
    key: str, payload: bytes, signature: str | None, timestamp: str | None, why: str
) -> None:
    loaded = load_sendgrid_key(key)
    assert check_sendgrid(loaded, payload, signature, timestamp, VECTOR_NOW, 900) == why


def test_sendgrid_replay_after_the_window_is_refused() -> None:
    key = load_sendgrid_key(VECTOR_KEY)
    late = 1588788367.0 + 901
    assert check_sendgrid(key, VECTOR_PAYLOAD, VECTOR_SIGNATURE, VECTOR_TIMESTAMP, late, 900) == (
        "stale or bad timestamp"
    )


def _mailgun(key: str, stamp: str, token: str) -> dict[str, object]:
    digest = hmac.new(key.encode(), (stamp + token).encode(), hashlib.sha256).hexdigest()
    return {"timestamp": stamp, "token": token, "signature": digest}


def test_mailgun_token_once_and_time_window() -> None:
    check = MailgunCheck("signing-key", max_age=900)
    now = 1_800_000_000.0
    assert check(_mailgun("signing-key", "1800000000", "tok"), now) is None
    assert check(_mailgun("signing-key", "1800000000", "tok"), now) == "replayed token"
    assert check(_mailgun("signing-key", "1799990000", "old"), now) == "stale or bad timestamp"
    assert check(_mailgun("other-key", "1800000000", "new"), now) == "bad signature"
    assert check({"timestamp": "1800000000"}, now) == "unsigned"


def test_mailgun_token_of_a_refused_body_may_come_again() -> None:
    """Held while its body is answered; kept once acknowledged, let go after a 503 or 500
    (the provider retries with the same token then)."""
    check = MailgunCheck("signing-key", max_age=900)
    now = 1_800_000_000.0
    signed = _mailgun("signing-key", "1800000000", "tok")
    assert check(signed, now) is None
    assert check(signed, now) == "replayed token"  # the same token while the first is in hand
    check.settle("tok", now, acknowledged=False)
    assert check(signed, now) is None  # the retry
    check.settle("tok", now, acknowledged=True)
    assert check(signed, now) == "replayed token"


def test_mailgun_tokens_remembered_are_pruned_by_age() -> None:
    check = MailgunCheck("signing-key", max_age=900)
    now = 1_800_000_000.0
    check.remember([("older", now - 1000), ("recent", now - 100)], now)
    assert len(check) == 1  # "older" is outside the window: a replay of it is stale anyway
    assert check(_mailgun("signing-key", str(int(now - 100)), "recent"), now) == "replayed token"
    check.settle("late", now + 200, acknowledged=True)
    check(_mailgun("signing-key", str(int(now + 950)), "next"), now + 950)  # prunes "recent"
    assert len(check) == 1


def test_basic_auth() -> None:
    header = "Basic " + base64.b64encode(b"hook:pa:ss").decode()
    assert check_basic_auth(header, "hook", "pa:ss") is None
    assert check_basic_auth(header, "hook", "pass") == "bad credentials"
    assert check_basic_auth(None, "hook", "pa:ss") == "unsigned"
    assert check_basic_auth("Basic %%%", "hook", "pa:ss") == "bad credentials"


def test_mandrill_signs_url_and_sorted_fields() -> None:
    url = "https://desk.example.org/hooks/mandrill"
    fields = [("mandrill_events", "[]"), ("b", "2"), ("a", "1")]
    signed = url + "a1b2mandrill_events[]"
    expected = base64.b64encode(hmac.new(b"k", signed.encode(), hashlib.sha1).digest()).decode()
    assert mandrill_signature("k", url, fields) == expected
    assert check_mandrill("k", url, fields, expected) is None
    assert check_mandrill("k", url + "x", fields, expected) == "bad signature"
    assert check_mandrill("k", url, fields, None) == "unsigned"
