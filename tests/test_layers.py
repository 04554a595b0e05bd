"""The layers of DESIGN.md §3: domain <- storage <- services <- ui, PySide6 only in ui.

Every module under beredskap_desktop/ is parsed with ``ast`` (nothing is imported), and
each import, wherever it is written, is checked against the rules of its layer.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "beredskap_desktop"

QT = ("PySide6", "shiboken6")
FILE_IO = ("os", "pathlib", "io", "shutil", "tempfile", "glob", "fileinput", "subprocess", "socket")
DOMAIN_FORBIDDEN = (
    "sqlite3", "sqlite_utils", *FILE_IO,
    "beredskap_desktop.storage", "beredskap_desktop.services", "beredskap_desktop.ui",
    "beredskap_desktop.cli", "beredskap_desktop.paths",
)
LAYER_FORBIDDEN = {
    "domain": DOMAIN_FORBIDDEN,
    "storage": ("beredskap_desktop.services", "beredskap_desktop.ui"),
    "services": ("beredskap_desktop.ui",),
}


@dataclass(frozen=True)
class Import:
    module: str
    line: int
    in_function: bool


def imports(source: str, module: str) -> list[Import]:
    """Every module ``source`` imports (``from a import b`` counts as ``a`` and ``a.b``),
    relative imports resolved against ``module``, plus ``importlib.import_module("x")``."""
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno, in_function) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join(parent + ([base] if base else []))
            found.append(Import(base, node.lineno, in_function))
            found.extend(Import(f"{base}.{alias.name}", node.lineno, in_function) for alias in node.names)
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__")))):
            found.append(Import(node.args[0].value, node.lineno, in_function))
        nested = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, nested)

    visit(ast.parse(source), False)
    return found


def opens_files(source: str) -> list[int]:
    """Lines that call the built-in ``open``."""
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open"]


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def violations(relative: str, source: str) -> list[str]:
    """What breaks the layer rules in the module at ``relative`` (a path under beredskap_desktop/)."""
    parts = relative.removesuffix(".py").split("/")
    module = ".".join(["beredskap_desktop", *parts])
    layer = parts[0] if len(parts) > 1 else ""
    found = []
    for imported in imports(source, module):
        where = f"{relative}:{imported.line} imports {imported.module}"
        if layer != "ui" and within(imported.module, QT):
            found.append(f"{where}: Qt belongs in beredskap_desktop/ui/ only")
        elif layer not in ("ui", "domain", "storage", "services") and within(imported.module, ("beredskap_desktop.ui",)):
            if not (relative == "cli.py" and imported.in_function):
                found.append(f"{where}: only cli.py may import the ui, inside the function that starts the GUI")
        elif within(imported.module, LAYER_FORBIDDEN.get(layer, ())):
            found.append(f"{where}: {layer}/ must not depend on it")
    if layer == "domain":
        found += [f"{relative}:{line} calls open(): domain/ does no I/O" for line in opens_files(source)]
    return found


def package_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_every_layer():
    layers = {path.relative_to(PACKAGE).parts[0] for path in package_modules()}
    assert {"domain", "storage", "services", "ui", "cli.py"} <= layers


def test_every_module_keeps_to_its_layer():
    found = []
    for path in package_modules():
        found += violations(path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8"))
    assert not found, "Layer rules broken (DESIGN.md §3):\n" + "\n".join(found)


@pytest.mark.parametrize(("relative", "source"), [
    ("domain/x.py", "import sqlite3"),
    ("domain/x.py", "from pathlib import Path"),
    ("domain/x.py", "import os.path"),
    ("domain/x.py", "def f():\n    import sqlite_utils"),
    ("domain/x.py", "from beredskap_desktop.storage import contacts"),
    ("domain/x.py", "from ..services import demo"),
    ("storage/__init__.py", "from ..ui import jobs"),
    ("domain/x.py", "def f():\n    return open('x').read()"),
    ("domain/x.py", "from PySide6.QtCore import QObject"),
    ("storage/x.py", "from beredskap_desktop.services import demo"),
    ("storage/x.py", "from beredskap_desktop import ui"),
    ("storage/x.py", "import shiboken6"),
    ("services/x.py", "from beredskap_desktop.ui.jobs import Job"),
    ("services/x.py", "def f():\n    from PySide6 import QtGui"),
    ("services/x.py", "import importlib\nimportlib.import_module('PySide6.QtWidgets')"),
    ("cli.py", "from beredskap_desktop.ui.app import run_gui"),
    ("cli.py", "def main():\n    from PySide6.QtWidgets import QApplication"),
    ("paths.py", "import PySide6"),
    ("i18n.py", "def f():\n    from beredskap_desktop.ui import app"),
])
def test_the_check_catches(relative, source):
    assert violations(relative, source)


@pytest.mark.parametrize(("relative", "source"), [
    ("domain/x.py", "import re, unicodedata\nfrom datetime import datetime\nfrom beredskap_desktop.domain.errors import UserError"),
    ("domain/x.py", "from beredskap_desktop.i18n import _\nimport phonenumbers"),
    ("domain/x.py", "from .errors import FieldError"),
    ("domain/__init__.py", "from . import errors"),
    ("storage/x.py", "import os, sqlite3\nfrom beredskap_desktop.domain.text import fold"),
    ("services/x.py", "from pathlib import Path\nfrom beredskap_desktop.storage import contacts"),
    ("ui/x.py", "from PySide6.QtWidgets import QWidget\nfrom beredskap_desktop.services import demo"),
    ("cli.py", "def main():\n    from beredskap_desktop.ui.app import run_gui"),
])
def test_the_check_allows(relative, source):
    assert violations(relative, source) == []
