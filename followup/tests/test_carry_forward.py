"""Nothing typed twice: what the assessment and the police said follows the person into the stay.

Found when the story was played: the child recorded in the assessment was not
in the stay's household ("Bor alene"), the police's recommended violence alarm
and code 7 were "Ikke vurdert ennå" in the measures register, and criterion 4
stayed "Uavklart" after the threat assessment. The expected answers are
written out by hand.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from referrals import services as referral_services
from referrals.models import AssessmentChild, Criterion
from stays import services as stay_services
from stays.models import HouseholdMember
from tests import factories as f


def _accepted_stay(cast, orgs, *, children=(), code_7=False):
    place = f.cleared_place(municipality=orgs["municipality_a"], by=cast["coordinator"])
    assessment, threat = f.ready_for_a_place(
        municipality=orgs["municipality_a"],
        coordinator=cast["coordinator"],
        police=cast["police_representative"],
    )
    if code_7:
        threat.measure_code_7 = True
        threat.save(update_fields=["measure_code_7"])
    for year in children:
        AssessmentChild.objects.create(assessment=assessment, birth_year=year)
    allocation = referral_services.allocation_propose(
        assessment=assessment,
        place=place,
        expected_arrival_on=dates.today(),
        by=cast["coordinator"],
    )
    return stay_services.allocation_accept(allocation=allocation, by=cast["project_lead_a"])


def test_the_assessments_children_are_in_the_stays_household(cast, orgs):
    stay = _accepted_stay(cast, orgs, children=(2023,))
    assert list(stay.household.values_list("kind", "birth_year", "first_name")) == [
        (HouseholdMember.Kind.CHILD, 2023, "")
    ]
    assert stay.children_count == 1
    row = AuditEntry.objects.get(action="stays.household.added")
    assert (row.purpose, row.fields) == ("husstand fra kartleggingen", ["kind", "birth_year"])


def test_a_person_alone_gets_no_household(cast, orgs):
    stay = _accepted_stay(cast, orgs)
    assert stay.household.count() == 0
    assert not AuditEntry.objects.filter(action="stays.household.added").exists()


def test_criterion_four_follows_the_threat_assessment_unless_the_team_decided(cast, orgs):
    coordinator, police = cast["coordinator"], cast["police_representative"]
    for before, after in (
        (Criterion.UNCLEAR, Criterion.MET),
        (Criterion.NOT_MET, Criterion.NOT_MET),
        (Criterion.MET, Criterion.MET),
    ):
        assessment = f.AssessmentFactory.create(assessed_by_user=coordinator, threat_status=before)
        f.ConsentFactory.create(person=assessment.person, recorded_by=coordinator)
        referral_services.threat_assessment_record(
            assessment=assessment,
            assessed_by="team_police",
            police_district=None,
            assessed_on=dates.today() - dt.timedelta(days=1),
            risk_level="high",
            avoid_municipalities=[],
            details="x",
            measures=["measure_violence_alarm"],
            measures_note="",
            by=police,
        )
        assessment.refresh_from_db()
        assert assessment.threat_status == after, before
    assert (
        AuditEntry.objects.filter(action="referrals.assessment.threat_criterion_met").count() == 1
    )


def test_the_measures_register_offers_what_the_police_recommended(cast, orgs, client_for):
    stay = _accepted_stay(cast, orgs, code_7=True)
    worker = client_for(cast["followup_worker_a"])
    url = reverse("followup:measures", args=[stay.pk])

    page = worker.get(url).content.decode()
    assert "Politiet anbefalte i trusselvurderingen:" in page
    assert "Voldsalarm: registrer tiltaket" in page
    assert "Fortrolig adresse (kode 7): registrer tiltaket" in page
    assert "Strengt fortrolig adresse (kode 6): registrer tiltaket" not in page
    # Recommended measures are not also listed as not assessed.
    not_assessed = page.split("Ikke vurdert ennå:")[1].split("</p>")[0]
    assert "Voldsalarm" not in not_assessed and "kode 7" not in not_assessed
    read = AuditEntry.objects.filter(action="followup.measures.viewed").latest("pk")
    assert "allocation.assessment.threat_assessments.measure_code_7" in read.fields

    form_url = reverse("followup:measure_create", args=[stay.pk])
    form = worker.get(form_url, {"tiltak": "violence_alarm", "fra": "trusselvurdering"})
    assert "Anbefalt i politiets trusselvurdering." in form.content.decode()
    saved = worker.post(
        form_url,
        {
            "kind": "violence_alarm",
            "chosen": "yes",
            "reason": "Anbefalt i politiets trusselvurdering.",
            "applied_on": dates.today().isoformat(),
        },
    )
    assert saved.status_code == 302
    page = worker.get(url).content.decode()
    assert "Voldsalarm: registrer tiltaket" not in page
    assert "Fortrolig adresse (kode 7): registrer tiltaket" in page
