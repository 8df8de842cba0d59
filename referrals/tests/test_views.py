import datetime as dt

from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from referrals import services
from referrals.identity import BAD_CHECK_DIGIT, synthetic_identity_number
from referrals.models import Allocation, Consent, Inquiry, Person
from stays.models import Stay
from tests import factories as f

ASSESSMENT_POST = {
    "name": "Skjema Person",
    "gender": "female",
    "assessed_on": "",
    "assessed_by": "team",
    "need_status": "met",
    "benefit_status": "met",
    "threat_status": "met",
    "lawful_residence": "yes",
    "followup_intensity": "medium",
}


def test_it_registers_an_inquiry(cast, client_for):
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:inquiry_create"),
        {
            "contact_kind": "nav",
            "channel": "phone",
            "received_on": dates.today().isoformat(),
            "reason": "Ringte",
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:inquiry_detail", args=[inquiry.pk])
    # Nothing personal in the URL: an opaque id only.
    assert "Ringte" not in response["Location"]


def test_it_ignores_extra_keys(cast, client_for):
    client_for(cast["coordinator"]).post(
        reverse("referrals:inquiry_create"),
        {
            "contact_kind": "nav",
            "channel": "phone",
            "received_on": dates.today().isoformat(),
            "reason": "x",
            "outcome": "no_place",
            "is_synthetic": "1",
        },
    )
    inquiry = Inquiry.objects.get()
    assert inquiry.outcome == "open"
    assert inquiry.is_synthetic is False


def test_it_keeps_input_and_shows_errors_when_guidance_is_missing(cast, client_for):
    inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"])
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:inquiry_no_place", args=[inquiry.pk]),
        {"no_place_reason": "relatives", "guidance": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "ds-error-summary" in body
    assert 'href="#id_guidance"' in body
    assert 'value="relatives" id="id_no_place_reason_2" checked' in body
    inquiry.refresh_from_db()
    assert inquiry.outcome == "open"


def test_it_refuses_a_bad_check_digit_in_the_form(cast, client_for):
    inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"])
    number = synthetic_identity_number(f.years_ago(25))
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    before = AuditEntry.objects.filter(action__startswith="referrals.").count()
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:assessment_create", args=[inquiry.pk]),
        {**ASSESSMENT_POST, "assessed_on": dates.today().isoformat(), "identity_number": bad},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert BAD_CHECK_DIGIT in body
    assert 'value="Skjema Person"' in body
    assert not Person.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="referrals.").count() == before


def test_it_creates_an_assessment_through_the_form(cast, client_for):
    inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"])
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:assessment_create", args=[inquiry.pk]),
        {
            **ASSESSMENT_POST,
            "assessed_on": dates.today().isoformat(),
            "birth_date": f.years_ago(20).isoformat(),
            "children_birth_years": f"{dates.today().year - 1}",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.assessments.get().children.count() == 1


def test_it_shows_under_18_and_changes_nothing(case, cast, client_for):
    person = case.assessment.person
    person.birth_date = f.years_ago(17)
    person.identity_number = None
    person.save()
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:match", args=[case.assessment.pk]),
        {"place": case.place_a.pk, "expected_arrival_on": dates.today().isoformat()},
    )
    assert "under 18" in response.content.decode()
    assert not Allocation.objects.exists()


def test_it_says_the_place_was_just_taken(case, cast, client_for):
    other = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    f.ThreatAssessmentFactory.create(assessment=other, written_by=cast["police_representative"])
    services.allocation_propose(
        assessment=other,
        place=case.place_a,
        expected_arrival_on=dates.today(),
        by=cast["coordinator"],
    )
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:match", args=[case.assessment.pk]),
        {"place": case.place_a.pk, "expected_arrival_on": dates.today().isoformat()},
    )
    assert services.PLACE_TAKEN in response.content.decode()
    assert Allocation.objects.count() == 1


def test_it_proposes_through_the_match_page(case, cast, client_for):
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:match", args=[case.assessment.pk]),
        {
            "place": case.place_a.pk,
            "expected_arrival_on": (dates.today() + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Allocation.objects.get().status == "proposed"


def test_it_refuses_sharing_before_the_consent_in_the_form(cast, client_for):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    f.ConsentFactory.create(
        person=assessment.person, recorded_by=cast["coordinator"], given_on=dates.today()
    )
    response = client_for(cast["coordinator"]).post(
        reverse("referrals:share_with_police", args=[assessment.pk]),
        {
            "recipient_kind": "team_police",
            "shared_on": (dates.today() - dt.timedelta(days=2)).isoformat(),
        },
    )
    assert services.CONSENT_AFTER_SHARING in response.content.decode()
    assert AuditEntry.objects.filter(action="referrals.sharing.refused").count() == 1


def test_it_refuses_the_package_page_without_consent_and_audits(proposed, cast, client_for):
    Consent.objects.filter(purpose="offer").update(withdrawn_on=dates.today())
    response = client_for(cast["project_lead_a"]).get(
        reverse("referrals:package", args=[proposed.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Informasjonspakken kan ikke vises" in body
    assert "MARKER-WISHES" not in body
    assert (
        AuditEntry.objects.filter(action="referrals.sharing.refused", actor_username="bob").count()
        == 1
    )


def test_it_shows_and_audits_the_package(proposed, cast, client_for):
    response = client_for(cast["followup_worker_a"]).get(
        reverse("referrals:package", args=[proposed.pk])
    )
    body = response.content.decode()
    assert "MARKER-WISHES" in body and "MARKER-ARRIVAL" in body
    assert "MARKER-THREAT-DETAILS" not in body
    assert "Send svar" not in body  # only the project lead answers
    assert (
        AuditEntry.objects.filter(action="referrals.package.viewed", actor_username="berit").count()
        == 1
    )


def test_it_accepts_through_the_package_page(proposed, cast, client_for):
    response = client_for(cast["project_lead_a"]).post(
        reverse("referrals:package", args=[proposed.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    assert Stay.objects.get().allocation == proposed


def test_it_declines_through_the_package_page_only_with_a_reason(proposed, cast, client_for):
    c = client_for(cast["project_lead_a"])
    response = c.post(reverse("referrals:package", args=[proposed.pk]), {"decision": "decline"})
    assert response.status_code == 200
    proposed.refresh_from_db()
    assert proposed.status == "proposed"
    c.post(
        reverse("referrals:package", args=[proposed.pk]),
        {"decision": "decline", "decline_reason": "Fullt"},
    )
    proposed.refresh_from_db()
    assert proposed.status == "declined"


def test_it_lists_the_workbench_with_counts_and_logs_each_person(case, proposed, cast, client_for):
    f.InquiryFactory.create(registered_by=cast["coordinator"])
    waiting = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    response = client_for(cast["coordinator"]).get(reverse("referrals:workbench"))
    body = response.content.decode()
    assert "Åpne henvendelser (1)" in body
    assert "Venter på samtykke (1)" in body
    assert "Forslag som venter på svar (1)" in body
    assert waiting.person.name in body
    listed = AuditEntry.objects.filter(action="referrals.person.listed").values_list(
        "object_id", flat=True
    )
    assert str(waiting.person.pk) in listed


def test_it_links_the_workbench_from_the_coordinators_start_page(cast, client_for):
    body = client_for(cast["coordinator"]).get("/").content.decode()
    assert reverse("referrals:workbench") in body
