"""The database stops while webhooks arrive: bodies are spooled, acknowledged, then drained."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from desktop.live.config import load_config
from desktop.live.service import IngestService
from tests.live.hooks import (
    SendGridSigner,
    config_text,
    count_rows,
    free_port,
    post,
    running,
    sendgrid_events,
)
from tests.live.pg_instance import pg_instance

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_database_stopped_and_started_while_posting(tmp_path: Path) -> None:
    signer = SendGridSigner()
    batches = [
        json.dumps(sendgrid_events(100, start=100 * n, tag="outage")).encode() for n in range(5)
    ]
    with pg_instance() as pg:
        port = free_port()
        config = tmp_path / "ingest.toml"
        room = len(batches[1]) + len(batches[2]) + 500  # two bodies fit, a third does not
        config.write_text(
            config_text(port, signer.public_key, tmp_path / "spool", spool_max_bytes=str(room))
        )
        with running(IngestService(load_config(str(config)), pg.url)) as live:
            status, answer, _ = post(
                port, "/hooks/sendgrid", batches[0], signer.headers(batches[0])
            )
            assert (status, answer["imported"]) == (200, 100)

            pg.stop("immediate")
            for body in batches[1:3]:
                status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
                assert (status, answer.get("spooled")) == (200, True)
            assert len(list((tmp_path / "spool").glob("*.body"))) == 2
            status, _, headers = post(
                port, "/hooks/sendgrid", batches[3], signer.headers(batches[3])
            )
            assert status == 503 and headers["retry-after"].isdigit()  # the spool is full
            assert post(port, "/healthz", b"", method="GET")[0] == 503

            pg.start()
            deadline = time.monotonic() + 60
            while len(live.writer.spool) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(live.writer.spool) == 0
            for body in batches[3:]:  # the refused body is retried, as SendGrid does
                status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
                assert (status, answer["imported"]) == (200, 100)
            status, answer, _ = post(
                port, "/hooks/sendgrid", batches[1], signer.headers(batches[1])
            )
            assert (status, answer["duplicates"]) == (200, 100)
        assert count_rows(pg.url) == 500


def test_service_started_while_the_database_is_down_spools_then_migrates(
    tmp_path: Path,
) -> None:
    signer = SendGridSigner()
    batches = [json.dumps(sendgrid_events(50, start=50 * n, tag="cold")).encode() for n in range(2)]
    with pg_instance() as pg:
        pg.stop("immediate")  # a new server whose database was never migrated, and down
        port = free_port()
        config = tmp_path / "ingest.toml"
        config.write_text(config_text(port, signer.public_key, tmp_path / "spool"))
        with running(IngestService(load_config(str(config)), pg.url)) as live:
            for body in batches:
                status, answer, _ = post(port, "/hooks/sendgrid", body, signer.headers(body))
                assert (status, answer.get("spooled")) == (200, True)
            pg.start()
            deadline = time.monotonic() + 60
            while len(live.writer.spool) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(live.writer.spool) == 0
        assert count_rows(pg.url) == 100
