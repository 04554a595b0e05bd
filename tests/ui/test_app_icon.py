"""The app icon: drawn for every size from 16 to 256 px, for Qt and for the Windows executable."""

from __future__ import annotations

from PIL import Image

from beredskap_desktop.paths import resource_path
from beredskap_desktop.ui.app import app_icon

SIZES = [16, 24, 32, 48, 64, 128, 256]


def test_the_window_icon_has_every_size(qapp):
    assert sorted(size.width() for size in app_icon().availableSizes()) == SIZES


def test_the_windows_icon_has_every_size():
    with Image.open(resource_path("icons", "beredskap-desktop.ico")) as ico:
        assert sorted(width for width, _height in ico.info["sizes"]) == SIZES
