"""Security clearances: validity, allocatability, warnings, validation and audit."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from audit.models import AuditEntry
from core import dates
from housing import selectors
from housing.models import SecurityClearance
from tests.factories import ClearanceFactory, DwellingFactory, PlaceFactory


def _form(**overrides: object) -> dict[str, object]:
    today = dates.today()
    data: dict[str, object] = {
        "cleared_on": (today - dt.timedelta(days=2)).isoformat(),
        "valid_until": (today + dt.timedelta(days=365)).isoformat(),
        "area_assessed": "on",
        "area_note": "Rolig boligområde.",
        "min_door_peephole": "on",
        "min_shatterproof_glass": "on",
        "min_two_ways_out": "on",
        "min_no_direct_insight": "on",
        "recommendations": "Sett opp lys ved inngangen\n\nBytt lås",
    }
    data.update(overrides)
    return data


def test_it_records_a_clearance_with_recommendations_and_audits_it(cast, world, client_for):
    dwelling = world["dwelling_a"]
    url = reverse("housing:clearance_create", args=[dwelling.pk])
    response = client_for(cast["local_police_a"]).post(url, _form())
    assert response.status_code == 302
    clearance = SecurityClearance.objects.filter(dwelling=dwelling).latest()
    assert clearance.area_assessed and clearance.area_note == "Rolig boligområde."
    assert [r.text for r in clearance.recommendations.all()] == [
        "Sett opp lys ved inngangen",
        "Bytt lås",
    ]
    entry = AuditEntry.objects.get(action="housing.clearance.recorded", object_id=str(clearance.pk))
    assert "cleared_on" in entry.fields and "recommendations" in entry.fields
    assert clearance.police_district == dwelling.offer.municipality.police_district


def test_it_refuses_a_clearance_dated_in_the_future(cast, world, client_for):
    dwelling = world["dwelling_a"]
    before = SecurityClearance.objects.count()
    tomorrow = (dates.today() + dt.timedelta(days=1)).isoformat()
    response = client_for(cast["local_police_a"]).post(
        reverse("housing:clearance_create", args=[dwelling.pk]), _form(cleared_on=tomorrow)
    )
    assert response.status_code == 200
    assert "Klareringsdatoen kan ikke være fram i tid" in response.text
    assert 'href="#id_cleared_on"' in response.text  # error summary links to the field
    assert f'value="{tomorrow}"' in response.text  # input kept
    assert "Rolig boligområde." in response.text
    assert SecurityClearance.objects.count() == before


def test_it_refuses_a_validity_date_before_the_clearance_date(cast, world, client_for):
    before = SecurityClearance.objects.count()
    today = dates.today()
    response = client_for(cast["police_representative"]).post(
        reverse("housing:clearance_create", args=[world["dwelling_a"].pk]),
        _form(cleared_on=today.isoformat(), valid_until=(today - dt.timedelta(days=5)).isoformat()),
    )
    assert response.status_code == 200
    assert "«Gyldig til og med» kan ikke være før klareringsdatoen" in response.text
    assert 'href="#id_valid_until"' in response.text
    assert SecurityClearance.objects.count() == before
    assert not AuditEntry.objects.filter(action="housing.clearance.recorded").exists()


def test_it_allows_allocation_only_with_a_valid_clearance(cast, world):
    today = dates.today()
    dwelling = world["dwelling_a"]
    assert selectors.dwelling_is_allocatable(dwelling, today) == (True, "")
    # Before the clearance was made, and after it expires: not allocatable.
    assert not selectors.dwelling_is_allocatable(dwelling, today - dt.timedelta(days=101))[0]
    ok, reason = selectors.dwelling_is_allocatable(dwelling, today + dt.timedelta(days=366))
    assert not ok and "utløpt" in reason
    bare = DwellingFactory.create(offer=world["offer_a"])
    ok, reason = selectors.dwelling_is_allocatable(bare, today)
    assert not ok and "mangler sikkerhetsklarering" in reason
    place = PlaceFactory.create(dwelling=bare)
    assert not selectors.place_is_allocatable(place, today)[0]


def test_it_requires_every_minimum_requirement(cast, world):
    dwelling = DwellingFactory.create(offer=world["offer_a"])
    ClearanceFactory.create(
        dwelling=dwelling, recorded_by=cast["local_police_a"], min_two_ways_out=False
    )
    ok, reason = selectors.dwelling_is_allocatable(dwelling)
    assert not ok and "minstekravene" in reason


def test_it_warns_about_expiring_and_missing_clearances(cast, world, client_for):
    today = dates.today()
    expiring = DwellingFactory.create(offer=world["offer_a"], label="A-9")
    ClearanceFactory.create(
        dwelling=expiring,
        recorded_by=cast["coordinator"],
        valid_until=today + dt.timedelta(days=20),
    )
    DwellingFactory.create(offer=world["offer_a"], label="A-8")
    states = {
        row.dwelling.label: row.state.code
        for row in selectors.clearance_warnings(fetched_by=cast["local_police_a"])
    }
    assert states == {"A-9": "expiring", "A-8": "missing"}
    # Expiring is still allocatable; missing is not.
    assert selectors.dwelling_is_allocatable(expiring)[0]
    home = client_for(cast["local_police_a"]).get(reverse("home")).text
    assert "A-8: Mangler sikkerhetsklarering" in home
    assert "A-9: Klareringen utløper" in home
    listing = client_for(cast["coordinator"]).get(reverse("housing:offer_list")).text
    assert "A-8: Mangler sikkerhetsklarering" in listing
    # Police in another district do not see A's dwellings at all.
    assert selectors.clearance_warnings(fetched_by=cast["followup_worker_b"]) == []


def test_it_marks_a_recommendation_carried_out(cast, world, client_for):
    from housing.models import ClearanceRecommendation

    clearance = world["dwelling_a"].clearances.get()
    rec = ClearanceRecommendation.objects.create(clearance=clearance, text="Bytt lås")
    url = reverse("housing:recommendation_done", args=[rec.pk])
    assert (
        client_for(cast["followup_worker_a"])
        .post(url, {"carried_out_on": dates.today().isoformat()})
        .status_code
        == 404
    )
    response = client_for(cast["project_lead_a"]).post(
        url, {"carried_out_on": dates.today().isoformat()}
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.carried_out and rec.carried_out_on == dates.today()
    assert AuditEntry.objects.filter(action="housing.recommendation.carried_out").count() == 1


# --- reading a clearance is audited (SECURITY.md 21) --------------------------------------


def test_every_role_that_opens_a_dwelling_page_leaves_a_row_naming_the_notes(
    cast, world, client_for
):
    """The notes describe a secret dwelling's weak points: every reader leaves a row.

    The directorate representative has no need for dwellings (docs/access-model.md)
    and gets the missing-page answer, with no row.
    """
    dwelling = world["dwelling_b"]
    url = reverse("housing:dwelling_detail", args=[dwelling.pk])
    assert client_for(cast["directorate_representative"]).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="housing.dwelling.viewed").exists()
    for role in ("coordinator", "police_representative"):
        user = cast[role]
        response = client_for(user).get(reverse("housing:dwelling_detail", args=[dwelling.pk]))
        assert response.status_code == 200
        entry = AuditEntry.objects.get(action="housing.dwelling.viewed", actor_id=user.pk)
        assert (entry.object_type, entry.object_id) == ("housing.Dwelling", str(dwelling.pk))
        assert {
            "clearances.area_note",
            "clearances.doors_windows_note",
            "clearances.recommendations.text",
        } <= set(entry.fields)


def test_the_recommendation_form_names_the_text_it_shows(cast, world, client_for):
    clearance = SecurityClearance.objects.filter(dwelling=world["dwelling_a"]).latest()
    recommendation = clearance.recommendations.create(text="Bytt lås", is_synthetic=True)
    client_for(cast["project_lead_a"]).get(
        reverse("housing:recommendation_done", args=[recommendation.pk])
    )
    entry = AuditEntry.objects.get(action="housing.recommendation.opened")
    assert entry.object_id == str(recommendation.pk) and "text" in entry.fields
