"""The GUI step of ``self-test``: the main window on a database, and offscreen without a display."""

from __future__ import annotations

import pytest

from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui import self_test
from beredskap_desktop.ui.main_window import MainWindow


def test_the_main_window_opens_and_closes_and_lets_go_of_the_database(qapp, tmp_path):
    db = tmp_path / "demo.sqlite"
    load_demo(db)
    self_test.show_main_window(db)
    assert not [widget for widget in qapp.topLevelWidgets() if isinstance(widget, MainWindow) and widget.isVisible()]
    with open_store(db) as store:  # the writer lock was released
        assert not store.read_only


def test_a_missing_database_fails(qapp, tmp_path):
    with pytest.raises(Exception, match="nope.sqlite"):
        self_test.show_main_window(tmp_path / "nope.sqlite")


@pytest.mark.parametrize(("platform", "environment", "expected"), [
    ("linux", {}, "offscreen"),
    ("linux", {"DISPLAY": ":0"}, None),
    ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, None),
    ("linux", {"QT_QPA_PLATFORM": "xcb"}, "xcb"),
    ("win32", {}, None),
])
def test_offscreen_only_without_a_display_and_a_chosen_platform(monkeypatch, platform, environment, expected):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(self_test.sys, "platform", platform)
    self_test.use_offscreen_without_display()
    assert self_test.os.environ.get("QT_QPA_PLATFORM") == expected
