"""The runner starts every source on its own thread; their reports reach the state table."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.domain.errors import ValidationError
from desktop.live import service as service_module
from desktop.live.config import load_config, parse_config
from desktop.live.service import IngestService, StateReport
from desktop.services.connection import open_database
from desktop.services.live_status import Level, freshness, source_states


class FakeFollow:
    """A source that reports two batches, then waits for the stop and says it saved."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.saved = threading.Event()

    def run(self, stop: threading.Event, report: StateReport) -> None:
        report.events_committed(self.name, 3, datetime(2026, 12, 5, 9, 0, tzinfo=UTC))
        report.events_committed(self.name, 2, datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
        report.error(self.name, "mailbox login failed:\n  bad credentials")
        stop.wait()
        self.saved.set()


class BrokenSource:
    name = "broken"

    def run(self, stop: threading.Event, report: StateReport) -> None:
        raise OSError("no such file: /var/log/mail.log")


def test_sources_run_report_and_stop(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    follow = FakeFollow("follow:/var/log/mail.log")
    sources = [follow, BrokenSource()]
    monkeypatch.setattr(service_module, "build_sources", lambda config, url: sources)
    config = parse_config({"follow": [{"format": "postfix", "path": "/var/log/mail.log"}]})
    live = IngestService(config, db_url)
    live.start()
    database = open_database(db_url)
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while len(source_states(database.unit_of_work)) < 2 and datetime.now(UTC) < deadline:
            threading.Event().wait(0.05)
        live.stop()
        assert follow.saved.is_set()
        states = {state.name: state for state in source_states(database.unit_of_work)}
    finally:
        database.dispose()
    mail = states["follow:/var/log/mail.log"]
    assert (mail.events_today, mail.events_total) == (5, 5)
    assert mail.last_event_at == datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # never moves back
    assert mail.last_error == "mailbox login failed: bad credentials"
    assert states["broken"].last_error == "OSError: no such file: /var/log/mail.log"
    assert freshness(list(states.values())).level is Level.QUIET


def test_config_errors_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[webhooks]\nlisten = "nowhere"\n')
    with pytest.raises(ValidationError, match="listen must be host:port"):
        load_config(str(path))
    path.write_text("[webhooks.mailgun]\n")
    with pytest.raises(
        ValidationError, match=r"\[webhooks.mailgun\] needs signing_key, signing_key_file"
    ):
        load_config(str(path))
    path.write_text("[webhooks\n")
    with pytest.raises(ValidationError, match="not valid TOML"):
        load_config(str(path))
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    path.write_text(f'[webhooks.mailgun]\nsigning_key_file = "{secret}"\n')
    config = load_config(str(path))
    assert config.webhooks is not None and config.webhooks.mailgun is not None
    assert config.webhooks.mailgun.signing_key == "from-a-file"


def test_sample_config_parses(tmp_path: Path) -> None:
    sample = Path(__file__).parents[2] / "packaging" / "linux" / "ingest.toml"
    text = sample.read_text().replace("/etc/bouncedesk/", f"{tmp_path}/")
    for name in ("mailgun-signing.key", "postmark-hook.pw", "mandrill-webhook.key"):
        (tmp_path / name).write_text("secret\n")
    (tmp_path / "ingest.toml").write_text(text)
    config = load_config(str(tmp_path / "ingest.toml"))
    assert config.webhooks is not None
    assert config.webhooks.providers == ["sendgrid", "mailgun", "postmark", "mandrill", "ses"]


def test_a_secret_from_the_os_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    stored = {("bouncedesk-ingest", "mailgun-signing"): "from-the-keyring"}
    monkeypatch.setattr(keyring, "get_password", lambda service, name: stored.get((service, name)))
    path = tmp_path / "ingest.toml"
    path.write_text('[webhooks.mailgun]\nsigning_key_keyring = "mailgun-signing"\n')
    config = load_config(str(path))
    assert config.webhooks is not None and config.webhooks.mailgun is not None
    assert config.webhooks.mailgun.signing_key == "from-the-keyring"
    path.write_text('[webhooks.mailgun]\nsigning_key_keyring = "missing"\n')
    with pytest.raises(ValidationError, match="no entry 'missing' in the OS keyring"):
        load_config(str(path))


def test_ingest_command_usage_and_config_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    assert main(["ingest"]) == 2
    assert "needs --config FILE" in capsys.readouterr().err
    assert main(["ingest", "--config", str(tmp_path / "missing.toml")]) == 1
    assert "cannot read the config" in capsys.readouterr().err
    db = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert main(["--db", db, "ingest", "--status"]) == 0
    assert capsys.readouterr().out == "no live source has reported yet\n"


def test_the_readme_try_it_config_parses(tmp_path: Path) -> None:
    """The config the README's "Try it on one machine first" writes, as its shell would."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme.split("### Try it on one machine first", 1)[1]
    heredoc = section.split("cat > ingest.toml <<EOF\n", 1)[1].split("\nEOF\n", 1)[0]
    (tmp_path / "mailgun.key").write_text("0123456789abcdef\n")
    (tmp_path / "ingest.toml").write_text(heredoc.replace("$PWD", str(tmp_path)))
    config = load_config(str(tmp_path / "ingest.toml"))
    assert config.database_url == "postgresql+psycopg://postgres@127.0.0.1/bd_live_try"
    assert config.webhooks is not None
    assert config.webhooks.providers == ["mailgun", "postmark"]
    assert config.webhooks.spool == f"{tmp_path}/spool"
