"""Which backups to keep: the last few, and the newest of each of the last days, weeks and months.

The buckets are those that hold a backup (as restic's ``--keep-daily`` counts them), not
calendar windows back from today: when backups stop for a while, the last ones stay
instead of ageing out one by one. The newest backup is always kept, and so are the few
before it (a backup before an import and the one the next close takes share a day).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Policy:
    """How many of the newest backups are kept whatever their time, and how many of the most
    recent day, ISO-week and month buckets keep their newest backup."""

    last: int = 5
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    @property
    def most(self) -> int:
        """The most backups this policy ever keeps."""
        return max(1, self.last) + self.daily + self.weekly + self.monthly


DEFAULT_POLICY = Policy()


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    return moment.isocalendar()[:2]


def _month(moment: datetime) -> Hashable:
    return moment.year, moment.month


def keep(times: Sequence[datetime], policy: Policy = DEFAULT_POLICY) -> set[int]:
    """Indexes into ``times`` of the backups to keep (the rest may be deleted).

    Times are compared as given (pass them all in one time zone). Of equal times the
    later index counts as newer. Keeping the result and thinning again keeps all of it.
    """
    order = sorted(range(len(times)), key=lambda index: (times[index], index), reverse=True)
    kept = set(order[: max(1, policy.last)])
    for count, bucket in ((policy.daily, _day), (policy.weekly, _week), (policy.monthly, _month)):
        kept.update(_newest_per_bucket(order, times, bucket, count))
    return kept


def _newest_per_bucket(order: list[int], times: Sequence[datetime], bucket: Callable[[datetime], Hashable],
                       count: int) -> list[int]:
    """The newest index in each of the ``count`` most recent buckets (``order`` is newest first)."""
    newest: dict[Hashable, int] = {}
    for index in order:
        if len(newest) == count and bucket(times[index]) not in newest:
            break
        newest.setdefault(bucket(times[index]), index)
    return list(newest.values())
