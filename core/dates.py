"""Dates and deadlines in one place: Norwegian time zone and public holidays.

Every "today", month arithmetic and working-day rule in Botilbud comes from
here, so a deadline is computed the same way on every page, report and
reminder.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import timezone

if TYPE_CHECKING:
    import holidays

OSLO = ZoneInfo("Europe/Oslo")


def now() -> dt.datetime:
    """The current moment in Norwegian time."""
    return timezone.now().astimezone(OSLO)


def today() -> dt.date:
    """Today's date in Norway (not UTC: at 00:30 Norwegian time it is already tomorrow)."""
    return now().date()


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of month ``months`` later; clamps to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    # Imported here: its calendars take a quarter of a second to load, which
    # every command and test worker would pay even when it needs no holiday.
    import holidays

    return holidays.Norway(years=year, language="no")


def is_public_holiday(day: dt.date) -> bool:
    return day in _holidays(day.year)


def holiday_name(day: dt.date) -> str | None:
    return _holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def deadline(day: dt.date) -> dt.date:
    """A deadline falling on a weekend or public holiday moves to the next working day."""
    return next_working_day(day)


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Completed calendar months from start to end (stay length buckets use this)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days
