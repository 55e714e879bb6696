"""`bouncedesk screenshots`: the main views rendered to PNG, at the README's sizes too."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.cli import main

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

VIEWS = ("search", "details", "quarantine", "overview")


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
    assert QImage(str(out / "details.png")).height() == 1080  # the tall one, whole timeline
    # The views differ: the search is no overview (the window opens on the overview).
    search, overview = (QImage(str(out / f"{v}-1024.png")) for v in ("search", "overview"))
    assert search != overview


def test_a_size_that_is_no_window_size_is_a_usage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/empty.sqlite3"
    with pytest.raises(SystemExit) as stopped:
        main(["--db", url, "screenshots", "--out", str(tmp_path), "--size", "big"])
    assert stopped.value.code == 2
