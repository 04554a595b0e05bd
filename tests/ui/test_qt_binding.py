"""The Qt binding itself must not corrupt the interpreter.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a
method that returns nothing (``setText``, ``setEnabled``, ...); after enough clicks Python
aborts with "none_dealloc". The pin in pyproject.toml and constraints.txt avoids it; this test
fails if a build with that bug comes back.
"""

import sys

from PySide6.QtWidgets import QLabel


def test_calling_qt_methods_keeps_none_alive(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("Kontakter")
        label.setEnabled(True)
    assert sys.getrefcount(None) - before > -100
