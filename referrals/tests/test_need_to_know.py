"""Need to know for the police (tjenstlig behov; DOMAIN.md §6, SECURITY.md 31).

* The local police of the district around the offer read a threat assessment
  (summary and details, threat actors included) only while the case is open:
  not after the stay is closed or withdrawn, nor after the case ended without
  a place, even when the district wrote the assessment itself.
* The team's police representative opens an assessment and its person only
  while the person has a valid, not withdrawn consent to share with the
  team's police for a threat assessment; before that the police queue shows
  nothing that identifies the person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from access import policy
from core import dates
from referrals import services
from referrals.models import Assessment, Consent, Inquiry, Person, ThreatAssessment
from stays import services as stay_services
from tests import factories as f

P = policy.Perm
THREAT_PERMS = (P.VIEW_THREAT_SUMMARY, P.VIEW_THREAT_DETAILS)


@pytest.fixture
def district_threat(case: Any, cast: dict[str, Any], orgs: dict[str, Any]) -> ThreatAssessment:
    """A threat assessment written by police district A (municipality A's district)."""
    return f.ThreatAssessmentFactory.create(
        assessment=case.assessment,
        written_by=cast["local_police_a"],
        assessed_by=ThreatAssessment.AssessedBy.POLICE_DISTRICT,
        police_district=orgs["police_a"],
        details="MARKER-THREAT-ACTORS",
    )


def _fresh(user: Any) -> Any:
    return type(user).objects.get(pk=user.pk)


def _reads(user: Any, threat: ThreatAssessment) -> dict[str, bool]:
    user = _fresh(user)
    return {
        **{perm.value: policy.can(user, perm, threat) for perm in THREAT_PERMS},
        "write": policy.can(user, P.WRITE_THREAT_ASSESSMENTS, threat.assessment),
    }


SEES = {"view_threat_summary": True, "view_threat_details": True, "write": True}
BLIND = dict.fromkeys(SEES, False)


def _detail(client_for: Any, user: Any, threat: ThreatAssessment) -> Any:
    return client_for(user).get(reverse("referrals:threat_detail", args=[threat.pk]))


# --- (b) local police: only while the case is open ------------------------------------------


def test_local_police_read_the_threat_assessment_while_the_proposal_is_live(
    cast, proposed, district_threat, client_for
):
    lars = cast["local_police_a"]
    assert _reads(lars, district_threat) == SEES
    page = _detail(client_for, lars, district_threat)
    assert page.status_code == 200
    assert "MARKER-THREAT-ACTORS" in page.text


def test_local_police_still_read_it_while_the_resident_lives_there(cast, proposed, district_threat):
    stay = stay_services.allocation_accept(allocation=proposed, by=cast["project_lead_a"])
    type(stay).objects.filter(pk=stay.pk).update(status="living", moved_in_on=dates.today())
    assert _reads(cast["local_police_a"], district_threat) == SEES


@pytest.mark.parametrize("ending", ["closed", "withdrawn"])
def test_local_police_lose_the_threat_assessment_when_the_stay_ends(
    cast, proposed, district_threat, client_for, ending
):
    stay = stay_services.allocation_accept(allocation=proposed, by=cast["project_lead_a"])
    if ending == "closed":
        type(stay).objects.filter(pk=stay.pk).update(status="closed", closed_on=dates.today())
    else:
        from stays.services import stay_withdraw_before_arrival

        stay_withdraw_before_arrival(stay=stay, by=cast["project_lead_a"])
    proposed.refresh_from_db()
    assert proposed.status == "accepted"  # the allocation itself stays accepted
    lars = cast["local_police_a"]
    assert _reads(lars, district_threat) == BLIND
    assert _detail(client_for, lars, district_threat).status_code == 404
    queue = client_for(lars).get(reverse("referrals:police_queue")).text
    assert case_name(district_threat) not in queue


def test_local_police_lose_what_they_wrote_when_the_case_ends_without_a_place(
    cast, case, proposed, district_threat, client_for
):
    stay_services.allocation_withdraw(
        allocation=proposed, reason="Trakk seg", by=cast["coordinator"]
    )
    Assessment.objects.filter(pk=case.assessment.pk).update(status=Assessment.Status.CLOSED)
    lars = cast["local_police_a"]
    assert _reads(lars, district_threat) == BLIND
    assert _detail(client_for, lars, district_threat).status_code == 404


def test_local_police_do_not_read_a_live_case_whose_assessment_ended(
    cast, case, proposed, district_threat
):
    # A live allocation of a case that ended without a place (inquiry closed,
    # assessment closed) reaches nothing either.
    inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"])
    Inquiry.objects.filter(pk=inquiry.pk).update(
        outcome=Inquiry.Outcome.NO_PLACE,
        no_place_reason=Inquiry.NoPlaceReason.RELATIVES,
        closed_on=dates.today(),
    )
    Assessment.objects.filter(pk=case.assessment.pk).update(inquiry=inquiry)
    assert _reads(cast["local_police_a"], district_threat) == BLIND


def case_name(threat: ThreatAssessment) -> str:
    return Person.objects.get(assessments__threat_assessments=threat).name


# --- (c) the team's police representative: only under consent --------------------------------


@pytest.fixture
def waiting(cast: dict[str, Any]) -> Assessment:
    """An assessment waiting for a threat assessment; the person has given no consent yet."""
    return f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])


def _opens(user: Any, assessment: Assessment) -> bool:
    user = _fresh(user)
    return all(
        policy.can(user, perm, obj)
        for perm, obj in (
            (P.VIEW_ASSESSMENTS, assessment),
            (P.VIEW_ASSESSMENTS, assessment.person),
            (P.WRITE_THREAT_ASSESSMENTS, assessment),
            (P.WRITE_THREAT_ASSESSMENTS, assessment.person),
        )
    )


def _closed_to(user: Any, assessment: Assessment) -> bool:
    user = _fresh(user)
    return not any(
        policy.can(user, perm, obj)
        for perm in (P.VIEW_ASSESSMENTS, P.WRITE_THREAT_ASSESSMENTS, P.VIEW_THREAT_SUMMARY)
        for obj in (assessment, assessment.person)
    )


def test_the_police_representative_sees_nothing_of_a_person_before_consent(
    cast, waiting, client_for
):
    petra = cast["police_representative"]
    assert _closed_to(petra, waiting)
    client = client_for(petra)
    for route in ("referrals:assessment_detail", "referrals:threat_create"):
        assert client.get(reverse(route, args=[waiting.pk])).status_code == 404
    for route in ("referrals:police_queue", "referrals:assessment_list"):
        page = client.get(reverse(route))
        assert page.status_code == 200
        assert waiting.person.name not in page.text
        assert "MARKER-PHONE" not in page.text
    # The coordinator, who records the consent, sees the case all along.
    assert policy.can(cast["coordinator"], P.VIEW_ASSESSMENTS, waiting)


def test_the_police_representative_opens_the_case_once_the_person_consents(
    cast, waiting, client_for
):
    f.ConsentFactory.create(person=waiting.person, recorded_by=cast["coordinator"])
    petra = cast["police_representative"]
    assert _opens(petra, waiting)
    queue = client_for(petra).get(reverse("referrals:police_queue"))
    assert waiting.person.name in queue.text
    assert (
        client_for(petra).get(reverse("referrals:threat_create", args=[waiting.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("kind", ["withdrawn", "expired", "future", "district_only", "offer"])
def test_the_police_representative_needs_a_valid_consent_to_the_teams_police(
    cast, orgs, waiting, kind
):
    today = dates.today()
    extra: dict[str, Any] = {
        "withdrawn": {"withdrawn_on": today},
        "expired": {
            "given_on": today - dt.timedelta(days=30),
            "expires_on": today - dt.timedelta(days=1),
        },
        "future": {"given_on": today + dt.timedelta(days=1)},
        "district_only": {
            "recipient_kind": Consent.RecipientKind.POLICE_DISTRICT,
            "recipient_organisation": orgs["police_a"],
        },
        "offer": {
            "purpose": Consent.Purpose.RECEIVING_OFFER,
            "recipient_kind": Consent.RecipientKind.MUNICIPALITY,
            "recipient_organisation": orgs["municipality_a"],
        },
    }[kind]
    f.ConsentFactory.create(person=waiting.person, recorded_by=cast["coordinator"], **extra)
    assert _closed_to(cast["police_representative"], waiting)


def test_the_police_representative_loses_the_case_when_the_consent_is_withdrawn(
    cast, waiting, client_for
):
    consent = f.ConsentFactory.create(person=waiting.person, recorded_by=cast["coordinator"])
    petra = cast["police_representative"]
    assert _opens(petra, waiting)
    services.consent_withdraw(
        consent=consent, withdrawn_on=dates.today(), reason="Ombestemte seg", by=cast["coordinator"]
    )
    assert _closed_to(petra, waiting)
    url = reverse("referrals:assessment_detail", args=[waiting.pk])
    assert client_for(petra).get(url).status_code == 404
