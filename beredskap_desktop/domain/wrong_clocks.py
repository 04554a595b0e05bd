"""Telling a laptop whose clock looks wrong from the log entries it wrote.

Each device stamps its own entries (``recorded_at``) with its own clock. The sequence
numbers of one chain give the true order, so a chain can show that its clock was set
back, ran ahead of the laptop reading it, or stood before the incident began.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from operator import itemgetter

from beredskap_desktop.domain.clock import from_iso
from beredskap_desktop.i18n import N_, _

TOLERANCE = timedelta(minutes=5)


class ClockProblem(str, Enum):
    AHEAD = "ahead"
    SET_BACK = "set-back"
    BEFORE_START = "before-start"

    @property
    def label(self) -> str:
        return _(LABELS[self])


LABELS = {
    ClockProblem.AHEAD: N_("entry {seq} was recorded {minutes} min later than the time on this laptop now"),
    ClockProblem.SET_BACK: N_("the clock went {minutes} min back before entry {seq}"),
    ClockProblem.BEFORE_START: N_("entry {seq} was recorded {minutes} min before the incident began"),
}


@dataclass(frozen=True)
class ClockFlag:
    """The first sign of a wrong clock on one device in one incident."""

    incident_id: str
    device_id: str
    problem: ClockProblem
    seq: int
    minutes: int

    @property
    def text(self) -> str:
        return self.problem.label.format(seq=self.seq, minutes=self.minutes)


def clock_flags(entries: Iterable[tuple[str, str, str, int, str]], now: datetime) -> list[ClockFlag]:
    """Flags for ``entries`` given as (incident id, incident start, device, number, recorded
    at), ordered by incident, device and number; at most one flag per problem and chain."""
    flags = []
    for (incident_id, device_id), chain in itertools.groupby(entries, key=itemgetter(0, 2)):
        found: dict[ClockProblem, ClockFlag] = {}
        previous = None
        for _incident, started, _device, seq, recorded in chain:
            at, start = from_iso(recorded), from_iso(started)
            checks = (
                (ClockProblem.AHEAD, at - now),
                (ClockProblem.SET_BACK, previous - at if previous is not None else timedelta(0)),
                (ClockProblem.BEFORE_START, start - at if start is not None else timedelta(0)),
            )
            for problem, off in checks:
                if off > TOLERANCE and problem not in found:
                    found[problem] = ClockFlag(incident_id, device_id, problem, seq, round(off.total_seconds() / 60))
            previous = at if previous is None else max(previous, at)
        flags.extend(found[problem] for problem in ClockProblem if problem in found)
    return flags
