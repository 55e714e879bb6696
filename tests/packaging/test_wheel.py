"""The wheel carries resources/: help texts, client templates, style, compiled translations, icons.

Builds a real wheel from a copy of the checkout with pip (in its isolated build environment,
the way `pip install .` builds it), then reads the zip and runs the loader from the unpacked
wheel in a fresh interpreter.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.resources import build
from tests.packaging.conftest import ROOT

BUNDLED = "desktop/resources/bundled/"
# What a checkout has but a build must not see (products of earlier builds, caches, git).
_NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "bundled",
    "screenshots-out",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "bouncedesk"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCES)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("bouncedesk-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_every_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {
        path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file()
    }
    assert {BUNDLED + name for name in sources} <= names  # help, templates, .ts, .qss, SVG
    languages = [build.language_of(Path(name).name) for name in sources if name.endswith(".ts")]
    assert "nl" in languages
    for language in languages:
        assert f"{BUNDLED}translations/{build.qm_name(str(language))}" in names
    for size in build.ICON_SIZES:
        assert f"{BUNDLED}icons/{build.icon_png_name(size)}" in names
    assert f"{BUNDLED}style/{build.STYLE_SHEET}" in names


@pytest.mark.slow
def test_the_loader_reads_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    probe = (
        "import json\n"
        "from pathlib import Path\n"
        "from desktop import resources\n"
        "help = json.loads(resources.read_text('help', 'help.json'))\n"
        "print(json.dumps({\n"
        "  'where': str(resources.root()),\n"
        "  'bundled': resources.is_bundled(),\n"
        "  'client_nl': help['entries']['address_unknown']['client']['nl'][:20],\n"
        "  'qss': len(resources.style_sheet()),\n"
        "  'icons': sorted(resources.icon_pngs()),\n"
        "  'languages': resources.languages(),\n"
        "  'qm': len(resources.translation('nl', Path('unused')) or b''),\n"
        "}))\n"
    )
    # -I: no PYTHONPATH, no current folder, so only the unpacked wheel provides `desktop`.
    first = f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
    done = subprocess.run(
        [sys.executable, "-I", "-c", first + probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    found = json.loads(done.stdout)
    assert found["bundled"] is True
    assert found["where"].startswith(str(tmp_path))
    assert found["client_nl"].startswith("Uw bericht aan")
    assert found["qss"] > 0
    assert found["icons"] == list(build.ICON_SIZES)
    assert found["languages"] == ["nl"]
    assert found["qm"] > 16  # compiled by the build, not in a cache
