"""End to end: the ingest service on a local port, real HTTP, real databases (both engines)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.live.app import basic_auth_header
from desktop.live.config import load_config
from desktop.live.service import IngestService
from tests.live.hooks import (
    MAILGUN_KEY,
    POSTMARK_PASSWORD,
    POSTMARK_USER,
    SendGridSigner,
    config_text,
    count_rows,
    free_port,
    mailgun_body,
    mandrill_form,
    post,
    running,
    sendgrid_events,
)

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def signer() -> SendGridSigner:
    return SendGridSigner()


@pytest.fixture
def service(
    db_url: str, tmp_path: Path, signer: SendGridSigner
) -> Iterator[tuple[IngestService, int]]:
    port = free_port()
    path = tmp_path / "ingest.toml"
    path.write_text(config_text(port, signer.public_key, tmp_path / "spool"))
    with running(IngestService(load_config(str(path)), db_url)) as live:
        yield live, port


def test_signed_sendgrid_batch_is_committed_before_the_answer(
    service: tuple[IngestService, int], db_url: str, signer: SendGridSigner
) -> None:
    _live, port = service
    body = json.dumps(sendgrid_events(100)).encode()
    status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
    assert (status, answer["imported"], answer["duplicates"]) == (200, 100, 0)
    assert count_rows(db_url) == 100  # committed when the 200 came

    # The same post again (a provider retry) stores nothing twice.
    status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
    assert (status, answer["imported"], answer["duplicates"]) == (200, 0, 100)
    assert count_rows(db_url) == 100


def test_unsigned_forged_stale_and_oversized_requests_store_nothing(
    service: tuple[IngestService, int], db_url: str, signer: SendGridSigner
) -> None:
    _live, port = service
    body = json.dumps(sendgrid_events(3)).encode()
    assert post(port, "/hooks/sendgrid", body, {"Content-Type": "application/json"})[0] == 401
    forged = signer.headers(body)
    tampered = body.replace(b"example.nl", b"example.nz")
    assert post(port, "/hooks/sendgrid", tampered, forged)[0] == 403
    stale = signer.headers(body, timestamp=1_600_000_000)
    assert post(port, "/hooks/sendgrid", body, stale)[0] == 403
    other = SendGridSigner().headers(body)
    assert post(port, "/hooks/sendgrid", body, other)[0] == 403
    big = json.dumps(sendgrid_events(2000)).encode()
    assert len(big) > 200_000
    assert post(port, "/hooks/sendgrid", big, signer.headers(big))[0] == 413
    assert count_rows(db_url) == 0


def test_malformed_body_is_400_and_good_siblings_are_kept(
    service: tuple[IngestService, int], db_url: str, signer: SendGridSigner
) -> None:
    _live, port = service
    garbage = b"[{not json"
    assert post(port, "/hooks/sendgrid", garbage, signer.headers(garbage))[0] == 400
    events = sendgrid_events(3)
    batch: list[object] = [*events, {"event": "bounce"}, 42, {"event": "never_heard_of", "x": 1}]
    body = json.dumps(batch).encode()
    status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
    assert status == 400
    assert (answer["imported"], answer["bad"], answer["skipped"]) == (3, 2, 1)
    assert count_rows(db_url) == 3


def test_mailgun_signature_and_replayed_token(
    service: tuple[IngestService, int], db_url: str
) -> None:
    _live, port = service
    body = mailgun_body("token-1", "mg-event-1", "jan@example.nl")
    status, answer, _ = post(port, "/hooks/mailgun", body, {"Content-Type": "application/json"})
    assert (status, answer["imported"]) == (200, 1)
    assert post(port, "/hooks/mailgun", body)[0] == 403  # the same token again: a replay
    forged = mailgun_body("token-2", "mg-event-2", "piet@example.nl", key="wrong" + MAILGUN_KEY)
    assert post(port, "/hooks/mailgun", forged)[0] == 403
    unsigned = json.dumps({"event-data": {"event": "failed"}}).encode()
    assert post(port, "/hooks/mailgun", unsigned)[0] == 401
    stored = "SELECT count(*) FROM events WHERE key LIKE 'mailgun:%' AND type <> 'quarantined'"
    assert count_rows(db_url, stored) == 1


def test_postmark_basic_auth(service: tuple[IngestService, int], db_url: str) -> None:
    _live, port = service
    body = (DATA / "postmark" / "bounce.json").read_bytes()
    good = {"Authorization": basic_auth_header(POSTMARK_USER, POSTMARK_PASSWORD)}
    bad = {"Authorization": basic_auth_header(POSTMARK_USER, "guess")}
    assert post(port, "/hooks/postmark", body)[0] == 401
    assert post(port, "/hooks/postmark", body, bad)[0] == 403
    status, answer, _ = post(port, "/hooks/postmark", body, good)
    assert (status, answer["imported"]) == (200, 1)


def test_mandrill_signature_and_head_check(service: tuple[IngestService, int], db_url: str) -> None:
    _live, port = service
    assert post(port, "/hooks/mandrill", b"", method="HEAD")[0] == 200
    url = f"http://127.0.0.1:{port}/hooks/mandrill"
    events = [
        {
            "event": "hard_bounce",
            "_id": "mandrill-1",
            "ts": 1795815302,
            "msg": {
                "_id": "mandrill-1",
                "ts": 1795815301,
                "email": "kees@example.nl",
                "state": "bounced",
                "diag": "smtp;550 5.1.1 User unknown",
                "bounce_description": "bad_mailbox",
            },
        }
    ]
    body, signature = mandrill_form(events, url)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert post(port, "/hooks/mandrill", body, form)[0] == 401
    assert post(port, "/hooks/mandrill", body, {**form, "X-Mandrill-Signature": "AAAA"})[0] == 403
    signed = {**form, "X-Mandrill-Signature": signature}
    status, answer, _ = post(port, "/hooks/mandrill", body, signed)
    assert (status, answer["imported"]) == (200, 1)


def test_webhook_then_manual_import_of_the_same_export_stores_once(
    service: tuple[IngestService, int], db_url: str, signer: SendGridSigner, tmp_path: Path
) -> None:
    _live, port = service
    body = (DATA / "sendgrid" / "post.json").read_bytes()
    status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
    assert status == 200 and answer["imported"] > 0
    before = count_rows(db_url, "SELECT count(*) FROM events")
    assert main(["--db", db_url, "import", "sendgrid", str(DATA / "sendgrid" / "post.json")]) == 0
    assert count_rows(db_url, "SELECT count(*) FROM events") == before


def test_status_metrics_and_health(
    service: tuple[IngestService, int],
    db_url: str,
    signer: SendGridSigner,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _live, port = service
    body = json.dumps(sendgrid_events(5)).encode()
    assert post(port, "/hooks/sendgrid", body, signer.headers(body))[0] == 200
    assert post(port, "/healthz", b"", method="GET")[0] == 200
    status, answer, _ = post(port, "/metrics", b"", method="GET")
    metrics = answer["text"]
    assert status == 200
    assert 'bouncedesk_ingest_events_total{outcome="imported",source="sendgrid"} 5.0' in metrics
    assert 'bouncedesk_ingest_requests_total{code="200",source="sendgrid"} 1.0' in metrics
    assert 'bouncedesk_ingest_lag_seconds{source="sendgrid"}' in metrics

    capsys.readouterr()
    assert main(["--db", db_url, "ingest", "--status", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    state = json.loads(line)
    assert (state["source"], state["events_today"], state["quiet"]) == ("sendgrid", 5, False)
    assert main(["--db", db_url, "ingest", "--status"]) == 0
    assert "Live · " in capsys.readouterr().out
