"""The appeal deadline: three weeks after receipt, moved to a working day (dates checked by hand)."""

from __future__ import annotations

import datetime as dt

from decisions.rules import default_appeal_deadline


def test_it_gives_three_weeks_when_they_end_on_a_working_day():
    # Wednesday 2 December 2026 + 21 days = Wednesday 23 December.
    assert default_appeal_deadline(dt.date(2026, 12, 2)) == dt.date(2026, 12, 23)


def test_it_moves_a_deadline_that_ends_on_a_saturday_to_monday():
    # Saturday 5 December 2026 + 21 days = Saturday 26 December (also 2nd Christmas
    # Day); Sunday 27th is no working day either: Monday 28 December.
    assert default_appeal_deadline(dt.date(2026, 12, 5)) == dt.date(2026, 12, 28)


def test_it_moves_a_deadline_past_easter():
    # Thursday 12 March 2026 + 21 days = Maundy Thursday 2 April; Good Friday,
    # Saturday, Easter Sunday and Easter Monday follow: Tuesday 7 April.
    assert default_appeal_deadline(dt.date(2026, 3, 12)) == dt.date(2026, 4, 7)
