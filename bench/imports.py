"""``python -X importtime`` on a start path: which packages and modules cost most.

Each run's report is parsed into a tree (a module's parent is the import that pulled it
in); self times are medians over the runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.startup import child_env
from bench.stats import median

OUR_PACKAGE = "beredskap_desktop"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


@dataclass(frozen=True)
class Module:
    name: str
    self_ms: float
    cumulative_ms: float
    parent: str | None


@dataclass(frozen=True)
class PackageCost:
    package: str
    self_ms: float
    modules: int
    imported_by: str


def parse(report: str) -> list[Module]:
    """The modules of one ``-X importtime`` report, each with the module that imported it."""
    lines = [m for m in map(_LINE.match, report.splitlines()) if m]
    modules: list[Module] = []
    ancestors: list[str] = []
    # Children are printed before their parent, one level deeper: read bottom-up.
    for match in reversed(lines):
        depth = (len(match.group(3)) - 1) // 2
        name = match.group(4)
        del ancestors[depth:]
        parent = ancestors[-1] if ancestors else None
        ancestors.append(name)
        modules.append(Module(name, int(match.group(1)) / 1000, int(match.group(2)) / 1000, parent))
    return modules


def profile(command: list[str], runs: int, cwd: Path) -> list[Module]:
    """Median self and cumulative times per module over ``runs`` runs of ``command``."""
    reports = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-X", "importtime", *command[1:]], cwd=cwd, env=child_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        reports.append(parse(done.stderr))
    first = reports[0]
    selfs, cumulatives = defaultdict(list), defaultdict(list)
    for report in reports:
        for module in report:
            selfs[module.name].append(module.self_ms)
            cumulatives[module.name].append(module.cumulative_ms)
    return [Module(m.name, median(selfs[m.name]), median(cumulatives[m.name]), m.parent) for m in first]


def total_ms(modules: list[Module]) -> float:
    return sum(m.self_ms for m in modules)


def _our_importer(module: Module, by_name: dict[str, Module]) -> str:
    """The nearest module of ours above ``module`` in the import tree."""
    parent, seen = module.parent, set()
    while parent is not None and parent not in seen:  # -X importtime can name a module twice: no loops
        if parent.split(".")[0] == OUR_PACKAGE:
            return parent
        seen.add(parent)
        parent = by_name[parent].parent
    return "(interpreter start-up)"


def by_package(modules: list[Module]) -> list[PackageCost]:
    """Self time summed per top-level package, costliest first, with the module of ours that pulls it in."""
    by_name = {m.name: m for m in modules}
    groups: dict[str, list[Module]] = defaultdict(list)
    for module in modules:
        groups[module.name.split(".")[0]].append(module)
    costs = []
    for package, members in groups.items():
        # Name the importer of the package's costliest entry point (a member imported from outside it).
        entries = [m for m in members if m.parent is None or m.parent.split(".")[0] != package]
        entry = max(entries or members, key=lambda m: m.cumulative_ms)
        importer = "-" if package == OUR_PACKAGE else _our_importer(entry, by_name)
        costs.append(PackageCost(package, sum(m.self_ms for m in members), len(members), importer))
    return sorted(costs, key=lambda c: c.self_ms, reverse=True)


def our_modules(modules: list[Module]) -> list[Module]:
    """Our own modules, by self time, costliest first."""
    return sorted((m for m in modules if m.name.split(".")[0] == OUR_PACKAGE), key=lambda m: m.self_ms, reverse=True)
