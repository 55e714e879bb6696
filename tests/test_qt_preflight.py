"""The Qt preflight: missing xcb libraries named in one line before Qt could abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import qt_preflight
from desktop.qt_preflight import MissingLibraries, missing_in, uses_xcb

ROOT = Path(__file__).resolve().parents[1]

LDD_MINIMAL_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd1d7f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x1)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f0e1c5d5000)
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e1b400000)
"""


def test_the_not_found_libraries_become_package_names_for_both_families() -> None:
    missing = missing_in(LDD_MINIMAL_DEBIAN)
    assert missing is not None
    assert missing.sonames == (
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0",
    )  # fmt: skip
    assert missing.packages(0) == [
        "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0",
    ]  # fmt: skip
    assert missing.packages(1) == [
        "xcb-util-cursor", "xcb-util-wm", "xcb-util-keysyms", "libxkbcommon-x11",
    ]  # fmt: skip
    text = missing.message()
    assert "\n" not in text and "reinstall" not in text.lower()
    assert "apt-get install libxcb-cursor0 libxcb-icccm4" in text
    assert "dnf install xcb-util-cursor xcb-util-wm" in text


def test_a_complete_listing_and_an_unknown_library() -> None:
    assert missing_in("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") is None
    odd = MissingLibraries(("libfancy.so.3",))
    assert odd.packages(0) == ["libfancy"] == odd.packages(1)


def test_only_the_xcb_platform_is_checked() -> None:
    assert uses_xcb({}) and uses_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb:display=:1"})
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"})
    assert qt_preflight.check({"QT_QPA_PLATFORM": "offscreen"}) is None


def _qt_starts_on_xcb() -> subprocess.CompletedProcess[str]:
    code = "from PySide6.QtWidgets import QApplication; QApplication([]); print('up')"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    return subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", code],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def test_the_check_agrees_with_qt_itself_on_this_machine() -> None:
    missing = qt_preflight.check({"QT_QPA_PLATFORM": "xcb"})
    real = _qt_starts_on_xcb()
    started = real.returncode == 0 and "up" in real.stdout
    assert started == (missing is None), (missing, real.stderr[-500:])
    if missing is not None:  # Qt names none of them and advises reinstalling: we say which
        assert 'Could not load the Qt platform plugin "xcb"' in real.stderr


def test_the_app_stops_with_one_line_before_qt_can_abort(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987", "PYTHONPATH": str(ROOT)}
    for name in ("DATA", "CONFIG", "CACHE", "LOG"):
        env[f"BOUNCEDESK_{name}_DIR"] = str(tmp_path / name.lower())
    ran = subprocess.run(
        [sys.executable, "-m", "desktop"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    missing = qt_preflight.check({"QT_QPA_PLATFORM": "xcb"})
    if missing is None:  # the libraries are there: Qt goes on (and fails on the bogus display)
        assert "cannot start: Qt's X11" not in ran.stderr
        return
    assert ran.returncode == 1
    assert ran.stderr.splitlines() == [missing.message()]
    assert "reinstall" not in ran.stderr.lower()


@pytest.mark.parametrize("platform", ["offscreen", "minimal"])
def test_other_platforms_are_left_alone(platform: str) -> None:
    assert qt_preflight.check({"QT_QPA_PLATFORM": platform}) is None


def test_the_readme_names_the_system_packages_before_the_start_command() -> None:
    """#17 finding 1: a new user on a minimal Debian/Ubuntu or Fedora reads which packages to
    install before the command that would otherwise fail, and the README names the same
    packages as the one-line message would."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    before = readme[: readme.index(".venv/bin/bouncedesk")]
    missing = missing_in(LDD_MINIMAL_DEBIAN)  # what a minimal Debian lacked
    assert missing is not None
    for family, command in ((0, "apt-get install"), (1, "dnf install")):
        start = before.index(command) + len(command)
        listed = before[start : before.index("```", start)].replace("\\", " ").split()
        assert set(missing.packages(family)) <= set(listed), command
        known = {pair[family] for pair in qt_preflight._PACKAGES.values()}
        assert set(listed) <= known, command  # the README and the message agree
