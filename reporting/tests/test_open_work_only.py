"""The deadline lists walk open work, not history: settled stays are left out in SQL.

Expected answers are worked out by hand from the platform's rule (3 and 9
months after moving in, one month before the planned move-out; nothing that
fell due after the actual move-out), not taken from ``milestone_due_dates``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import deadlines as dl
from reporting.models import MilestoneKind, MilestoneReport, ReportedStay
from reporting.selectors import late_reports

D = dt.date
K = MilestoneKind
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_december_2026() -> Any:
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        yield


def _sent(stay: Any, kind: str, lead: Any) -> None:
    MilestoneReport.objects.create(
        stay=stay,
        kind=kind,
        due_on=D(2025, 1, 1),
        housing_plan="Plan",
        submitted_by=lead,
        submitted_on=D(2025, 1, 1),
    )


def _kept(*stays: Any) -> set[int]:
    ids = [s.pk for s in stays]
    return set(
        dl.may_still_owe(ReportedStay.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )


def test_it_keeps_living_stays_and_stays_with_a_report_missing(
    cast: dict[str, Any], make_stay: Any
) -> None:
    lead = cast["project_lead_a"]
    living = make_stay(moved_in_on=D(2026, 2, 2))
    # In 1.1.2025, out 1.12.2025: owes 3 months (1.4), 9 months (1.10) and
    # before move-out (planned 1.11 - 1 month = 1.10); the 9-month one is missing.
    missing_nine = make_stay(
        moved_in_on=D(2025, 1, 1), planned_move_out_on=D(2025, 11, 1), moved_out_on=D(2025, 12, 1)
    )
    _sent(missing_nine, K.THREE_MONTHS, lead)
    _sent(missing_nine, K.BEFORE_MOVE_OUT, lead)
    assert _kept(living, missing_nine) == {living.pk, missing_nine.pk}


def test_it_leaves_out_stays_that_sent_everything_they_owed(
    cast: dict[str, Any], make_stay: Any
) -> None:
    lead = cast["project_lead_a"]
    all_three = make_stay(
        moved_in_on=D(2025, 1, 1), planned_move_out_on=D(2025, 11, 1), moved_out_on=D(2025, 12, 1)
    )
    for kind in K:
        _sent(all_three, kind, lead)
    # In 1.1.2025, planned out 1.10.2025 but left 1.6.2025: owes only the
    # 3-month report (1.4); before move-out (1.9) and 9 months (1.10) came after.
    left_early = make_stay(
        moved_in_on=D(2025, 1, 1), planned_move_out_on=D(2025, 10, 1), moved_out_on=D(2025, 6, 1)
    )
    _sent(left_early, K.THREE_MONTHS, lead)
    # Six weeks, planned 9 months: owed nothing at all.
    six_weeks = make_stay(
        moved_in_on=D(2025, 3, 2), planned_move_out_on=D(2025, 12, 2), moved_out_on=D(2025, 4, 13)
    )
    assert _kept(all_three, left_early, six_weeks) == set()


def test_it_keeps_a_stay_that_left_on_the_last_possible_day_of_a_report(
    cast: dict[str, Any], make_stay: Any
) -> None:
    # 31.1.2025 + 3 months = 30.4.2025 (a Wednesday, a working day): moving
    # out that day still owes the report, and it was not sent.
    edge = make_stay(
        moved_in_on=D(2025, 1, 31), planned_move_out_on=D(2025, 10, 31), moved_out_on=D(2025, 4, 30)
    )
    assert _kept(edge) == {edge.pk}
    assert [d.subkind for d in dl.milestone_deadlines([edge], today=D(2026, 12, 1))] == [
        K.THREE_MONTHS
    ]


def test_late_reports_walk_only_open_work_at_a_constant_query_count(
    cast: dict[str, Any], make_stay: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead, reader = cast["project_lead_a"], cast["directorate_representative"]
    walked: list[int] = []
    exact_rule = dl.milestone_deadlines

    def counting(stays: Any, **kwargs: Any) -> Any:
        stays = list(stays)
        walked.append(len(stays))
        return exact_rule(stays, **kwargs)

    monkeypatch.setattr(dl, "milestone_deadlines", counting)

    def settled(n: int) -> None:
        for i in range(n):
            stay = make_stay(
                moved_in_on=D(2015, 1, 1) + dt.timedelta(days=i),
                planned_move_out_on=D(2015, 10, 1) + dt.timedelta(days=i),
                moved_out_on=D(2015, 10, 1) + dt.timedelta(days=i),
            )
            for kind in K:
                _sent(stay, kind, lead)

    make_stay(moved_in_on=D(2026, 2, 2))  # open work: its 3- and 9-month reports are late
    settled(2)
    late_reports(fetched_by=reader)  # memberships are read once per request object
    with CaptureQueriesContext(connection) as few:
        first = late_reports(fetched_by=reader)
    settled(20)
    with CaptureQueriesContext(connection) as many:
        second = late_reports(fetched_by=reader)
    assert len(many) == len(few)
    assert walked[1:] == [1, 1]
    assert [r.kind for r in first] == [r.kind for r in second] == [K.THREE_MONTHS, K.NINE_MONTHS]


def test_the_inbox_pages_read_reports_and_keeps_its_query_count(
    cast: dict[str, Any], make_stay: Any, client_for: Any
) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from audit.models import AuditEntry
    from reporting.selectors import READ_REPORTS_PER_PAGE

    lead, reader = cast["project_lead_a"], cast["directorate_representative"]

    def read_reports(n: int) -> None:
        for i in range(n):
            stay = make_stay(
                moved_in_on=D(2015, 1, 1) + dt.timedelta(days=i),
                planned_move_out_on=D(2015, 10, 1) + dt.timedelta(days=i),
                moved_out_on=D(2015, 10, 1) + dt.timedelta(days=i),
            )
            for kind in K:
                _sent(stay, kind, lead)
        MilestoneReport.objects.update(read_at=timezone.now(), read_by=reader)

    bufdir = client_for(reader)
    url = reverse("reporting:inbox")
    read_reports(3)  # 9 read reports: one page
    bufdir.get(url)
    with CaptureQueriesContext(connection) as small:
        page = bufdir.get(url).content.decode()
    assert "Lest: 9" in page and "Side 1 av" not in page
    read_reports(12)  # 45 read reports: two pages
    with CaptureQueriesContext(connection) as large:
        page = bufdir.get(url).content.decode()
    assert len(large) == len(small)
    assert "Lest: 45" in page and "Side 1 av 2" in page and "?side=2" in page
    assert page.count('href="/rapportering/rapporter/') == READ_REPORTS_PER_PAGE
    # Only the rows shown are audited as read: one page, not the history.
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    page_two = bufdir.get(url, {"side": 2}).content.decode()
    shown = AuditEntry.objects.filter(pk__gt=before, action=reads_list_action()).count()
    assert shown == 45 - READ_REPORTS_PER_PAGE
    assert "Side 2 av 2" in page_two


def reads_list_action() -> str:
    from reporting import reads

    return reads.REPORT_LIST.action


def test_follow_up_minutes_per_theme_are_summed_in_sql(
    cast: dict[str, Any], make_stay: Any
) -> None:
    from followup.models import Contact, ContactTheme
    from reporting.sources import load_live_facts

    stay = make_stay(moved_in_on=D(2026, 2, 2))
    worker = cast["followup_worker_a"]

    def contact(on: dt.date, minutes: int, *themes: str) -> None:
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

    contact(D(2026, 3, 2), 60, "security", "mental_health")  # 30 + 30
    contact(D(2026, 3, 3), 90)  # no theme: 90 under "none"
    contact(D(2026, 3, 4), 30, "security")
    contact(D(2026, 3, 5), 45, "economy", "family", "housing")  # 15 each
    contact(D(2025, 12, 31), 600, "security")  # before the period
    with CaptureQueriesContext(connection) as queries:
        live = load_live_facts(start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert live.followup_minutes_by_theme == {
        "security": 60.0,
        "mental_health": 30.0,
        "economy": 15.0,
        "family": 15.0,
        "housing": 15.0,
        "none": 90.0,
    }
    # One aggregate (minutes per list of themes); no contact row loaded.
    contact_queries = [
        q["sql"] for q in queries.captured_queries if '"followup_contact"' in q["sql"]
    ]
    assert len(contact_queries) == 1
    assert all(sql.startswith("SELECT") and "SUM(" in sql for sql in contact_queries)


def test_the_share_with_a_threat_assessment_before_arrival_is_one_query(
    cast: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from referrals.models import ThreatAssessment
    from reporting.sources import load_live_facts
    from tests import factories as f

    def arrived() -> Any:
        return f.stay_through_services(
            municipality=orgs["municipality_a"],
            coordinator=cast["coordinator"],
            police=cast["police_representative"],
            lead=cast["project_lead_a"],
            allocated_days_ago=20,
            moved_in_days_ago=10,
            worker=cast["followup_worker_a"],
        )

    def facts() -> Any:
        return load_live_facts(start=D(2026, 1, 1), end=D(2026, 12, 31))

    def threat_dated(stay: Any, days_after_move_in: int) -> None:
        ThreatAssessment.objects.filter(assessment__allocations__stay=stay).update(
            assessed_on=stay.moved_in_on + dt.timedelta(days=days_after_move_in)
        )

    before, after = arrived(), arrived()
    # By hand: the first stay's threat assessment is dated before its move-in,
    # the second's after it: one of the two arrivals had one before, 1 of 2.
    threat_dated(before, -5)
    threat_dated(after, 1)
    live = facts()
    assert (live.moved_in_checked_for_threat, live.moved_in_with_threat_before) == (2, 1)
    with CaptureQueriesContext(connection) as two:
        facts()
    threat_dated(arrived(), 0)  # on the day of arrival counts as before it
    with CaptureQueriesContext(connection) as three:
        live = facts()
    assert (live.moved_in_checked_for_threat, live.moved_in_with_threat_before) == (3, 2)
    assert len(three) == len(two)
