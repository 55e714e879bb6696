"""The icons rendered at build time: every size, well-formed ICO and ICNS, none committed."""

from __future__ import annotations

import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from desktop.resources import build
from tests.packaging.conftest import ROOT

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _ico_entries(data: bytes) -> list[tuple[int, bytes]]:
    """(pixel size, image bytes) per ICONDIRENTRY."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    entries = []
    for index in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert width == height and (planes, bits) == (1, 32)
        assert offset + length <= len(data)
        entries.append((width or 256, data[offset : offset + length]))
    return entries


def _icns_elements(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    elements, position = [], 8
    while position < len(data):
        kind = data[position : position + 4]
        length = struct.unpack(">I", data[position + 4 : position + 8])[0]
        assert length > 8
        elements.append((kind, data[position + 8 : position + length]))
        position += length
    assert position == len(data)
    return elements


def _check_dib(size: int, blob: bytes) -> None:
    header = struct.unpack_from("<IiiHH", blob, 0)
    assert header == (40, size, size * 2, 1, 32)
    mask_row = ((size + 31) // 32) * 4
    assert len(blob) == 40 + size * size * 4 + mask_row * size


@pytest.fixture(scope="module")
def rendered(
    make_icons: ModuleType, tmp_path_factory: pytest.TempPathFactory, qapp: object
) -> Path:
    """Every icon file rendered from the master SVG, as the PyInstaller build does."""
    out = tmp_path_factory.mktemp("icons")
    make_icons.write_icons(out)
    return out


def test_every_png_size_is_rendered_at_its_size(make_icons: ModuleType, rendered: Path) -> None:
    assert {16, 32, 48, 256, 512} <= set(make_icons.SIZES)
    assert make_icons.SIZES == build.ICON_SIZES  # the loader asks for the sizes rendered
    for size in make_icons.SIZES:
        data = (rendered / make_icons.png_name(size)).read_bytes()
        assert _png_size(data) == (size, size)
        assert make_icons.png_name(size) == build.icon_png_name(size)


def test_the_ico_holds_every_windows_size(make_icons: ModuleType, rendered: Path) -> None:
    entries = _ico_entries((rendered / make_icons.ICO_NAME).read_bytes())
    assert [size for size, _ in entries] == list(make_icons.ICO_SIZES)
    for size, blob in entries:
        if blob.startswith(PNG_SIGNATURE):
            assert _png_size(blob) == (size, size)
        else:
            _check_dib(size, blob)


def test_the_icns_holds_every_macos_type(make_icons: ModuleType, rendered: Path) -> None:
    elements = _icns_elements((rendered / make_icons.ICNS_NAME).read_bytes())
    assert [kind for kind, _ in elements] == [kind for kind, _ in make_icons.ICNS_TYPES]
    for (_, size), (_, png) in zip(make_icons.ICNS_TYPES, elements, strict=True):
        assert _png_size(png) == (size, size)


def test_png_only_writes_just_the_window_icons(
    make_icons: ModuleType, tmp_path: Path, qapp: object
) -> None:
    written = make_icons.write_icons(tmp_path, png_only=True)
    assert sorted(path.name for path in written) == sorted(
        make_icons.png_name(size) for size in make_icons.SIZES
    )


def test_no_rendered_icon_is_committed() -> None:
    """Build by-products stay out of git: only the master SVG is tracked."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.png", "*.ico", "*.icns"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    icons = [name for name in tracked if "bouncedesk" in Path(name).name]
    assert icons == []


def test_the_container_writers_round_trip(make_icons: ModuleType) -> None:
    """ico_bytes and icns_bytes on hand-made images (no Qt): offsets, lengths, pixel order."""

    def fake_png(size: int) -> bytes:
        return PNG_SIGNATURE + struct.pack(">I4sII", 13, b"IHDR", size, size) + b"\0" * 5

    images = []
    for size in (16, 256):
        rows = [bytes([y % 256, 0, 0, 255]) * size for y in range(size)]
        images.append(make_icons.Rendered(size, fake_png(size), rows))
    entries = _ico_entries(make_icons.ico_bytes(images))
    assert [size for size, _ in entries] == [16, 256]
    dib = entries[0][1]
    _check_dib(16, dib)
    assert dib[40] == 15  # bottom-up: the last row comes first
    assert entries[1][1] == images[1].png  # 256 px is stored as PNG

    pngs = {size: fake_png(size) for _, size in make_icons.ICNS_TYPES}
    elements = _icns_elements(make_icons.icns_bytes(pngs))
    assert [png for _, png in elements] == [pngs[size] for _, size in make_icons.ICNS_TYPES]


def test_the_svg_source_is_a_square_svg() -> None:
    root = ET.parse(ROOT / "resources" / "icons" / "bouncedesk.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(part) for part in (root.get("viewBox") or "").split())
    assert width == height > 0
