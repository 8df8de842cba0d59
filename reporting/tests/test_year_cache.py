"""Finished years are kept (reporting.yearcache) and give the same figures, byte for byte.

Expected figures are the hand-computed ones of the 2011 evaluation fixture
(``test_import_and_national_statistics``) and of the follow-up minutes test
(``test_open_work_only``), changed by hand for each change made here. Each
is checked with the year cold (counted and kept), warm (read from the kept
row) and after every kind of change to its history, and against a count
with nothing kept.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import yearcache
from reporting.models import StatisticsYear
from reporting.sources import load_blocks
from reporting.tests.test_import_and_national_statistics import EXPECTED_RAW, FIXTURE, HEADER

D = dt.date
pytestmark = pytest.mark.django_db


def national_text() -> str:
    out = io.StringIO()
    call_command(
        "national_statistics",
        "--from",
        "2011-01-01",
        "--to",
        "2011-12-31",
        "--suppress-below",
        "0",
        stdout=out,
    )
    return out.getvalue()


def uncached_text() -> str:
    yearcache.forget()
    text = national_text()
    yearcache.forget()
    return text


def check(expected: dict[str, Any]) -> None:
    """Cold, warm and with nothing kept: the same text, and the hand-computed figures."""
    cold = national_text()
    assert yearcache.describe() == [{"year": 2011, "valid": True}]
    warm = national_text()
    fresh = uncached_text()
    assert cold == warm == fresh
    assert json.loads(warm) == expected


def test_it_keeps_2011_and_counts_it_again_after_each_change_to_its_history() -> None:
    from stays.models import Stay

    call_command("import_stays", str(FIXTURE), "--create-missing", stdout=io.StringIO())
    expected = copy.deepcopy(EXPECTED_RAW)
    check(expected)
    national_text()  # kept again

    # A correction of a stay: one woman allocated in Kommune A in 2011 was a man.
    stay = Stay.objects.filter(
        allocated_on__year=2011, gender="female", offer__name="A leiligheter"
    ).first()
    assert stay is not None
    stay.gender = "male"
    stay.save()
    assert yearcache.describe() == [{"year": 2011, "valid": False}]
    expected.update(women=61, men=4)
    check(expected)
    national_text()

    # An import of one more historic stay: allocated 1 March 2011 in Kommune A,
    # moved in five days later, moved out in 2012. By hand: 66 allocations,
    # 59 moved in, 62 women, 74 persons, 22 living there on 31 December; of
    # 59 arrivals 30 took five days and 29 nine: median 5, mean 411/59 = 7.0.
    import_file = HEADER + (
        "LATE1,Kommune A,A leiligheter,apartment,2011-03-01,2011-03-06,2012-02-01,unknown,female,1990,no,0\n"
    )
    from reporting.importer import import_stays

    import_stays(import_file)
    assert yearcache.describe() == [{"year": 2011, "valid": False}]
    expected.update(allocations=66, moved_in=59, women=62, persons=74, residents_on_end_date=22)
    expected["by_municipality"][0].update(allocations=9, moved_in=8)
    expected["by_offer"][0].update(allocations=9, moved_in=8)
    expected["days_from_allocation_to_arrival"] = {"count": 59, "median": 5.0, "mean": 7.0}
    check(expected)
    national_text()

    # A stay deleted (registered twice by mistake): the one just imported.
    Stay.objects.get(import_reference="LATE1").delete()
    assert yearcache.describe() == [{"year": 2011, "valid": False}]
    expected.update(allocations=65, moved_in=58, women=61, persons=73, residents_on_end_date=21)
    expected["by_municipality"][0].update(allocations=8, moved_in=7)
    expected["by_offer"][0].update(allocations=8, moved_in=7)
    expected["days_from_allocation_to_arrival"] = {"count": 58, "median": 7.0, "mean": 7.0}
    check(expected)


def test_retention_leaves_a_kept_year_equal_to_a_fresh_count() -> None:
    call_command("import_stays", str(FIXTURE), "--create-missing", stdout=io.StringIO())
    national_text()
    with time_machine.travel(dt.datetime(2045, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        call_command("apply_retention", stdout=io.StringIO())
    check(EXPECTED_RAW)


def test_a_change_to_this_year_writes_no_stamp_and_this_year_is_never_kept(
    make_stay: Any,
) -> None:
    from reporting.models import StatisticsHistory

    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        make_stay(moved_in_on=D(2026, 3, 1), allocated_on=D(2026, 2, 20))
        yearcache.period_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert not StatisticsHistory.objects.exists()
    assert not StatisticsYear.objects.exists()
    # New Year's Day: 2026 has ended but is not kept until the day after.
    with time_machine.travel(dt.datetime(2027, 1, 1, 10, tzinfo=dt.UTC), tick=False):
        yearcache.period_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31))
        assert not StatisticsYear.objects.exists()
    with time_machine.travel(dt.datetime(2027, 1, 2, 10, tzinfo=dt.UTC), tick=False):
        yearcache.period_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31))
        assert yearcache.describe() == [{"year": 2026, "valid": True}]


# --- live records: the follow-up minutes of test_open_work_only, in a finished year ---


@pytest.fixture
def in_2028() -> Any:
    with time_machine.travel(dt.datetime(2028, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        yield


def minutes_2026(*, kept: bool = True) -> dict[str, float]:
    if not kept:
        return load_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31)).followup_minutes_by_theme()
    blocks = yearcache.period_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31))
    return blocks.followup_minutes_by_theme()


def check_minutes(expected: dict[str, float]) -> None:
    cold = minutes_2026()
    assert yearcache.describe() == [{"year": 2026, "valid": True}]
    assert cold == minutes_2026() == minutes_2026(kept=False) == expected


def test_late_and_corrected_contacts_in_a_finished_year_are_counted_again(
    cast: dict[str, Any], make_stay: Any, in_2028: Any
) -> None:
    from followup.models import Contact, ContactTheme

    stay = make_stay(moved_in_on=D(2026, 2, 2), allocated_on=D(2026, 1, 20))
    worker = cast["followup_worker_a"]

    def contact(on: dt.date, minutes: int, *themes: str) -> Any:
        row = Contact.objects.create(
            stay=stay,
            contact_on=on,
            minutes=minutes,
            form=Contact.Form.IN_PERSON,
            with_whom=Contact.With.RESIDENT,
            recorded_by=worker,
        )
        for theme in themes:
            ContactTheme.objects.create(contact=row, theme=theme)
        return row

    shared = contact(D(2026, 3, 2), 60, "security", "mental_health")  # 30 + 30
    contact(D(2026, 3, 3), 90)  # no theme: 90 under "none"
    alone = contact(D(2026, 3, 4), 30, "security")
    contact(D(2026, 3, 5), 45, "economy", "family", "housing")  # 15 each
    contact(D(2025, 12, 31), 600, "security")  # before the period
    expected = {
        "security": 60.0,
        "mental_health": 30.0,
        "economy": 15.0,
        "family": 15.0,
        "housing": 15.0,
        "none": 90.0,
    }
    check_minutes(expected)

    # A contact registered late, in 2028, for June 2026: 20 more minutes of security.
    contact(D(2026, 6, 1), 20, "security")
    assert yearcache.describe() == [{"year": 2026, "valid": False}]
    expected["security"] = 80.0
    check_minutes(expected)

    # A correction of minutes: the 30-minute security contact took 40.
    alone.minutes = 40
    alone.save()
    expected["security"] = 90.0
    check_minutes(expected)

    # A correction of themes only: the shared contact was about security alone.
    shared.themes.filter(theme="mental_health").delete()
    del expected["mental_health"]
    expected["security"] = 120.0
    check_minutes(expected)

    # A contact moved to another year: the 45 minutes were in January 2027.
    moved = Contact.objects.get(minutes=45)
    moved.contact_on = D(2027, 1, 5)
    moved.save()
    for theme in ("economy", "family", "housing"):
        del expected[theme]
    check_minutes(expected)


def test_a_corrected_goal_indicator_in_a_finished_year_is_counted_again(
    cast: dict[str, Any], make_stay: Any, in_2028: Any
) -> None:
    from stays.models import GoalIndicatorAssessment

    stay = make_stay(
        moved_in_on=D(2026, 2, 2), moved_out_on=D(2026, 9, 1), allocated_on=D(2026, 1, 20)
    )

    def indicators() -> tuple[int, int]:
        live = yearcache.period_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31)).live_facts()
        fresh = load_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31)).live_facts()
        assert (fresh.closed_with_indicators, fresh.goal_indicators) == (
            live.closed_with_indicators,
            live.goal_indicators,
        )
        return live.closed_with_indicators, live.goal_indicators.get("safe_dwelling", 0)

    assert indicators() == (0, 0)
    row = GoalIndicatorAssessment.objects.create(
        stay=stay,
        assessed_on=D(2026, 9, 1),
        assessed_by=cast["followup_worker_a"],
        safe_dwelling="yes",
    )
    assert indicators() == (1, 1)
    row.safe_dwelling = "no"
    row.save()
    assert indicators() == (1, 0)


# --- the number of queries does not grow with the years once they are kept ---------


def test_the_twenty_year_page_asks_as_many_queries_for_many_years_as_for_few(
    client_for: Any, cast: dict[str, Any], make_stay: Any
) -> None:
    url = reverse("reporting:statistics") + "?fra=2006-01-01&til=2026-11-30"
    client = client_for(cast["analyst"])

    def queries_when_kept() -> int:
        assert client.get(url).status_code == 200  # counts and keeps what changed
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        make_stay(
            moved_in_on=D(2010, 3, 1), allocated_on=D(2010, 2, 20), moved_out_on=D(2010, 9, 1)
        )
        few = queries_when_kept()
        for year in range(2006, 2026):
            for day in (3, 4, 5):
                make_stay(
                    moved_in_on=D(year, 3, day),
                    allocated_on=D(year, 2, day),
                    moved_out_on=D(year, 10, day),
                )
        many = queries_when_kept()
    assert [row["year"] for row in yearcache.describe()] == list(range(2006, 2026))
    assert many == few


def test_counting_every_year_at_once_gives_each_year_as_counted_alone(
    cast: dict[str, Any], orgs: dict[str, Any], make_stay: Any
) -> None:
    from followup.models import Contact, ContactTheme
    from reporting.sources import load_years
    from tests import factories as f

    call_command("import_stays", str(FIXTURE), "--create-missing", stdout=io.StringIO())
    f.stay_through_services(
        municipality=orgs["municipality_a"],
        coordinator=cast["coordinator"],
        police=cast["police_representative"],
        lead=cast["project_lead_a"],
        allocated_days_ago=400,
        moved_in_days_ago=380,
        moved_out_days_ago=200,
        worker=cast["followup_worker_a"],
    )
    stay = make_stay(moved_in_on=D(2024, 11, 2), allocated_on=D(2024, 10, 20))
    for on, minutes in ((D(2024, 12, 30), 50), (D(2025, 1, 2), 70)):
        row = Contact.objects.create(
            stay=stay,
            contact_on=on,
            minutes=minutes,
            form=Contact.Form.IN_PERSON,
            with_whom=Contact.With.RESIDENT,
            recorded_by=cast["followup_worker_a"],
        )
        ContactTheme.objects.create(contact=row, theme="security")
    first, last = 2009, dates_today().year
    together = load_years(first=first, last=last)
    for year in range(first, last + 1):
        alone = load_blocks(start=D(year, 1, 1), end=D(year, 12, 31))
        assert together[year].to_json() == alone.to_json(), year
    # The check has teeth: the years differ, and some hold live figures.
    assert together[2011].to_json() != together[2010].to_json()
    assert together[2024].resident_days and together[2025].minutes


def dates_today() -> dt.date:
    from core import dates

    return dates.today()
