"""The power-cut test: a process appending to the log is killed (SIGKILL) at random moments,
many times; every entry it reported committed is there and every chain verifies.

A kill drops everything the process held, but not what the operating system had been
given; losing the machine itself is covered by ``synchronous=FULL`` (the WAL is synced at
every commit), which no test can cut the power on.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.storage import incidents, log
from beredskap_desktop.storage.database import open_store

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 50

APPEND_UNTIL_KILLED = """
import sys
from beredskap_desktop.domain.log import Category, Draft, Operator
from beredskap_desktop.storage import log
from beredskap_desktop.storage.database import open_store

db, device, *incident_ids = sys.argv[1:]
store = open_store(db)
print("open", flush=True)
number = 0
while True:
    incident_id = incident_ids[number % len(incident_ids)]
    draft = Draft(f"Melding {number} fra {device}: vannstand ved Åsen brygge, Ødegård ringte", category=Category.INFORMATION)
    entry = log.append(store, incident_id, draft, device_id=device, operator=Operator("Kari Nordmann", "Loggfører"))
    print(entry.id, flush=True)
    number += 1
"""


def append_and_kill(db_path: Path, device: str, incident_ids: list[str], lines_before_kill: int) -> list[str]:
    """Start an appending process, let it report ``lines_before_kill`` entries, kill it, and
    return every id it reported as committed (also those still in the pipe)."""
    process = subprocess.Popen([sys.executable, "-c", APPEND_UNTIL_KILLED, str(db_path), device, *incident_ids],
                               cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "open\n", process.stderr.read()
        reported = [process.stdout.readline() for _ in range(lines_before_kill)]
        process.kill()
        process.wait()
        reported += process.stdout.readlines()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    return [line.strip() for line in reported if line.endswith("\n")]  # a line cut short was not reported


@pytest.mark.slow
def test_every_reported_entry_survives_kills_and_the_chains_verify(db_path):
    seed = int.from_bytes(os.urandom(4), "big")
    chance = random.Random(seed)
    with open_store(db_path, create=True) as store:
        incident_ids = [
            incidents.start(store, title=title, incident_types=("flom",), severity=Severity.RED, device_id="laptop-0",
                            operator=Operator("Kari Nordmann")).id
            for title in ("Flom i sentrum", "Skred på fv. 12")
        ]
    reported: list[str] = []
    for _round in range(ROUNDS):
        device = chance.choice(["laptop-1", "laptop-2"])
        reported += append_and_kill(db_path, device, chance.sample(incident_ids, k=chance.choice([1, 2])), chance.randrange(0, 40))

    with open_store(db_path, read_only=True) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        missing = [entry_id for entry_id in reported if log.get(store, entry_id) is None]
        assert missing == [], f"seed {seed}"
        results = log.verify(store)
        total = sum(log.count(store, incident_id) for incident_id in incident_ids)
    assert [r for r in results if not r.valid] == [], f"seed {seed}"
    assert sum(r.count for r in results) == total >= len(reported) + 2
    assert len(reported) > ROUNDS  # the kills came at many different points, not all at start-up
