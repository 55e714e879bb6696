"""`bouncedesk screenshots`: each main screen and dialog at 1440×900, in English and Dutch."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ("search", "details", "quarantine", "overview", "report", "settings")

pytestmark = [pytest.mark.slow, pytest.mark.gui]


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's header (its IHDR chunk comes first)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.parametrize(("language", "suffix"), [("en", ""), ("nl", "_nl")])
def test_every_screen_is_rendered_in_the_language(
    tmp_path: Path, language: str, suffix: str
) -> None:
    out = tmp_path / "shots"
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "BOUNCEDESK_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "desktop", "--db", f"sqlite:///{tmp_path}/empty.sqlite3"]
    command += ["screenshots", "--out", str(out), "--ui-language", language]
    command += ["--demo-messages", "2000"]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(f"{screen}{suffix}.png" for screen in SCREENS)
    for name in written:
        assert _png_size(out / name) == (1440, 900), name
