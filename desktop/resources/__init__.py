"""The one loader for the top-level resources/ folder: help, templates, translations, style, icon.

Three cases, one answer. An installed wheel and the frozen app carry the folder inside the
package as `desktop/resources/bundled/` (the build step copies it there, with the .qm files and
the icon PNGs rendered); an editable install or plain checkout has no bundled copy and reads
`resources/` next to the package, compiling translations into the cache on first use.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from desktop.resources import build

BUNDLED = "bundled"  # the folder name inside the package; build.py writes it
_CHECKOUT = Path(__file__).resolve().parents[2] / "resources"


class ResourceMissing(Exception):
    """Neither a bundled copy nor a checkout's resources/ folder was found."""


def root() -> Traversable:
    """The resources folder for this installation: bundled in the package, else the checkout."""
    bundled = resources.files(__name__).joinpath(BUNDLED)
    if bundled.is_dir():
        return bundled
    if _CHECKOUT.is_dir():
        return _CHECKOUT
    raise ResourceMissing(
        f"Bounce Desk's resources are missing: no {BUNDLED}/ in the package and no {_CHECKOUT}"
    )


def is_bundled() -> bool:
    return resources.files(__name__).joinpath(BUNDLED).is_dir()


def resource(*parts: str) -> Traversable:
    """A file or folder under resources/."""
    node = root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    """The UTF-8 text of a resource file."""
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()


def style_sheet() -> str:
    """The app's one Qt style sheet."""
    return read_text("style", build.STYLE_SHEET)


def icon_pngs() -> dict[int, bytes]:
    """The rendered window-icon PNGs by size; empty in a checkout (the ui renders the SVG)."""
    folder = resource("icons")
    found: dict[int, bytes] = {}
    for size in build.ICON_SIZES:
        node = folder.joinpath(build.icon_png_name(size))
        if node.is_file():
            found[size] = node.read_bytes()
    return found


def icon_svg() -> bytes:
    """The master icon drawing."""
    return read_bytes("icons", build.ICON_SVG)


def languages() -> tuple[str, ...]:
    """UI languages besides English (the source language), from the shipped translations."""
    folder = resource("translations")
    names = {node.name for node in folder.iterdir()} if folder.is_dir() else set()
    found = {build.language_of(name) for name in names}
    return tuple(sorted(language for language in found if language))


def translation(language: str, cache: Path) -> bytes | None:
    """The compiled .qm for `language`, or None when the app has none for it.

    Bundled: the .qm the build compiled. Checkout: the .ts compiled by lrelease into `cache`
    on first use, under a name holding the source's hash, so an edited .ts is compiled again.
    """
    qm = resource("translations", build.qm_name(language))
    if qm.is_file():
        return qm.read_bytes()
    ts = resource("translations", build.ts_name(language))
    if not ts.is_file():
        return None
    return build.compiled_in_cache(ts.read_bytes(), language, cache).read_bytes()
