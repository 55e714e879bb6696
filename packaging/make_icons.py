"""Render the master icon resources/icons/bouncedesk.svg to PNG, ICO and ICNS files (Qt only).

Build time only; nothing it writes is committed. `python packaging/make_icons.py OUT` writes
the window-icon PNGs (bouncedesk-16.png ... -512.png) and bouncedesk.ico / bouncedesk.icns
into OUT (default packaging/build/icons/). `--png-only` skips the executable icons: the wheel
build (setup.py) needs only the PNGs, the PyInstaller build (build.sh) all three.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SVG = ROOT / "resources" / "icons" / "bouncedesk.svg"
OUT = HERE / "build" / "icons"
ICO_NAME = "bouncedesk.ico"
ICNS_NAME = "bouncedesk.icns"

# The window-icon sizes shipped in the package (hicolor sizes for Linux too); the loader's list.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Windows shell sizes; 256 is stored as PNG, the rest as 32-bit DIBs that every Windows reads.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Retina "@2x" types reuse a larger render).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def png_name(size: int) -> str:
    return f"bouncedesk-{size}.png"


class Rendered:
    """One square render of the SVG: PNG bytes and straight (not premultiplied) BGRA rows."""

    def __init__(self, size: int, png: bytes, bgra_rows: list[bytes]) -> None:
        self.size = size
        self.png = png
        self.bgra_rows = bgra_rows


def render(svg: Path, size: int) -> Rendered:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise SystemExit(f"make_icons: Qt could not write PNG: {writer.errorString()}")
    buffer.close()

    # Format_ARGB32 is stored as B, G, R, A bytes on little-endian machines: what a DIB wants.
    straight = image.convertToFormat(QImage.Format.Format_ARGB32)
    pixels = bytes(straight.constBits())
    stride = straight.bytesPerLine()
    rows = [pixels[y * stride : y * stride + size * 4] for y in range(size)]
    if sys.byteorder != "little":
        rows = [_swap_words(row) for row in rows]
    return Rendered(size, bytes(data.data()), rows)


def _swap_words(row: bytes) -> bytes:
    return b"".join(row[i : i + 4][::-1] for i in range(0, len(row), 4))


def ico_dib(image: Rendered) -> bytes:
    """A 32-bit BITMAPINFOHEADER image as ICO stores it: bottom-up, height doubled, AND mask."""
    size = image.size
    mask_row = ((size + 31) // 32) * 4  # 1 bit per pixel, rows padded to 32 bits
    pixels = b"".join(reversed(image.bgra_rows))
    mask = bytes(mask_row * size)  # all zero: the alpha channel decides transparency
    header = struct.pack(
        "<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0
    )
    return header + pixels + mask


def ico_bytes(images: list[Rendered]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per image, then the images (PNG for 256 px, else DIB)."""
    blobs = [image.png if image.size >= 256 else ico_dib(image) for image in images]
    offset = 6 + 16 * len(images)
    out = [struct.pack("<HHH", 0, 1, len(images))]
    for image, blob in zip(images, blobs, strict=True):
        side = 0 if image.size >= 256 else image.size  # 0 means 256 in a one-byte field
        out.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset))
        offset += len(blob)
    return b"".join(out) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """'icns' header (magic, total length, big-endian) and one PNG element per type."""
    elements = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def write_icons(out: Path, *, png_only: bool = False) -> list[Path]:
    """Render every size once and write the files into `out`; returns what was written."""
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    needed = set(SIZES) if png_only else set(SIZES) | set(ICO_SIZES)
    if not png_only:
        needed |= {size for _, size in ICNS_TYPES}
    rendered = {size: render(SVG, size) for size in sorted(needed)}

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in SIZES:
        written.append(out / png_name(size))
        written[-1].write_bytes(rendered[size].png)
    if not png_only:
        (out / ICO_NAME).write_bytes(ico_bytes([rendered[size] for size in ICO_SIZES]))
        (out / ICNS_NAME).write_bytes(icns_bytes({s: rendered[s].png for s in sorted(needed)}))
        written += [out / ICO_NAME, out / ICNS_NAME]
    return written


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no display
    png_only = "--png-only" in argv
    given = [arg for arg in argv if not arg.startswith("--")]
    out = Path(given[0]).resolve() if given else OUT
    written = write_icons(out, png_only=png_only)
    print(f"make_icons: {len(written)} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
