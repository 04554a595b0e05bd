"""Thinning backups: the newest always stays, one per bucket, never more than the policy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, strategies as st

from beredskap_desktop.domain.retention import DEFAULT_POLICY, Policy, keep

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
times_st = st.lists(st.integers(0, 3 * 365 * 24 * 60).map(lambda minutes: START + timedelta(minutes=minutes)),
                    max_size=300)
policies = st.builds(Policy, st.integers(0, 6), st.integers(0, 10), st.integers(0, 6), st.integers(0, 14))


@given(times_st, policies)
def test_the_newest_is_always_kept(times, policy):
    kept = keep(times, policy)
    if times:
        assert max(times) in {times[i] for i in kept}
    else:
        assert kept == set()


@given(times_st, policies)
def test_never_more_than_the_policy_allows_and_one_per_day_beyond_the_last_few(times, policy):
    kept = keep(times, policy)
    assert len(kept) <= policy.most
    newest_first = sorted(range(len(times)), key=lambda i: (times[i], i), reverse=True)
    last = set(newest_first[: max(1, policy.last)])
    assert last <= kept
    days = [times[i].date() for i in kept - last]
    assert len(days) == len(set(days))  # beyond the last few, a kept backup is its day's newest


@given(times_st, policies)
def test_each_recent_bucket_keeps_its_newest(times, policy):
    kept = {times[i] for i in keep(times, policy)}
    recent_days = sorted({t.date() for t in times}, reverse=True)[: policy.daily]
    for day in recent_days:
        assert max(t for t in times if t.date() == day) in kept
    recent_months = sorted({(t.year, t.month) for t in times}, reverse=True)[: policy.monthly]
    for month in recent_months:
        assert max(t for t in times if (t.year, t.month) == month) in kept
    recent_weeks = sorted({t.isocalendar()[:2] for t in times}, reverse=True)[: policy.weekly]
    for week in recent_weeks:
        assert max(t for t in times if t.isocalendar()[:2] == week) in kept


@given(times_st, policies)
def test_thinning_twice_keeps_what_the_first_kept(times, policy):
    first = sorted(keep(times, policy))
    survivors = [times[i] for i in first]
    assert keep(survivors, policy) == set(range(len(survivors)))


def test_a_year_of_hourly_backups_thins_to_seven_days_two_more_weeks_and_eleven_more_months():
    times = [START + timedelta(hours=h) for h in range(366 * 24)]  # 2024 is a leap year: to 31 December
    kept = sorted(times[i] for i in keep(times, Policy(last=1)))
    at_23 = [datetime(2024, m, d, 23, tzinfo=timezone.utc) for m, d in (
        (1, 31), (2, 29), (3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30), (10, 31), (11, 30),
        (12, 15), (12, 22), (12, 25), (12, 26), (12, 27), (12, 28), (12, 29), (12, 30), (12, 31))]
    assert kept == at_23
    with_last_five = sorted(times[i] for i in keep(times, DEFAULT_POLICY))
    assert with_last_five == at_23[:-1] + [datetime(2024, 12, 31, h, tzinfo=timezone.utc) for h in range(19, 24)]
