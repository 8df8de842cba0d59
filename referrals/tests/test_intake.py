import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from core import dates
from referrals import services
from referrals.identity import BAD_CHECK_DIGIT, synthetic_identity_number
from referrals.models import Assessment, Criterion, Inquiry, Person
from referrals.services.intake import PersonData
from tests import factories as f

ANSWERS = {
    "assessed_by": "team",
    "need_status": "met",
    "benefit_status": "met",
    "threat_status": "unclear",
    "lawful_residence": "yes",
    "followup_intensity": "medium",
    "wishes": "MARKER-WISHES",
}


def test_it_creates_an_inquiry_and_audits_it(cast):
    before = AuditEntry.objects.count()
    inquiry = services.inquiry_create(
        contact_kind="nav",
        channel="email",
        received_on=dates.today(),
        reason="Trenger bolig",
        by=cast["coordinator"],
    )
    assert inquiry.outcome == Inquiry.Outcome.OPEN
    entry = AuditEntry.objects.get(seq__gt=0, action="referrals.inquiry.created")
    assert entry.roles == "coordinator"
    assert "Trenger" not in str(entry.fields) + entry.purpose
    assert AuditEntry.objects.count() == before + 1


def test_it_refuses_an_inquiry_dated_in_the_future(cast):
    with pytest.raises(ValidationError):
        services.inquiry_create(
            contact_kind="nav",
            channel="email",
            received_on=dates.today() + dt.timedelta(days=1),
            reason="x",
            by=cast["coordinator"],
        )
    assert not Inquiry.objects.exists()


def test_it_closes_an_inquiry_without_place_with_guidance(cast):
    inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"])
    with pytest.raises(ValidationError):
        services.inquiry_close_without_place(
            inquiry=inquiry, no_place_reason="relatives", guidance=" ", by=cast["coordinator"]
        )
    services.inquiry_close_without_place(
        inquiry=inquiry,
        no_place_reason="relatives",
        guidance="Rådet om krisesenter",
        by=cast["coordinator"],
    )
    inquiry.refresh_from_db()
    assert (inquiry.outcome, inquiry.no_place_reason, inquiry.guidance) == (
        "no_place",
        "relatives",
        "Rådet om krisesenter",
    )
    # Plain columns: statistics count them without decrypting.
    assert Inquiry.objects.filter(outcome="no_place", no_place_reason="relatives").count() == 1


def test_it_derives_the_birth_date_and_age_from_the_identity_number(cast):
    born = f.years_ago(25)
    number = synthetic_identity_number(born)
    inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"])
    assessment = services.assessment_create(
        person=PersonData(name="Demo Person", gender="female", identity_number=number),
        answers=ANSWERS,
        children_birth_years=[dates.today().year - 2],
        inquiry=inquiry,
        by=cast["coordinator"],
    )
    assert assessment.person.birth_date == born
    assert assessment.age_status == Criterion.MET
    assert [c.birth_year for c in assessment.children.all()] == [dates.today().year - 2]
    inquiry.refresh_from_db()
    assert inquiry.outcome == Inquiry.Outcome.ASSESSED


def test_it_refuses_an_identity_number_with_a_bad_check_digit(cast):
    number = synthetic_identity_number(f.years_ago(25))
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as err:
        services.assessment_create(
            person=PersonData(name="X", gender="female", identity_number=bad),
            answers=ANSWERS,
            by=cast["coordinator"],
        )
    assert err.value.message_dict["identity_number"] == [BAD_CHECK_DIGIT]
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="referrals.").exists()


def test_it_accepts_a_birth_date_without_identity_number_and_marks_under_18(cast):
    assessment = services.assessment_create(
        person=PersonData(name="X", gender="male", birth_date=f.years_ago(17)),
        answers=ANSWERS,
        by=cast["coordinator"],
    )
    assert assessment.age_status == Criterion.NOT_MET
    assert services.allocation_blockers(assessment)


def test_it_finds_a_duplicate_by_identity_number(cast):
    number = synthetic_identity_number(f.years_ago(30), 2)
    first = services.assessment_create(
        person=PersonData(name="A", gender="female", identity_number=number),
        answers=ANSWERS,
        by=cast["coordinator"],
    )
    spaced = f"{number[:6]} {number[6:]}"
    second = services.assessment_create(
        person=PersonData(name="A", gender="female", identity_number=spaced),
        answers=ANSWERS,
        by=cast["coordinator"],
    )
    assert first.person_id == second.person_id
    assert Person.objects.count() == 1


def test_it_refuses_unknown_assessment_fields(cast):
    with pytest.raises(ValueError):
        services.assessment_create(
            person=PersonData(name="A", gender="female", birth_date=f.years_ago(20)),
            answers={**ANSWERS, "status": "allocated"},
            by=cast["coordinator"],
        )


def test_it_requires_the_service_when_assessed_together(cast):
    with pytest.raises(ValidationError) as err:
        services.assessment_create(
            person=PersonData(name="A", gender="female", birth_date=f.years_ago(20)),
            answers={**ANSWERS, "assessed_by": "service_with_team"},
            by=cast["coordinator"],
        )
    assert "assisting_service" in err.value.message_dict
    assert not Assessment.objects.exists()


def _threat(assessment, by, **extra):
    args = {
        "assessment": assessment,
        "assessed_by": "team_police",
        "police_district": None,
        "assessed_on": dates.today(),
        "risk_level": "high",
        "avoid_municipalities": [],
        "details": "MARKER",
        "measures": ["measure_violence_alarm"],
        "measures_note": "",
        "by": by,
    }
    args.update(extra)
    return services.threat_assessment_record(**args)


@pytest.mark.parametrize(
    "role", ["coordinator", "project_lead_a", "directorate_representative", "analyst", "sysadmin"]
)
def test_it_lets_only_police_write_threat_assessments(cast, role):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    with pytest.raises(PermissionDenied):
        _threat(assessment, cast[role])


def test_it_records_a_threat_assessment_by_police(cast, orgs):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    threat = _threat(
        assessment, cast["police_representative"], avoid_municipalities=[orgs["municipality_b"]]
    )
    assert list(threat.avoid_municipalities.all()) == [orgs["municipality_b"]]
    assert threat.measure_violence_alarm and not threat.measure_code_6
    entry = AuditEntry.objects.get(action="referrals.threat_assessment.created")
    assert entry.roles == "police_representative"


def test_it_keeps_local_police_to_their_own_district(cast, orgs):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    with pytest.raises(ValidationError):
        _threat(
            assessment,
            cast["local_police_a"],
            assessed_by="police_district",
            police_district=orgs["police_b"],
        )
    with pytest.raises(PermissionDenied):
        _threat(assessment, cast["local_police_a"], assessed_by="team_police")
    _threat(
        assessment,
        cast["local_police_a"],
        assessed_by="police_district",
        police_district=orgs["police_a"],
    )
