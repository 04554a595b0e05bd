"""Time: stored as UTC ISO-8601, shown as dd.mm.åååå tt:mm in Europe/Oslo."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in Oslo."""
    return datetime.now(OSLO).date()


def to_iso(moment: datetime) -> str:
    """UTC ISO-8601 with seconds, e.g. ``2026-11-21T16:42:00+00:00``."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def from_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def show(moment: datetime | None, *, with_time: bool = True) -> str:
    """``21.11.2026 17:42`` in Oslo time (or the date alone)."""
    if moment is None:
        return ""
    local = moment.astimezone(OSLO)
    return local.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


def add_months(moment: date, months: int) -> date:
    """``moment`` moved by whole calendar months, clamped to the month's last day
    (31 January + 1 month = 28 February); works for dates and datetimes."""
    years, month_index = divmod(moment.month - 1 + months, 12)
    year, month = moment.year + years, month_index + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def show_date(day: date | None) -> str:
    """``21.11.2026`` (empty for no date)."""
    return day.strftime("%d.%m.%Y") if day else ""
