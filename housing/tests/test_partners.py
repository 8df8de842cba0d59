"""Partner services register and the evaluation's fragility flags."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEntry
from housing import selectors
from housing.models import PartnerService
from tests.factories import ContactFactory, PartnerFactory


def _row(user, offer):
    return next(r for r in selectors.offer_list(fetched_by=user) if r.offer.pk == offer.pk)


def test_it_flags_one_police_contact_and_no_family_counselling_agreement(cast, world, client_for):
    offer = world["offer_a"]
    police = PartnerFactory.create(offer=offer, kind=PartnerService.Kind.POLICE)
    ContactFactory.create(partner=police)
    row = _row(cast["coordinator"], offer)
    assert row.partners.fragilities == [
        "Bare én kontaktperson i politiet",
        "Ingen avtale med familievernkontoret",
    ]
    page = (
        client_for(cast["coordinator"]).get(reverse("housing:offer_detail", args=[offer.pk])).text
    )
    assert "Sårbart samarbeid" in page and "Bare én kontaktperson i politiet" in page

    ContactFactory.create(partner=police)
    PartnerFactory.create(
        offer=offer, kind=PartnerService.Kind.FAMILY_COUNSELLING, has_agreement=True
    )
    assert _row(cast["coordinator"], offer).partners.fragilities == []


def test_it_hides_partners_from_local_police(cast, world):
    assert _row(cast["local_police_a"], world["offer_a"]).partners is None


def test_it_registers_a_partner_and_a_contact_and_audits_both(cast, world, client_for):
    client = client_for(cast["project_lead_a"])
    offer = world["offer_a"]
    response = client.post(
        reverse("housing:partner_create", args=[offer.pk]),
        {
            "kind": "family_counselling",
            "name": "Familievernkontoret",
            "has_agreement": "on",
            "agreement_on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    partner = offer.partners.get()
    response = client.post(
        reverse("housing:contact_create", args=[partner.pk]),
        {"name": "Terapeut Test", "role": "Terapeut", "email": "t@example.invalid"},
    )
    assert response.status_code == 302
    assert partner.contacts.get().name == "Terapeut Test"
    assert AuditEntry.objects.filter(action__startswith="housing.partner.").count() == 2
    other = client_for(cast["followup_worker_b"])
    assert other.get(reverse("housing:contact_create", args=[partner.pk])).status_code == 404


def test_it_refuses_an_agreement_that_expires_before_it_starts(cast, world, client_for):
    response = client_for(cast["project_lead_a"]).post(
        reverse("housing:partner_create", args=[world["offer_a"].pk]),
        {
            "kind": "nav",
            "name": "NAV",
            "has_agreement": "on",
            "agreement_on": "2025-01-01",
            "agreement_expires_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "Avtalen kan ikke utløpe før den ble inngått" in response.text
    assert not PartnerService.objects.exists()


def test_it_edits_an_offer_and_validates_the_on_call_hour(cast, world, client_for):
    offer = world["offer_a"]
    url = reverse("housing:offer_edit", args=[offer.pk])
    data = {
        "name": "Nytt navn",
        "offer_type": "apartment",
        "fits_women": "on",
        "intensity": "high",
        "followup_fte": "1.5",
        "project_lead_fte": "0.5",
        "on_call": "phone_until",
        "description": "",
    }
    client = client_for(cast["project_lead_a"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Skriv klokkeslettet" in response.text
    offer.refresh_from_db()
    assert offer.name == "Tilbud A"
    assert client.post(url, {**data, "on_call_until": "22:00"}).status_code == 302
    offer.refresh_from_db()
    assert offer.name == "Nytt navn" and offer.on_call_until.hour == 22
    entry = AuditEntry.objects.get(action="housing.offer.updated")
    assert {"name", "on_call", "on_call_until"} <= set(entry.fields)
