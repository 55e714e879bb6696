"""The service serves HTTPS itself when the config names a certificate and key."""

from __future__ import annotations

import http.client
import json
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.live.config import load_config
from desktop.live.service import IngestService
from tests.live.hooks import (
    SendGridSigner,
    config_text,
    count_rows,
    free_port,
    running,
    sendgrid_events,
)


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_signed_post_over_https(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    cert, key = _certificate(tmp_path)
    signer = SendGridSigner()
    port = free_port()
    config = tmp_path / "ingest.toml"
    text = config_text(port, signer.public_key, None, tls_cert=f'"{cert}"', tls_key=f'"{key}"')
    config.write_text(text)
    body = json.dumps(sendgrid_events(4)).encode()
    with running(IngestService(load_config(str(config)), db_url)):
        context = ssl.create_default_context(cafile=str(cert))
        connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=30)
        try:
            connection.request("POST", "/hooks/sendgrid", body=body, headers=signer.headers(body))
            response = connection.getresponse()
            answer = json.loads(response.read())
        finally:
            connection.close()
    assert (response.status, answer["imported"]) == (200, 4)
    assert count_rows(db_url) == 4
