import datetime as dt

import pytest
import time_machine

from core import dates


def test_it_uses_norwegian_time_for_today():
    # 23:30 UTC on 31 December is already New Year's Day in Oslo.
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        assert dates.today() == dt.date(2027, 1, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 15), 9, dt.date(2026, 12, 15)),
        (dt.date(2026, 5, 10), 9, dt.date(2027, 2, 10)),
        (dt.date(2026, 5, 10), -1, dt.date(2026, 4, 10)),
    ],
)
def test_it_adds_calendar_months(start, months, expected):
    assert dates.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23)),  # Monday
        (dt.date(2026, 11, 21), dt.date(2026, 11, 23)),  # Saturday -> Monday
        (dt.date(2026, 12, 25), dt.date(2026, 12, 28)),  # Christmas Day (Fri) -> Mon
        (dt.date(2026, 5, 17), dt.date(2026, 5, 18)),  # Constitution Day (Sun)
        (dt.date(2027, 3, 25), dt.date(2027, 3, 30)),  # Maundy Thursday -> Tuesday after Easter
        (dt.date(2026, 5, 14), dt.date(2026, 5, 15)),  # Ascension Day
    ],
)
def test_it_moves_deadlines_to_the_next_working_day(day, expected):
    assert dates.deadline(day) == expected


def test_it_names_holidays_in_norwegian():
    assert dates.holiday_name(dt.date(2026, 12, 25)) == "Første juledag"


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2026, 1, 15), dt.date(2026, 4, 14), 2),
        (dt.date(2026, 1, 15), dt.date(2026, 4, 15), 3),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28), 1),
        (dt.date(2026, 1, 15), dt.date(2026, 1, 15), 0),
        (dt.date(2025, 3, 1), dt.date(2026, 5, 1), 14),
    ],
)
def test_it_counts_whole_months(start, end, months):
    assert dates.whole_months_between(start, end) == months
