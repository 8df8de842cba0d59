"""Correcting an assessment, and withdrawing one recorded twice or by mistake.

Found when the team tried it: a typo in a birth date forced a second
assessment, and the wrong one stayed on the workbench and in the statistics.
The expected answers are written out by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from core import dates
from referrals import selectors, services
from referrals.models import Assessment, AssessmentCorrection, Inquiry
from referrals.services.intake import PersonData
from reporting.sources import load_live_facts
from tests.factories import AssessmentFactory, InquiryFactory, PersonFactory

PERSON = {"name": "Amina Testesen", "gender": "female", "phone": "", "identity_number": ""}


@pytest.fixture
def written(cast):
    """An assessment by the team's coordinator (not the lead) with a wrong birth date."""
    inquiry = InquiryFactory.create(registered_by=cast["coordinator"])
    return services.assessment_create(
        person=PersonData(**PERSON, birth_date=dt.date(2004, 3, 15)),
        answers={
            "assessed_by": "team",
            "need_status": "met",
            "benefit_status": "met",
            "threat_status": "unclear",
            "lawful_residence": "yes",
            "followup_intensity": "medium",
        },
        children_birth_years=[2023],
        inquiry=inquiry,
        by=cast["coordinator"],
    )


def _answers(assessment: Assessment, **changes):
    names = (
        "assessed_by",
        "need_status",
        "benefit_status",
        "threat_status",
        "lawful_residence",
        "followup_intensity",
    )
    return {**{n: getattr(assessment, n) for n in names}, **changes}


def test_it_corrects_a_birth_date_and_keeps_what_stood_before(written, cast):
    correction = services.assessment_correct(
        assessment=written,
        person=PersonData(**PERSON, birth_date=dt.date(2004, 5, 13)),
        answers=_answers(written),
        children_birth_years=[2023],
        reason="feil fødselsdato",
        by=cast["coordinator"],
    )
    written.person.refresh_from_db()
    assert written.person.birth_date == dt.date(2004, 5, 13)
    assert correction.fields == ["person.birth_date"]
    assert correction.content == {
        "previous": {"person.birth_date": "2004-03-15"},
        "reason": "feil fødselsdato",
    }
    rows = {
        e.action: e.fields
        for e in AuditEntry.objects.filter(action__endswith=".corrected").order_by("pk")
    }
    assert rows == {
        "referrals.person.corrected": ["birth_date"],
        "referrals.assessment.corrected": ["person"],
    }
    # Still one assessment of one person: nothing typed twice.
    assert Assessment.objects.count() == 1


def test_it_recomputes_the_age_criterion_from_the_corrected_birth_date(written, cast):
    seventeen = dates.today().replace(year=dates.today().year - 17)
    services.assessment_correct(
        assessment=written,
        person=PersonData(**PERSON, birth_date=seventeen),
        answers=_answers(written),
        children_birth_years=[2023],
        reason="feil år",
        by=cast["coordinator"],
    )
    written.refresh_from_db()
    assert written.age_status == "not_met"


def test_it_corrects_the_children_and_the_answers(written, cast):
    correction = services.assessment_correct(
        assessment=written,
        person=PersonData(**PERSON, birth_date=dt.date(2004, 3, 15)),
        answers=_answers(written, threat_status="met"),
        children_birth_years=[2022, 2023],
        reason="to barn, ikke ett",
        by=cast["coordinator"],
    )
    assert correction.fields == ["children", "threat_status"]
    assert correction.content["previous"] == {"children": [2023], "threat_status": "unclear"}
    assert sorted(written.children.values_list("birth_year", flat=True)) == [2022, 2023]


def test_it_refuses_a_correction_that_changes_nothing(written, cast):
    with pytest.raises(ValidationError, match="Ingenting er endret"):
        services.assessment_correct(
            assessment=written,
            person=PersonData(**PERSON, birth_date=dt.date(2004, 3, 15)),
            answers=_answers(written),
            children_birth_years=[2023],
            reason="ingenting",
            by=cast["coordinator"],
        )
    assert not AssessmentCorrection.objects.exists()


def test_it_refuses_an_identity_number_that_belongs_to_someone_else(written, cast):
    other = PersonFactory.create()
    with pytest.raises(ValidationError, match="tilhører en annen registrert person"):
        services.assessment_correct(
            assessment=written,
            person=PersonData(
                **{**PERSON, "identity_number": other.identity_number}, birth_date=None
            ),
            answers=_answers(written),
            children_birth_years=[2023],
            reason="feil nummer",
            by=cast["coordinator"],
        )
    written.person.refresh_from_db()
    assert written.person.identity_number is None
    assert not AssessmentCorrection.objects.exists()


def test_only_the_writer_or_the_team_lead_may_correct(written, cast, orgs, member):
    colleague = member(Role.COORDINATOR, orgs["team"], "kari")
    with pytest.raises(PermissionDenied):
        services.assessment_correct(
            assessment=written,
            person=PersonData(**PERSON, birth_date=dt.date(2004, 5, 13)),
            answers=_answers(written),
            children_birth_years=[2023],
            reason="feil dato",
            by=colleague,
        )
    other_lead_written = AssessmentFactory.create(assessed_by_user=colleague)
    # The lead corrects a colleague's assessment.
    assert services.may_correct(cast["coordinator"], other_lead_written)
    # No other role may, not even with the case in view.
    for role in ("police_representative", "directorate_representative", "project_lead_a"):
        assert not services.may_correct(cast[role], written)


def test_a_colleague_gets_the_same_answer_as_for_a_missing_assessment(
    written, orgs, member, client_for
):
    colleague = client_for(member(Role.COORDINATOR, orgs["team"], "kari"))
    for name in ("assessment_correct", "assessment_withdraw"):
        mine = colleague.get(reverse(f"referrals:{name}", args=[written.pk]))
        missing = colleague.get(reverse(f"referrals:{name}", args=[written.pk + 999]))
        assert mine.status_code == missing.status_code == 404


def test_it_corrects_over_http_and_shows_who_corrected(written, cast, client_for):
    client = client_for(cast["coordinator"])
    url = reverse("referrals:assessment_correct", args=[written.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Amina Testesen" in page.content.decode()
    assert AuditEntry.objects.filter(action="referrals.assessment.viewed").count() == 1
    form = {
        "name": "Amina Testesen",
        "identity_number": "",
        "birth_date": "2004-05-13",
        "phone": "",
        "gender": "female",
        "assessed_on": written.assessed_on.isoformat(),
        "assessed_by": "team",
        "need_status": "met",
        "benefit_status": "met",
        "threat_status": "unclear",
        "lawful_residence": "yes",
        "followup_intensity": "medium",
        "children_birth_years": "2023",
        "reason": "",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Dette feltet er påkrevd" in refused.content.decode()
    assert not AssessmentCorrection.objects.exists()
    done = client.post(url, {**form, "reason": "feil fødselsdato"})
    assert done.status_code == 302
    detail = client.get(done["Location"]).content.decode()
    assert "Rettinger" in detail
    assert "1 felt rettet" in detail


def test_a_withdrawn_assessment_leaves_the_workbench_and_the_statistics(written, cast):
    coordinator = cast["coordinator"]
    today = dates.today()
    year = (today - dt.timedelta(days=400), today)
    before = load_live_facts(start=year[0], end=year[1]).assessments
    assert written in selectors.workbench(fetched_by=coordinator).waiting_for_consent

    services.assessment_withdraw(assessment=written, reason="duplicate", note="", by=coordinator)

    written.refresh_from_db()
    assert written.status == "withdrawn"
    assert written not in selectors.workbench(fetched_by=coordinator).waiting_for_consent
    assert load_live_facts(start=year[0], end=year[1]).assessments == before - 1
    # It was the inquiry's only assessment: the inquiry is open again.
    assert written.inquiry.__class__.objects.get(pk=written.inquiry_id).outcome == (
        Inquiry.Outcome.OPEN
    )
    assert set(
        AuditEntry.objects.filter(
            action__in=["referrals.assessment.withdrawn", "referrals.inquiry.reopened"]
        ).values_list("action", flat=True)
    ) == {"referrals.assessment.withdrawn", "referrals.inquiry.reopened"}
    with pytest.raises(ValidationError):
        services.assessment_correct(
            assessment=written,
            person=PersonData(**PERSON, birth_date=dt.date(2004, 5, 13)),
            answers=_answers(written),
            children_birth_years=[2023],
            reason="for sent",
            by=coordinator,
        )


def test_it_refuses_to_withdraw_an_assessment_with_a_proposed_place(case, proposed, cast):
    with pytest.raises(ValidationError, match="forslag om plass"):
        services.assessment_withdraw(
            assessment=case.assessment, reason="mistake", by=cast["coordinator"]
        )
    case.assessment.refresh_from_db()
    assert case.assessment.status != "withdrawn"
