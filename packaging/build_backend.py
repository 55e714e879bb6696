"""In-tree PEP 517 backend: setuptools, plus PySide6 for wheels (lrelease and the icon render).

An editable install compiles nothing at build time (the loader does it in the checkout), so
only wheel builds ask for PySide6-Essentials in their isolated build environment.
"""

from __future__ import annotations

from typing import Any

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403  (the backend hooks, re-exported)

QT_FOR_BUILD = "PySide6-Essentials>=6.8,!=6.12.0"


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return [*build_meta.get_requires_for_build_wheel(config_settings), QT_FOR_BUILD]
