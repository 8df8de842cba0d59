"""A municipality's number (kommunenummer) in the administrator's organisation form.

The number names the municipality to other registers; it gives nobody
access to anything, so it is saved at once like the name (only the kind and
police district are staged for a second person) and audited by field name.
"""

from __future__ import annotations

import pytest
from django.db import DataError, IntegrityError, transaction

from access.models import ApprovalRequest
from access.tests.staging import change_organisation
from accounts.models import Organisation
from accounts.tests.admin_forms import AdminForm
from audit.models import AuditEntry


def test_the_administrator_sets_it_at_once_and_it_is_audited(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    municipality = orgs["municipality_a"]
    form = AdminForm.open(admin, change_organisation(municipality))
    assert form.set(municipality_number="3301").post(admin).status_code == 302
    municipality.refresh_from_db()
    assert municipality.municipality_number == "3301"
    assert ApprovalRequest.objects.count() == 0
    entry = AuditEntry.objects.filter(action="accounts.organisation.changed").latest("pk")
    assert entry.fields == ["municipality_number"]
    assert "3301" not in str(entry.purpose)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("3005", "3005 er ikke et kommunenummer i kommuneinndelingen fra 2024."),
        ("33", "Kommunenummeret skal være fire siffer, for eksempel 3301."),
    ],
)
def test_it_refuses_a_number_not_in_the_list(number, message, settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    municipality = orgs["municipality_a"]
    response = AdminForm.open(admin, change_organisation(municipality))
    response = response.set(municipality_number=number).post(admin)
    assert response.status_code == 200
    assert message in response.content.decode()
    municipality.refresh_from_db()
    assert municipality.municipality_number == ""


def test_only_a_municipality_has_one(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    district = orgs["police_a"]
    response = AdminForm.open(admin, change_organisation(district))
    response = response.set(municipality_number="3301").post(admin)
    assert response.status_code == 200
    assert "Bare en vertskommune har kommunenummer." in response.content.decode()
    district.refresh_from_db()
    assert district.municipality_number == ""


def test_two_municipalities_cannot_share_one(settled, orgs, client_for):
    Organisation.objects.filter(pk=orgs["municipality_b"].pk).update(municipality_number="3301")
    admin = client_for(settled["sysadmin"])
    response = AdminForm.open(admin, change_organisation(orgs["municipality_a"]))
    response = response.set(municipality_number="3301").post(admin)
    assert response.status_code == 200
    assert "En annen organisasjon har allerede dette kommunenummeret." in response.content.decode()


@pytest.mark.parametrize("number", ["330", "33O1", "33011"])
def test_the_database_refuses_anything_but_four_digits(number, orgs):
    # Too long is a DataError on PostgreSQL (varchar(4)); the check constraint catches the rest.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Organisation.objects.filter(pk=orgs["municipality_a"].pk).update(municipality_number=number)


def test_a_number_waits_for_a_staged_change_to_municipality(settled, orgs, client_for):
    admin = client_for(settled["sysadmin"])
    bufdir = orgs["bufdir"]
    form = AdminForm.open(admin, change_organisation(bufdir))
    response = form.set(kind=Organisation.Kind.MUNICIPALITY, municipality_number="3301").post(admin)
    assert response.status_code == 200
    assert "Sett kommunenummeret når endringen til vertskommune er godkjent." in (
        response.content.decode()
    )
    bufdir.refresh_from_db()
    assert bufdir.municipality_number == "" and bufdir.kind == Organisation.Kind.DIRECTORATE
    assert ApprovalRequest.objects.count() == 0
