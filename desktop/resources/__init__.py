"""Bundled resources (help texts, templates, icons, migrations) through importlib.resources.

The one place that knows how to reach files shipped inside the package, so the installed
package and a frozen build behave the same.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder under desktop/resources/."""
    node: Traversable = resources.files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    """The UTF-8 text of a bundled file."""
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()
