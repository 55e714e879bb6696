"""Build steps for resources/: copy it into the package, compile .ts → .qm (Qt's lrelease).

Shared by the wheel build (setup.py), the PyInstaller spec and the loader in a checkout.
No Qt import: lrelease is run as a program (it comes with PySide6-Essentials).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

APP = "bouncedesk"
STYLE_SHEET = "bouncedesk.qss"
ICON_SVG = "bouncedesk.svg"
# The window-icon sizes rendered at build time (hicolor sizes for Linux too).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


class BuildError(Exception):
    """A build tool is missing or failed; the message says which and why."""


def ts_name(language: str) -> str:
    return f"{APP}_{language}.ts"


def qm_name(language: str) -> str:
    return f"{APP}_{language}.qm"


def icon_png_name(size: int) -> str:
    return f"{APP}-{size}.png"


def language_of(file_name: str) -> str | None:
    """'nl' for bouncedesk_nl.ts or .qm; None for anything else."""
    stem, dot, suffix = file_name.rpartition(".")
    if not dot or suffix not in ("ts", "qm") or not stem.startswith(f"{APP}_"):
        return None
    return stem.removeprefix(f"{APP}_") or None


def qt_tool(name: str) -> Path:
    """Qt's `lrelease` or `lupdate` as shipped inside PySide6 (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        for candidate in (Path(folder) / name, Path(folder) / f"{name}.exe"):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found:
        return Path(found)
    raise BuildError(f"Qt's {name} was not found: install PySide6-Essentials")


def lrelease(ts: Path, qm: Path) -> None:
    """Compile one .ts into a .qm; untranslated entries fall back to the English source."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(qt_tool("lrelease")), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not qm.is_file():
        raise BuildError(f"lrelease failed on {ts.name}: {(done.stderr or done.stdout).strip()}")


def compiled_in_cache(ts_source: bytes, language: str, cache: Path) -> Path:
    """A .qm of `ts_source` in `cache`, compiled once per content (the hash is in the name)."""
    digest = hashlib.sha256(ts_source).hexdigest()[:16]
    target = cache / "translations" / f"{APP}_{language}-{digest}.qm"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        ts = Path(scratch) / ts_name(language)
        ts.write_bytes(ts_source)
        partial = Path(scratch) / qm_name(language)
        lrelease(ts, partial)
        partial.replace(target)  # atomic: two app starts never read half a file
    for stale in target.parent.glob(f"{APP}_{language}-*.qm"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


def bundle(source: Path, target: Path) -> list[Path]:
    """Copy resources/ to `target` and compile its translations there; returns the .qm files."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    compiled = []
    for ts in sorted((target / "translations").glob("*.ts")):
        language = language_of(ts.name)
        if language:
            qm = ts.with_name(qm_name(language))
            lrelease(ts, qm)
            compiled.append(qm)
    return compiled


def lupdate(sources: list[Path], ts: Path, *, locations: str = "relative") -> None:
    """Collect the marked texts of `sources` into `ts`, keeping its translations (Qt's lupdate).

    Texts gone from the code are dropped (-no-obsolete); new ones arrive unfinished.
    """
    done = subprocess.run(
        [str(qt_tool("lupdate")), "-silent", "-no-obsolete", "-locations", locations]
        + [str(source) for source in sources]
        + ["-ts", str(ts)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not ts.is_file():
        raise BuildError(f"lupdate failed on {ts.name}: {(done.stderr or done.stdout).strip()}")
