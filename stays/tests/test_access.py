"""Who sees which resident: every stays page per role, own and other municipality, and missing ids."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from stays import selectors

STAY_PAGES = [
    "stays:overview",
    "stays:notes",
    "stays:move_in",
    "stays:household_add",
    "stays:timetable",
    "stays:timetable_item_create",
    "stays:planned_move_out",
    "stays:housing_plan",
    "stays:transfer",
    "stays:move_out",
    "stays:aftercare",
    "stays:close",
    "stays:partner_add",
    "stays:security_detail",
]


def expected(role, page):
    """200 where the policy lets the role in; everyone else sees a missing page."""
    staff = role in {"project_lead_a", "followup_worker_a"}
    if page == "stays:security_detail":
        return 200 if role == "local_police_a" else 404
    if page == "stays:close":
        return 200 if role == "project_lead_a" else 404
    return 200 if staff else 404


ROLES = [
    "project_lead_a",
    "followup_worker_a",
    "followup_worker_b",
    "local_police_a",
    "coordinator",
    "police_representative",
    "directorate_representative",
    "analyst",
    "sysadmin",
]


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_stay_page_by_role_and_municipality(role, stay, cast, client_for):
    client = client_for(cast[role])
    for page in STAY_PAGES:
        response = client.get(reverse(page, args=[stay.pk]))
        assert response.status_code == expected(role, page), (role, page, response.status_code)


@pytest.mark.parametrize("role", ["project_lead_a", "followup_worker_a", "local_police_a"])
def test_it_answers_404_for_a_missing_stay(role, cast, client_for, stay):
    client = client_for(cast[role])
    for page in STAY_PAGES:
        assert client.get(reverse(page, args=[stay.pk + 1000])).status_code == 404


def test_it_hides_everything_of_a_from_the_b_worker(living, cast, client_for):
    client = client_for(cast["followup_worker_b"])
    assert client.get(reverse("stays:timetable_pdf", args=[living.pk])).status_code == 404
    assert client.post(reverse("stays:move_out", args=[living.pk]), {}).status_code == 404
    assert client.post(reverse("stays:notes", args=[living.pk])).status_code == 404
    page = client.get(reverse("stays:resident_list"))
    assert page.status_code == 200
    assert living.person.name not in page.content.decode()
    assert list(selectors.resident_list(fetched_by=cast["followup_worker_b"])) == []


def test_it_lists_own_residents_and_audits_each_one(living, stay_factory, cast, client_for):
    other = stay_factory(municipality="municipality_b")
    page = client_for(cast["followup_worker_a"]).get(reverse("stays:resident_list"))
    text = page.content.decode()
    assert living.person.name in text and other.person.name not in text
    listed = AuditEntry.objects.filter(action="stays.resident.listed")
    assert {e.object_id for e in listed} == {str(living.pk)}


def test_the_police_see_only_the_security_subset(living, cast, client_for):
    client = client_for(cast["local_police_a"])
    listing = client.get(reverse("stays:security_list"))
    assert listing.status_code == 200 and living.person.name in listing.content.decode()
    detail = client.get(reverse("stays:security_detail", args=[living.pk]))
    assert detail.status_code == 200
    assert AuditEntry.objects.filter(action="stays.security.viewed").count() == 1
    assert client.get(reverse("stays:resident_list")).status_code == 404


def test_the_coordinator_sees_stays_without_names(living, cast, client_for):
    page = client_for(cast["coordinator"]).get(reverse("stays:summary_list"))
    assert page.status_code == 200
    assert living.person.name not in page.content.decode()
    assert client_for(cast["coordinator"]).get(reverse("stays:resident_list")).status_code == 404


@pytest.mark.parametrize("role", ["directorate_representative", "analyst", "sysadmin"])
def test_it_shows_no_individual_stay_to(role, living, cast, client_for):
    client = client_for(cast[role])
    for name in ("stays:resident_list", "stays:security_list", "stays:summary_list"):
        assert client.get(reverse(name)).status_code == 404


def test_it_audits_reading_the_notes(living, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    assert client.get(reverse("stays:notes", args=[living.pk])).status_code == 200
    assert not AuditEntry.objects.filter(action="stays.note.viewed").exists()
    assert client.post(reverse("stays:notes", args=[living.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="stays.note.viewed")
    assert entry.object_id == str(living.pk)


def test_it_refuses_the_wrong_method(living, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    assert client.post(reverse("stays:overview", args=[living.pk])).status_code == 405
    assert client.post(reverse("stays:resident_list")).status_code == 405


def test_only_the_project_lead_edits_the_offers_template(stay, cast, client_for):
    url = reverse("stays:template", args=[stay.offer.pk])
    assert client_for(cast["project_lead_a"]).get(url).status_code == 200
    assert client_for(cast["followup_worker_a"]).get(url).status_code == 404
    assert client_for(cast["followup_worker_b"]).get(url).status_code == 404
