"""A partner's organisation number (organisasjonsnummer): optional, checked (mod 11), shown.

Hand-checked numbers in core/tests/test_registers.py: 974 760 673 is valid,
974 760 674 is not (its check digit should be 3).
"""

from __future__ import annotations

import pytest
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from housing.models import PartnerService
from tests.factories import PartnerFactory


def post(client, offer, **extra):
    return client.post(
        reverse("housing:partner_create", args=[offer.pk]),
        {"kind": "nav", "name": "NAV Test", **extra},
    )


def test_it_stores_the_number_without_spaces_and_shows_it_as_the_register_writes_it(
    cast, world, client_for
):
    client = client_for(cast["project_lead_a"])
    offer = world["offer_a"]
    assert post(client, offer, organisation_number="974 760 673").status_code == 302
    partner = offer.partners.get()
    assert partner.organisation_number == "974760673"
    entry = AuditEntry.objects.get(action="housing.partner.created")
    assert "organisation_number" in entry.fields
    page = client.get(reverse("housing:offer_detail", args=[offer.pk])).text
    assert "Org.nr. 974 760 673" in page


def test_it_is_optional(cast, world, client_for):
    client = client_for(cast["project_lead_a"])
    assert post(client, world["offer_a"], organisation_number="").status_code == 302
    assert world["offer_a"].partners.get().organisation_number == ""


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("974760674", "det siste sifferet (kontrollsifferet) stemmer ikke"),
        ("97476067", "Organisasjonsnummeret skal være ni siffer"),
        ("97476067X", "Organisasjonsnummeret skal være ni siffer"),
    ],
)
def test_it_refuses_a_wrong_number_next_to_the_field_and_saves_nothing(
    number, message, cast, world, client_for
):
    response = post(
        client_for(cast["project_lead_a"]), world["offer_a"], organisation_number=number
    )
    assert response.status_code == 200
    assert message in response.text
    assert not PartnerService.objects.exists()
    assert not AuditEntry.objects.filter(action="housing.partner.created").exists()


@pytest.mark.parametrize("number", ["97476067", "97476067X", "974 760 67"])
def test_the_database_refuses_anything_but_nine_digits(number, world):
    # Too long is a DataError on PostgreSQL (varchar(9)); the check constraint catches the rest.
    partner = PartnerFactory.create(offer=world["offer_a"])
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        PartnerService.objects.filter(pk=partner.pk).update(organisation_number=number)


def test_the_offer_page_shows_the_municipality_number(cast, world, client_for):
    from accounts.models import Organisation

    offer = world["offer_a"]
    Organisation.objects.filter(pk=offer.municipality_id).update(municipality_number="3301")
    page = client_for(cast["project_lead_a"]).get(reverse("housing:offer_detail", args=[offer.pk]))
    assert "(kommunenr. 3301)" in page.text
