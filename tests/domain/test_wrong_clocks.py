"""Flagging devices whose clock looks wrong, from the entries of their chains."""

from datetime import datetime, timedelta, timezone

from beredskap_desktop.domain.clock import to_iso
from beredskap_desktop.domain.wrong_clocks import ClockProblem, clock_flags

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
START = to_iso(NOW - timedelta(hours=2))


def chain(device, *minutes_from_now, incident="i1"):
    return [(incident, START, device, seq, to_iso(NOW + timedelta(minutes=m))) for seq, m in enumerate(minutes_from_now, 1)]


def test_a_good_clock_raises_nothing():
    assert clock_flags(chain("a", -100, -50, -10, 4), NOW) == []


def test_a_clock_ahead_set_back_or_before_the_start_is_flagged_once_each():
    flags = clock_flags(chain("a", -60, 30, 45) + chain("b", -30, -50, -55) + chain("c", -200, -190), NOW)
    assert [(f.device_id, f.problem, f.seq, f.minutes) for f in flags] == [
        ("a", ClockProblem.AHEAD, 2, 30),
        ("b", ClockProblem.SET_BACK, 2, 20),
        ("c", ClockProblem.BEFORE_START, 1, 80),
    ]
    assert "30 min" in flags[0].text


def test_chains_are_judged_apart():
    flags = clock_flags(chain("a", -10, incident="i1") + chain("a", 20, incident="i2"), NOW)
    assert [(f.incident_id, f.problem) for f in flags] == [("i2", ClockProblem.AHEAD)]
