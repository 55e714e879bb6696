"""`bouncedesk screenshots`: each main screen and dialog at 1440×900, in English and Dutch,
and the main views at the README's other sizes too."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ("search", "details", "quarantine", "overview", "report", "settings")
VIEWS = ("search", "details", "quarantine", "overview")

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


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_each_view_is_rendered_at_each_size_asked_for(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/empty.sqlite3"  # empty: rendered on a demo database
    out = tmp_path / "shots"
    args = ["--db", url, "screenshots", "--out", str(out), "--size", "1024x700"]
    assert main([*args, "--demo-messages", "3000"]) == 0
    printed = capsys.readouterr().out.splitlines()
    for view in VIEWS:
        assert str(out / f"{view}.png") in printed
        image = QImage(str(out / f"{view}-1024.png"))
        assert (image.width(), image.height()) == (1024, 700)
    # The views differ: the search is no overview (the window opens on the overview).
    search, overview = (QImage(str(out / f"{v}-1024.png")) for v in ("search", "overview"))
    assert search != overview


def test_a_size_that_is_no_window_size_is_a_usage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/empty.sqlite3"
    with pytest.raises(SystemExit) as stopped:
        main(["--db", url, "screenshots", "--out", str(tmp_path), "--size", "big"])
    assert stopped.value.code == 2
