"""The advisory counts in the national statistics (JSON, page) and retention of the notes."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.core.management import call_command
from django.urls import reverse

from advisory import services
from advisory.models import AdvisoryContact
from core import dates
from oversight.retention import apply_retention
from reporting.advisory_figures import advisory_statistics

YEAR = dates.today().year - 1
DAY = dt.date(YEAR, 6, 1)


def _contacts(cast: dict[str, Any], n: int, **extra: Any) -> None:
    values: dict[str, Any] = {
        "contact_on": DAY,
        "asked_by": "person",
        "channel": "phone",
        "topics": ["forced_marriage"],
        "actions": ["advice"],
        "by": cast["coordinator"],
    }
    values.update(extra)
    for _i in range(n):
        services.contact_create(**values)


def test_national_statistics_json_counts_the_year_and_hides_small_cells(cast):
    # By hand: 7 asked by the person, 2 by NAV -> 9 contacts; forced marriage 7 + 0.
    _contacts(cast, 7)
    _contacts(cast, 2, asked_by="service", service_kind="nav", topics=["social_control"])
    services.course_create(held_on=DAY, audience="school", participants=3, by=cast["coordinator"])
    out = io.StringIO()
    call_command(
        "national_statistics", "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", stdout=out
    )
    (year,) = json.loads(out.getvalue())["advisory"]["years"]
    assert year["year"] == YEAR
    assert year["forced_marriage_cases"] == 7
    assert year["topics"]["social_control"] == "<5"
    # NAV's 2 is hidden; so is one more cell or the total, or 9 - 7 would give it away.
    assert year["asked_by"]["service_nav"] == "<5"
    assert year["asked_by"]["person"] == "x" or year["contacts"] == "x"
    # Courses count events and professionals, not the persons asked about.
    assert (year["courses"], year["course_participants"]) == (1, 3)

    raw = advisory_statistics(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), threshold=0)
    (raw_year,) = raw["years"]
    assert raw_year["contacts"] == 9
    assert raw_year["asked_by"]["service_nav"] == 2


def test_a_year_at_the_edge_of_the_period_counts_only_its_days(cast):
    _contacts(cast, 6, contact_on=dt.date(YEAR, 1, 10))
    _contacts(cast, 6, contact_on=dt.date(YEAR, 12, 10))
    published = advisory_statistics(
        start=dt.date(YEAR, 6, 1), end=dt.date(YEAR + 1, 1, 31), threshold=0
    )
    assert [(y["year"], y["contacts"]) for y in published["years"]] == [(YEAR, 6), (YEAR + 1, 0)]


def test_the_statistics_page_shows_the_team_s_year_and_the_comparison(cast, client_for):
    _contacts(cast, 6)
    page = client_for(cast["coordinator"]).get(
        reverse("reporting:statistics"), {"fra": f"{YEAR}-01-01", "til": f"{YEAR}-12-31"}
    )
    table = page.context["advisory"]
    assert table.years == [YEAR]
    rows = {label: [value.text for value in values] for label, values in table.rows}
    assert rows["Rådgivninger i alt"] == ["6"]
    assert rows["Saker om tvangsekteskap (som i evalueringen)"] == ["6"]
    assert "248, 276 og 378" in page.content.decode()


def test_the_exports_carry_the_team_s_year_as_its_own_part(cast):
    from reporting.presentation import sections
    from reporting.report import statistics

    _contacts(cast, 6)
    published = statistics(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))
    parts = {s.key: s for s in sections(published, with_charts=False, for_print=True)}
    rows = dict(parts[f"advisory_{YEAR}"].rows)
    assert rows["Rådgivninger i alt"].text == "6"
    assert "248, 276 og 378" in parts["advisory_forced_marriage"].summary


def test_retention_empties_the_name_and_note_but_keeps_the_counts(cast):
    old = services.contact_create(
        contact_on=dates.today() - dt.timedelta(days=800),
        asked_by="person",
        channel="phone",
        topics=["honour_violence"],
        name_consent=True,
        name="Amina",
        note="Redd for familien",
        by=cast["coordinator"],
    )
    recent = services.contact_create(
        contact_on=dates.today() - dt.timedelta(days=30),
        asked_by="person",
        channel="phone",
        topics=["honour_violence"],
        note="Ny",
        by=cast["coordinator"],
    )
    result = apply_retention()
    assert result.anchors["advisory"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.note, old.topic_honour_violence) == (None, "", True)
    assert old.anonymised_at is not None
    assert recent.note == "Ny"
    assert AdvisoryContact.objects.count() == 2
