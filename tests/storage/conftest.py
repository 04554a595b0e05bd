"""Fixtures for storage tests: English messages, permission changes undone, child processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from beredskap_desktop.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def english():
    """Messages in English, to assert on their words (the autouse fixture restores bokmål)."""
    set_language("en")


@pytest.fixture
def chmod():
    """``chmod(path, mode)`` that restores the original mode after the test."""
    changed: list[tuple[Path, int]] = []

    def change(path: Path, mode: int) -> None:
        changed.append((path, path.stat().st_mode & 0o7777))
        path.chmod(mode)

    yield change
    for path, mode in reversed(changed):
        path.chmod(mode)


class Child:
    """A Python process running ``code``; it prints lines the test waits for."""

    def __init__(self, code: str, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, *args], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )

    def read_line(self) -> str:
        """The next line the child prints; fails with its error output if it ended instead."""
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            pytest.fail(f"the child process ended (exit {self.proc.returncode}):\n{self.proc.stderr.read()}")
        return line.strip()

    def kill(self) -> None:
        """SIGKILL (TerminateProcess on Windows): no cleanup runs in the child."""
        self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()


@pytest.fixture
def child():
    """``child(code, *args)`` starts a :class:`Child`; every child is killed after the test."""
    started: list[Child] = []

    def start(code: str, *args: str) -> Child:
        started.append(Child(code, *args))
        return started[-1]

    yield start
    for running in started:
        running.close()

