"""Make the app icon's PNGs and Windows .ico from resources/icons/beredskap-desktop.svg.

Run after changing the SVG, from the repository root:
    .venv/bin/python installer/make_icons.py
Qt renders the SVG at each size (so every size is drawn sharp, not scaled down from the
largest); Pillow writes the .ico with all of them.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "beredskap-desktop"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data())))


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage text and painting need it
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / f'{NAME}.svg'}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in SIZES}
    for size, image in images.items():
        image.save(ICONS / f"{NAME}-{size}.png", optimize=True)
    largest, *others = sorted(images.values(), key=lambda image: -image.width)
    largest.save(ICONS / f"{NAME}.ico", sizes=[image.size for image in images.values()], append_images=others)
    print(f"wrote {len(SIZES)} PNGs and {NAME}.ico to {ICONS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
