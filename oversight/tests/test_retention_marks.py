"""Retention remembers what it has emptied (``anonymised_at``), and forgets it when written to.

A night with nothing due must cost the same few queries however many
emptied histories there are, and must not read them; an anchor that falls
due after an earlier run is still emptied; and whatever is written under an
emptied anchor afterwards is judged by the retention rules again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from core import dates
from core.tests.test_retention import moment
from oversight import retention as runner

FIVE_YEARS_AND_A_DAY = 1826  # the default period after closure, plus one day
TWO_YEARS_AND_A_DAY = 731  # the default period after a no-place inquiry, plus one day

# A run with nothing due, counted by hand: the four due queries (stays,
# persons, no-place inquiries, advisory contacts), then the run's one
# ``retention.applied`` audit entry: SAVEPOINT, lock the chain's head row,
# INSERT the entry, UPDATE the head, RELEASE SAVEPOINT.
NOTHING_DUE_QUERIES = 4 + 5


def closed_stay(cast: dict[str, Any], *, closed_on: dt.date, note: str) -> Any:
    """A closed stay with its person and two contact entries, built directly (no services)."""
    from followup.models import Contact
    from tests import factories as f

    stay = f.StayFactory.create(
        person=f.PersonFactory.create(),
        moved_in_on=closed_on - dt.timedelta(days=200),
        moved_out_on=closed_on - dt.timedelta(days=10),
        closed_on=closed_on,
        housing_plan=f"plan {note}",
    )
    for minutes in (30, 45):
        Contact.objects.create(
            stay=stay,
            contact_on=closed_on - dt.timedelta(days=100),
            minutes=minutes,
            form="phone",
            with_whom="resident",
            note=f"{note} {minutes}",
            recorded_by=cast["followup_worker_a"],
        )
    return stay


@pytest.mark.parametrize("emptied", [2, 12])
def test_it_asks_the_same_few_queries_whatever_the_emptied_history(cast, emptied):
    from stays.models import Stay

    for n in range(emptied):
        closed_stay(cast, closed_on=dates.today(), note=f"gammel {n}")
    with time_machine.travel(moment(dates.today() + dt.timedelta(days=FIVE_YEARS_AND_A_DAY))):
        first = runner.apply_retention()
        with CaptureQueriesContext(connection) as queries:
            again = runner.apply_retention()

    assert first.anchors["stay"] == emptied and first.anchors["person"] == emptied
    assert Stay.objects.filter(anonymised_at=None).count() == 0
    assert sum(again.anchors.values()) == 0 and sum(again.rows.values()) == 0
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len(sqls) == NOTHING_DUE_QUERIES, sqls
    # Nothing under an emptied anchor is read: no contact, no report, no plan.
    assert [s for s in sqls if "followup_" in s or "reporting_" in s] == []
    # Each due query reads its anchor table only for anchors not emptied yet.
    for table in (
        "stays_stay",
        "referrals_person",
        "referrals_inquiry",
        "advisory_advisorycontact",
    ):
        (due,) = [s for s in sqls if s.split(" FROM ", 1)[-1].startswith(f'"{table}"')]
        assert f'"{table}"."anonymised_at" IS NULL' in due, due


def test_it_still_empties_a_stay_that_falls_due_after_an_earlier_run(cast):
    from followup.models import Contact
    from stays.models import Stay

    today = dates.today()
    early = closed_stay(cast, closed_on=today, note="tidlig")
    late = closed_stay(cast, closed_on=today + dt.timedelta(days=400), note="sen")

    with time_machine.travel(moment(today + dt.timedelta(days=FIVE_YEARS_AND_A_DAY))):
        first = runner.apply_retention()
    assert first.anchors["stay"] == 1
    assert Stay.objects.get(pk=late.pk).housing_plan == "plan sen"
    assert Stay.objects.get(pk=late.pk).anonymised_at is None

    with time_machine.travel(moment(today + dt.timedelta(days=400 + FIVE_YEARS_AND_A_DAY))):
        second = runner.apply_retention()
    assert second.anchors == {"stay": 1, "person": 1}
    assert Stay.objects.get(pk=late.pk).housing_plan == ""
    assert set(Contact.objects.filter(stay=late).values_list("note", flat=True)) == {""}
    emptied = AuditEntry.objects.filter(action="retention.stay.anonymised")
    assert sorted(emptied.values_list("object_id", flat=True)) == sorted(
        [str(early.pk), str(late.pk)]
    )


def test_it_empties_again_what_is_written_under_an_emptied_stay(cast):
    from django.utils import timezone

    from access.models import BreakGlassAccess

    stay = closed_stay(cast, closed_on=dates.today(), note="gammel")
    later = dates.today() + dt.timedelta(days=FIVE_YEARS_AND_A_DAY)
    with time_machine.travel(moment(later)):
        runner.apply_retention()
        # Someone opens the closed stay in an emergency years later and says why.
        access = BreakGlassAccess.objects.create(
            user=cast["directorate_representative"],
            stay=stay,
            reason="ny grunn",
            looked_up_by="reference",
            opened_at=timezone.now(),
            expires_at=timezone.now() + dt.timedelta(hours=1),
        )
    with time_machine.travel(moment(later + dt.timedelta(days=1))):
        result = runner.apply_retention()
    # The stay's period ran out long ago: the new reason goes the next night.
    assert result.anchors["stay"] == 1 and result.rows == {"access.BreakGlassAccess": 1}
    assert BreakGlassAccess.objects.get(pk=access.pk).reason == ""


def test_it_empties_a_no_place_inquiry_corrected_after_it_was_emptied(cast):
    from referrals.models import Inquiry, InquiryCorrection
    from referrals.services.corrections import inquiry_correct
    from tests import factories as f

    inquiry = f.InquiryFactory.create(
        registered_by=cast["coordinator"],
        outcome="no_place",
        no_place_reason="relatives",
        guidance="gammel veiledning",
        closed_on=dates.today(),
    )
    later = dates.today() + dt.timedelta(days=TWO_YEARS_AND_A_DAY)
    with time_machine.travel(moment(later)):
        first = runner.apply_retention()
        assert first.anchors["inquiry"] == 1
        emptied = Inquiry.objects.get(pk=inquiry.pk)
        assert (emptied.reason, emptied.guidance) == ("", "")
        inquiry_correct(
            inquiry=emptied,
            contact_kind=emptied.contact_kind,
            channel=emptied.channel,
            received_on=emptied.received_on,
            reason="ny tekst",
            guidance="ny veiledning",
            why="rettet",
            by=cast["coordinator"],
        )
    assert Inquiry.objects.get(pk=inquiry.pk).anonymised_at is None

    with time_machine.travel(moment(later + dt.timedelta(days=1))):
        second = runner.apply_retention()
    assert second.anchors["inquiry"] == 1
    corrected = Inquiry.objects.get(pk=inquiry.pk)
    assert (corrected.reason, corrected.guidance) == ("", "")
    assert corrected.anonymised_at is not None
    assert list(
        InquiryCorrection.objects.filter(inquiry=inquiry).values_list("content", flat=True)
    ) == [{}]


def test_it_waits_the_whole_period_again_after_a_person_is_changed(cast):
    """The person rule is "nothing about them changed for the period": a change restarts it."""
    from referrals.models import Assessment
    from tests import factories as f

    assessment: Any = f.AssessmentFactory.create(
        assessed_by_user=cast["coordinator"], status="closed"
    )
    person = assessment.person
    start = dates.today()
    emptied_on = start + dt.timedelta(days=FIVE_YEARS_AND_A_DAY)
    with time_machine.travel(moment(emptied_on)):
        first = runner.apply_retention()
    assert first.anchors["person"] == 1
    assert Assessment.objects.get(pk=assessment.pk).wishes == ""

    with time_machine.travel(moment(emptied_on + dt.timedelta(days=10))):
        changed = Assessment.objects.get(pk=assessment.pk)
        changed.wishes = "nye ønsker"
        changed.save()
    with time_machine.travel(moment(emptied_on + dt.timedelta(days=11))):
        soon = runner.apply_retention()
    assert soon.anchors["person"] == 0
    assert Assessment.objects.get(pk=assessment.pk).wishes == "nye ønsker"

    with time_machine.travel(moment(emptied_on + dt.timedelta(days=10 + FIVE_YEARS_AND_A_DAY))):
        late = runner.apply_retention()
    assert late.anchors["person"] == 1
    assert Assessment.objects.get(pk=assessment.pk).wishes == ""
    emptied = AuditEntry.objects.filter(
        action="retention.person.anonymised", object_id=str(person.pk)
    )
    assert emptied.count() == 2


def test_it_empties_an_inquiry_about_two_people_once_the_second_is_due(cast):
    """The first person emptied a year earlier must not keep the shared inquiry forever."""
    from referrals.models import Inquiry
    from tests import factories as f

    start = dates.today()
    inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"], outcome="assessed")
    f.AssessmentFactory.create(
        assessed_by_user=cast["coordinator"], inquiry=inquiry, status="closed"
    )
    with time_machine.travel(moment(start + dt.timedelta(days=400))):
        f.AssessmentFactory.create(
            assessed_by_user=cast["coordinator"], inquiry=inquiry, status="closed"
        )
    # The inquiry itself last changed on the first day.
    Inquiry.objects.filter(pk=inquiry.pk).update(updated_at=moment(start))

    with time_machine.travel(moment(start + dt.timedelta(days=FIVE_YEARS_AND_A_DAY))):
        first = runner.apply_retention()
    assert first.anchors["person"] == 1
    assert Inquiry.objects.get(pk=inquiry.pk).reason == "MARKER-INQUIRY-REASON"

    with time_machine.travel(moment(start + dt.timedelta(days=400 + FIVE_YEARS_AND_A_DAY))):
        second = runner.apply_retention()
    assert second.anchors["person"] == 1
    assert second.rows["referrals.Inquiry"] == 1
    assert Inquiry.objects.get(pk=inquiry.pk).reason == ""


def test_it_marks_what_was_emptied_before_the_mark_existed_without_rewriting_it(cast):
    from stays.models import Stay

    stay = closed_stay(cast, closed_on=dates.today(), note="gammel")
    later = dates.today() + dt.timedelta(days=FIVE_YEARS_AND_A_DAY)
    with time_machine.travel(moment(later)):
        runner.apply_retention()
        # As after the migration: emptied long ago, no mark.
        Stay.objects.filter(pk=stay.pk).update(anonymised_at=None)
        before = AuditEntry.objects.filter(action="retention.stay.anonymised").count()
        result = runner.apply_retention()
    assert sum(result.anchors.values()) == 0 and sum(result.rows.values()) == 0
    assert AuditEntry.objects.filter(action="retention.stay.anonymised").count() == before
    assert Stay.objects.get(pk=stay.pk).anonymised_at is not None
