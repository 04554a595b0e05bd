"""What the benchmarks ran on: CPU, cores, memory, disk, OS and the versions that matter."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from importlib import metadata
from pathlib import Path


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _cpu() -> str:
    info = _read("/proc/cpuinfo")
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), platform.processor())
    virtual = " (virtual machine)" if " hypervisor" in info else ""
    return f"{model}{virtual}"


def _memory_gb() -> str:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    return "unknown"


def _disk(path: Path) -> str:
    """The block device holding ``path`` and whether the kernel calls it rotational."""
    device = os.stat(path).st_dev
    sys_path = Path(f"/sys/dev/block/{os.major(device)}:{os.minor(device)}")
    if not sys_path.exists():
        return "unknown"
    block = sys_path.resolve()
    if not (block / "queue").exists():
        block = block.parent
    rotational = _read(str(block / "queue" / "rotational")).strip()
    if block.name.startswith("vd"):
        return f"{block.name}, a virtio disk of a virtual machine (the host's disk type is not visible)"
    kind = {"0": "non-rotational (SSD, NVMe or RAM-backed)", "1": "rotational (hard disk)"}.get(rotational, "type unknown")
    return f"{block.name}, {kind}"


def _os() -> str:
    pretty = next((line.split("=", 1)[1].strip('"') for line in _read("/etc/os-release").splitlines() if line.startswith("PRETTY_NAME=")), platform.system())
    return f"{pretty}, kernel {platform.release()}"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(workdir: Path) -> dict[str, str]:
    return {
        "CPU": _cpu(),
        "Cores": str(os.cpu_count()),
        "RAM": _memory_gb(),
        "Disk": _disk(workdir),
        "OS": _os(),
        "Python": platform.python_version(),
        "PySide6": _version("PySide6-Essentials"),
        "SQLite": sqlite3.sqlite_version,
        "Load before the run": " ".join(_read("/proc/loadavg").split()[:3]) or "unknown",
        "Executable": sys.executable,
    }
