"""SNS signatures (versions 1 and 2) against a local CA's certificate, and the SES endpoint."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from desktop.live.config import load_config
from desktop.live.service import IngestService
from desktop.live.sns import SnsVerifier, is_sns_url, string_to_sign
from tests.live.hooks import (
    TOPIC,
    SendGridSigner,
    config_text,
    count_rows,
    free_port,
    post,
    running,
)

CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-local.pem"
DATA = Path(__file__).parent.parent / "data"


class LocalSns:
    """A CA and a signing certificate issued by it, standing in for SNS's."""

    def __init__(self) -> None:
        now = datetime.now(UTC)
        ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Local test CA")])
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(ca_name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(ca_key, hashes.SHA256())
        )
        self.fetched: list[str] = []

    def fetch(self, url: str) -> bytes:
        self.fetched.append(url)
        if url == CERT_URL:
            return self.cert.public_bytes(serialization.Encoding.PEM)
        return b"<ConfirmSubscriptionResponse/>"

    def sign(self, message: dict[str, str], version: str = "2") -> dict[str, str]:
        signed = {**message, "SignatureVersion": version, "SigningCertURL": CERT_URL}
        digest = hashes.SHA256() if version == "2" else hashes.SHA1()
        raw = self.key.sign(string_to_sign(signed).encode(), padding.PKCS1v15(), digest)
        return {**signed, "Signature": base64.b64encode(raw).decode()}


def _notification(message: str, topic: str = TOPIC) -> dict[str, str]:
    return {
        "Type": "Notification",
        "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
        "TopicArn": topic,
        "Message": message,
        "Timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


@pytest.fixture
def sns() -> LocalSns:
    return LocalSns()


@pytest.mark.parametrize("version", ["1", "2"])
def test_both_signature_versions_verify(sns: LocalSns, version: str) -> None:
    verifier = SnsVerifier(sns.fetch)
    message = sns.sign(_notification('{"notificationType": "Bounce"}'), version)
    assert verifier.check(message) is None
    assert verifier.check({**message, "Message": "{}"}) == "bad signature"
    other = LocalSns()
    assert SnsVerifier(other.fetch).check(message) == "bad signature"


def test_certificates_only_from_sns_hosts(sns: LocalSns) -> None:
    verifier = SnsVerifier(sns.fetch)
    message = sns.sign(_notification("{}"))
    for url in (
        "https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem",
        "http://sns.eu-west-1.amazonaws.com/cert.pem",
        "https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem",
        "https://sns.eu-west-1.amazonaws.com:8443/cert.pem",
    ):
        assert not is_sns_url(url)
        assert verifier.check({**message, "SigningCertURL": url}) == (
            "certificate not on an SNS host"
        )
    assert sns.fetched == []
    assert is_sns_url("https://sns.cn-north-1.amazonaws.com.cn/x.pem")
    assert verifier.check({**message, "SignatureVersion": "3"}) == "unknown signature version"
    assert verifier.check({k: v for k, v in message.items() if k != "Signature"}) == "unsigned"


@pytest.fixture
def ses_service(db_url: str, tmp_path: Path, sns: LocalSns) -> Iterator[int]:
    port = free_port()
    path = tmp_path / "ingest.toml"
    path.write_text(config_text(port, SendGridSigner().public_key, None))
    with running(IngestService(load_config(str(path)), db_url, fetch=sns.fetch)):
        yield port


def test_ses_endpoint_confirms_and_stores(ses_service: int, db_url: str, sns: LocalSns) -> None:
    port = ses_service
    subscribe = sns.sign(
        {
            **_notification("You have chosen to subscribe"),
            "Type": "SubscriptionConfirmation",
            "Token": "2336412f37",
            "SubscribeURL": "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription",
        }
    )
    status, answer, _ = post(port, "/hooks/ses", json.dumps(subscribe).encode())
    assert status == 200 and "subscribed" in answer["confirmed"]
    assert sns.fetched[-1].startswith("https://sns.eu-west-1.amazonaws.com/?Action=")

    inner = json.loads((DATA / "ses" / "sns_bounce.json").read_text())["Message"]
    notification = sns.sign(_notification(inner))
    status, answer, _ = post(port, "/hooks/ses", json.dumps(notification).encode())
    assert (status, answer["imported"]) == (200, 2)

    forged = {**notification, "Message": inner.replace("piet@", "jan@")}
    assert post(port, "/hooks/ses", json.dumps(forged).encode())[0] == 403
    elsewhere = sns.sign(_notification(inner, topic=TOPIC + "-other"))
    assert post(port, "/hooks/ses", json.dumps(elsewhere).encode())[0] == 403
    unsigned = _notification(inner)
    assert post(port, "/hooks/ses", json.dumps(unsigned).encode())[0] == 401
    stored = "SELECT count(*) FROM events WHERE type <> 'quarantined'"
    assert count_rows(db_url, stored) == 2
