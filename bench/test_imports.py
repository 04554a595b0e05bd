"""The ``-X importtime`` parser (run with ``.venv/bin/pytest bench``; no timing is asserted)."""

from bench import imports

REPORT = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 |   encodings.utf_8
import time:       300 |        400 | encodings
import time:      2000 |       2000 |       shiboken6.Shiboken
import time:       500 |       2500 |     shiboken6
import time:      4000 |       6500 |   PySide6.QtCore
import time:      1000 |       1000 |       phonenumbers.data
import time:       200 |       1200 |     phonenumbers
import time:       700 |       1900 |   beredskap_desktop.domain.phones
import time:      1500 |       9900 | beredskap_desktop.ui.app
"""


def test_parse_finds_each_module_with_its_importer():
    modules = {m.name: m for m in imports.parse(REPORT)}
    assert modules["shiboken6.Shiboken"].parent == "shiboken6"
    assert modules["shiboken6"].parent == "PySide6.QtCore"
    assert modules["PySide6.QtCore"].parent == "beredskap_desktop.ui.app"
    assert modules["phonenumbers"].parent == "beredskap_desktop.domain.phones"
    assert modules["beredskap_desktop.domain.phones"].parent == "beredskap_desktop.ui.app"
    assert modules["beredskap_desktop.ui.app"].parent is None
    assert modules["PySide6.QtCore"].self_ms == 4.0
    assert modules["beredskap_desktop.ui.app"].cumulative_ms == 9.9


def test_packages_are_summed_and_named_after_our_importer():
    costs = {c.package: c for c in imports.by_package(imports.parse(REPORT))}
    assert costs["shiboken6"].self_ms == 2.5
    assert costs["shiboken6"].imported_by == "beredskap_desktop.ui.app"
    assert costs["beredskap_desktop"].imported_by == "-"
    assert costs["phonenumbers"].imported_by == "beredskap_desktop.domain.phones"
    assert costs["encodings"].imported_by == "(interpreter start-up)"
    assert [c.package for c in imports.by_package(imports.parse(REPORT))][0] == "PySide6"
