"""The GUI step of ``self-test``: the main window opened on a database, shown, then closed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication

from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.app import app_icon
from beredskap_desktop.ui.main_window import MainWindow

SHOWN_TIMEOUT_MS = 30_000


def use_offscreen_without_display() -> None:
    """Without a display (and no platform chosen) Qt would abort the process: go offscreen."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


class _ExposeWatcher(QObject):
    """Ends ``loop`` once the watched window is on screen."""

    def __init__(self, loop: QEventLoop):
        super().__init__()
        self.loop = loop

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            self.loop.quit()
        return False


def show_main_window(db_path: Path) -> None:
    """Open the main window on ``db_path``, wait until it is on screen, close it; raise if any of it fails."""
    use_offscreen_without_display()
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    icon = app_icon()
    if icon.isNull():
        raise AssertionError("the app icon is missing")
    with open_store(db_path) as store:
        window = MainWindow(store)
        window.setWindowIcon(icon)
        shown = []
        window.shown.connect(lambda: shown.append(True))
        window.show()
        handle = window.windowHandle()
        if not handle.isExposed():
            loop = QEventLoop()
            watcher = _ExposeWatcher(loop)
            handle.installEventFilter(watcher)
            QTimer.singleShot(SHOWN_TIMEOUT_MS, loop.quit)
            loop.exec()
            handle.removeEventFilter(watcher)
        exposed = handle.isExposed()
        closed = window.close()
        window.deleteLater()
        qt_app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if not shown or not exposed:
        raise AssertionError(f"the main window was not shown within {SHOWN_TIMEOUT_MS / 1000:.0f} s")
    if not closed:
        raise AssertionError("the main window did not close")
