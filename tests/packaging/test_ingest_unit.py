"""The ingest service's systemd unit and sample config: the settings operations rely on."""

from __future__ import annotations

import configparser
import tomllib

from tests.packaging.conftest import PACKAGING

UNIT = PACKAGING / "linux" / "bouncedesk-ingest.service"


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(UNIT, encoding="utf-8")
    return parser


def test_unit_runs_the_service_confined_with_a_state_directory() -> None:
    service = _unit()["Service"]
    assert service["ExecStart"].split()[1:3] == ["ingest", "--config"]
    assert service["ProtectSystem"] == "strict"
    assert service["Restart"] == "on-failure"
    assert service["StateDirectory"] == "bouncedesk-ingest"
    assert service["User"] == "bouncedesk-ingest"
    assert _unit()["Install"]["WantedBy"] == "multi-user.target"


def test_sample_config_spools_into_the_state_directory() -> None:
    config = tomllib.loads((PACKAGING / "linux" / "ingest.toml").read_text(encoding="utf-8"))
    assert config["webhooks"]["spool"].startswith("/var/lib/bouncedesk-ingest/")
