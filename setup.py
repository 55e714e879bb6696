"""The wheel's build step: bundle the top-level resources/ folder into the package.

build_py copies resources/ to desktop/resources/bundled/, compiles the .ts translations to
.qm with Qt's lrelease and renders the icon PNGs from the master SVG (packaging/make_icons.py).
An editable install skips it: the loader reads resources/ in the checkout instead.
Everything else about the project is in pyproject.toml.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _build_steps() -> ModuleType:
    # Loaded from its file: importing the desktop package would need its dependencies.
    path = ROOT / "desktop" / "resources" / "build.py"
    spec = importlib.util.spec_from_file_location("bouncedesk_resource_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithResources(build_py):
    """build_py, then resources/ bundled into the package with its build products."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        steps = _build_steps()
        target = Path(self.build_lib) / "desktop" / "resources" / "bundled"
        steps.bundle(ROOT / "resources", target)
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "packaging" / "make_icons.py"),
                "--png-only",
                str(target / "icons"),
            ],
            check=True,
            env=environment,
        )


setup(cmdclass={"build_py": BuildWithResources})
