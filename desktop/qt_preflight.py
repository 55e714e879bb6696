"""Before Qt starts on Linux/X11: name the system libraries its xcb plugin lacks (Qt-free)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# soname stem → (Debian/Ubuntu package, Fedora package). The stems are those libqxcb.so and
# libQt6XcbQpa.so.6 link (see `ldd`); Qt's own "reinstalling may fix this" advice is wrong
# for all of them: the package is missing from the system, not damaged in the venv.
_PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-icccm": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-cursor": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-util": ("libxcb-util1", "xcb-util"),
    "libxcb-xkb": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr": ("libxcb-randr0", "libxcb"),
    "libxcb-shape": ("libxcb-shape0", "libxcb"),
    "libxcb-shm": ("libxcb-shm0", "libxcb"),
    "libxcb-sync": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render": ("libxcb-render0", "libxcb"),
    "libxcb-xinerama": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx": ("libxcb-glx0", "libxcb"),
    "libxcb": ("libxcb1", "libxcb"),
    "libX11-xcb": ("libx11-xcb1", "libX11-xcb"),
    "libX11": ("libx11-6", "libX11"),
    "libxkbcommon-x11": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon": ("libxkbcommon0", "libxkbcommon"),
    "libEGL": ("libegl1", "libglvnd-egl"),
    "libGL": ("libgl1", "libglvnd-glx"),
    "libOpenGL": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig": ("libfontconfig1", "fontconfig"),
    "libfreetype": ("libfreetype6", "freetype"),
    "libdbus-1": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0": ("libglib2.0-0", "glib2"),
    "libSM": ("libsm6", "libSM"),
    "libICE": ("libice6", "libICE"),
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class MissingLibraries:
    """The sonames the xcb plugin cannot load, and the packages that bring them."""

    sonames: tuple[str, ...]

    def packages(self, distro: int) -> list[str]:
        """Package names, 0: Debian/Ubuntu, 1: Fedora (unknown ones: the soname's stem)."""
        names = (_PACKAGES.get(_stem(s), (_stem(s), _stem(s)))[distro] for s in self.sonames)
        return list(dict.fromkeys(names))

    def message(self) -> str:
        """One line naming what is missing and how to install it."""
        return (
            f"bouncedesk: the desktop app cannot start: Qt's X11 (xcb) plugin needs "
            f"{', '.join(self.sonames)}, not installed on this system. Install them with "
            f"`sudo apt-get install {' '.join(self.packages(0))}` (Debian/Ubuntu) or "
            f"`sudo dnf install {' '.join(self.packages(1))}` (Fedora)."
        )


def _stem(soname: str) -> str:
    return soname.split(".so", 1)[0]


def missing_in(ldd_output: str) -> MissingLibraries | None:
    """The 'not found' libraries of an `ldd` listing (each once, in its order), if any."""
    found = tuple(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))
    return MissingLibraries(found) if found else None


def xcb_plugin() -> Path | None:
    """PySide6's libqxcb.so, found without importing PySide6 (which loads Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def uses_xcb(environ: dict[str, str] | os._Environ[str]) -> bool:
    """Whether Qt will try the xcb plugin: asked for, or the default on an X11 session."""
    asked = environ.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(";")[0].split(":")[0] == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def check(environ: dict[str, str] | os._Environ[str] | None = None) -> MissingLibraries | None:
    """What the xcb plugin lacks on this machine; None when fine, not Linux/X11, or unknown."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or not uses_xcb(env):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    try:
        listing = subprocess.run(
            ["ldd", str(plugin)], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None  # no ldd (e.g. musl): let Qt speak for itself
    return missing_in(listing)


def ready() -> bool:
    """False after printing one line on stderr when Qt would abort for missing libraries."""
    missing = check()
    if missing is None:
        return True
    print(missing.message(), file=sys.stderr)
    return False
