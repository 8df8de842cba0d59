"""Who sees which offers, dwellings and addresses: every role, own/other municipality, missing."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch
from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse

from access import policy
from access.models import AddressDisclosure
from audit.models import AuditEntry
from housing.models import Dwelling
from tests.factories import ADDRESS_MARKER

TEAM = ["coordinator", "police_representative", "directorate_representative"]
OWN_STAFF = ["project_lead_a", "followup_worker_a"]
NO_HOUSING = ["analyst", "sysadmin"]
EVERYONE = [*TEAM, *OWN_STAFF, "followup_worker_b", "local_police_a", *NO_HOUSING]

# Offer/dwelling in municipality A (police district A): who gets 200.
SEES_A = {*TEAM, *OWN_STAFF, "local_police_a"}
# The directorate representative has no need for dwellings and their police
# clearance (notes on a dwelling's weaknesses): offers and capacity only.
SEES_DWELLING_A = SEES_A - {"directorate_representative"}
READS_ADDRESS_A = {*OWN_STAFF, "local_police_a"}
SEES_CAPACITY = {*TEAM, *OWN_STAFF, "followup_worker_b"}
SEES_LIST = {*TEAM, *OWN_STAFF, "followup_worker_b", "local_police_a"}


def _has_had_it(user: Any, dwelling: Dwelling) -> None:
    """The user has had this address before, so no second person's approval is needed
    (first disclosures are tested in access/tests/test_approvals.py)."""
    AddressDisclosure.objects.create(user=user, dwelling=dwelling)


def _address_views(dwelling: Dwelling) -> int:
    return AuditEntry.objects.filter(
        action="housing.dwelling.address_viewed", object_id=str(dwelling.pk)
    ).count()


@pytest.mark.parametrize("name", EVERYONE)
def test_it_shows_the_offer_list_to_the_roles_that_need_it(name, cast, world, client_for):
    response = client_for(cast[name]).get(reverse("housing:offer_list"))
    assert response.status_code == (200 if name in SEES_LIST else 404)
    if response.status_code == 200:
        assert ("Tilbud A" in response.text) == (name in SEES_A)
        assert ("Tilbud B" in response.text) == (name in {*TEAM, "followup_worker_b"})


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("page", ["housing:offer_detail", "housing:dwelling_detail"])
def test_it_answers_offer_and_dwelling_pages_by_role_and_municipality(
    name, page, cast, world, client_for
):
    offer_page = page == "housing:offer_detail"
    obj = world["offer_a"] if offer_page else world["dwelling_a"]
    client = client_for(cast[name])
    response = client.get(reverse(page, args=[obj.pk]))
    assert response.status_code == (
        200 if name in (SEES_A if offer_page else SEES_DWELLING_A) else 404
    )
    assert client.get(reverse(page, args=[999999])).status_code == 404


@pytest.mark.parametrize("name", EVERYONE)
def test_it_shows_capacity_to_team_and_municipal_staff(name, cast, world, client_for):
    response = client_for(cast[name]).get(reverse("housing:capacity"))
    assert response.status_code == (200 if name in SEES_CAPACITY else 404)


@pytest.mark.parametrize("name", EVERYONE)
def test_it_never_shows_the_address_without_a_reauthenticated_request(
    name, cast, world, client_for
):
    client = client_for(cast[name])
    pages = [
        reverse("housing:offer_list"),
        reverse("housing:capacity"),
        reverse("housing:offer_detail", args=[world["offer_a"].pk]),
        reverse("housing:dwelling_detail", args=[world["dwelling_a"].pk]),
        reverse("housing:dwelling_address", args=[world["dwelling_a"].pk]),
        reverse("home"),
    ]
    for url in pages:
        assert ADDRESS_MARKER not in client.get(url).text, url
    # Without re-authentication a POST never reveals it either.
    response = client.post(reverse("housing:dwelling_address", args=[world["dwelling_a"].pk]))
    assert ADDRESS_MARKER not in response.text
    assert _address_views(world["dwelling_a"]) == 0


@pytest.mark.parametrize("name", EVERYONE)
def test_it_shows_the_address_only_to_own_staff_and_district_police_after_a_passkey(
    name, cast, world, client_for
):
    dwelling = world["dwelling_a"]
    _has_had_it(cast[name], dwelling)
    client = client_for(cast[name], webauthn=True)
    url = reverse("housing:dwelling_address", args=[dwelling.pk])
    page = client.get(url)
    response = client.post(url)
    if name in READS_ADDRESS_A:
        assert page.status_code == 200
        assert "Visningen blir logget" in page.text
        assert "Du har nettopp bekreftet med passnøkkel" in page.text
        assert response.status_code == 200
        assert ADDRESS_MARKER in response.text
        entry = AuditEntry.objects.get(
            action="housing.dwelling.address_viewed", object_id=str(dwelling.pk)
        )
        assert entry.fields == ["address"]
        assert entry.actor_id == cast[name].pk
        assert ADDRESS_MARKER not in str(entry.__dict__)
    else:
        assert page.status_code == 404
        assert response.status_code == 404
        assert ADDRESS_MARKER not in response.text
        assert _address_views(dwelling) == 0


def test_it_sends_a_reader_without_a_passkey_to_register_one(cast, world, client_for):
    # A fresh password re-entry on top of TOTP is not enough any more.
    client = client_for(cast["project_lead_a"], reauthenticated=True)
    url = reverse("housing:dwelling_address", args=[world["dwelling_a"].pk])
    page = client.get(url)
    assert "Du trenger en passnøkkel for å se adresser" in page.text
    assert reverse("mfa_add_webauthn") in page.text
    assert "Vis adressen" not in page.text
    response = client.post(url)
    assert response.status_code == 403
    assert "Du trenger en passnøkkel for å se adresser" in response.text
    assert reverse("mfa_add_webauthn") in response.text
    assert ADDRESS_MARKER not in response.text
    assert _address_views(world["dwelling_a"]) == 0


def test_it_asks_a_reader_with_a_passkey_to_use_it_before_showing_the_address(
    cast, world, client_for
):
    from conftest import enrol_webauthn

    user = cast["project_lead_a"]
    enrol_webauthn(user)
    client = client_for(user, reauthenticated=True)  # password and TOTP, no passkey
    url = reverse("housing:dwelling_address", args=[world["dwelling_a"].pk])
    assert "Du må bekrefte med passnøkkel" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 302
    # Back to the GET page with the button: nothing secret in the URL.
    assert (
        response["Location"]
        == f"{reverse('mfa_reauthenticate_webauthn')}?next={quote(url, safe='')}"
    )
    assert _address_views(world["dwelling_a"]) == 0


def test_it_shows_the_address_after_the_passkey_reauthentication_returns_to_the_page(
    cast, world, client_for
):
    from conftest import enrol_webauthn

    user = cast["project_lead_a"]
    key = enrol_webauthn(user)
    _has_had_it(user, world["dwelling_a"])
    client = client_for(user)
    url = reverse("housing:dwelling_address", args=[world["dwelling_a"].pk])
    reauthenticate = client.post(url)["Location"]
    # allauth checks the signed assertion; the browser test does it for real.
    with patch("access.signin.mfa_forms._KeyLockout.clean_credential", return_value=key):
        back = client.post(reauthenticate, {"credential": '{"id": "virtual"}'})
    assert back.status_code == 302
    assert back["Location"] == url
    assert ADDRESS_MARKER not in back["Location"]
    shown = client.post(url)
    assert shown.status_code == 200
    assert ADDRESS_MARKER in shown.text
    assert _address_views(world["dwelling_a"]) == 1


@override_settings(ADDRESS_REQUIRES_PASSKEY=False)
def test_it_asks_only_for_the_password_where_passkeys_are_switched_off(cast, world, client_for):
    _has_had_it(cast["project_lead_a"], world["dwelling_a"])
    client = client_for(cast["project_lead_a"])
    url = reverse("housing:dwelling_address", args=[world["dwelling_a"].pk])
    page = client.get(url)
    assert "I produksjon må du bekrefte med passnøkkel" in page.text
    response = client.post(url)
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert _address_views(world["dwelling_a"]) == 0
    shown = client_for(cast["project_lead_a"], reauthenticated=True).post(url)
    assert ADDRESS_MARKER in shown.text
    assert "I produksjon må du bekrefte med passnøkkel" in shown.text


def test_it_hides_another_municipalitys_address_even_after_reauthentication(
    cast, world, client_for
):
    _has_had_it(cast["followup_worker_b"], world["dwelling_a"])
    _has_had_it(cast["followup_worker_b"], world["dwelling_b"])
    client = client_for(cast["followup_worker_b"], webauthn=True)
    url = reverse("housing:dwelling_address", args=[world["dwelling_a"].pk])
    assert client.post(url).status_code == 404
    # ...while its own dwelling's address is shown.
    own = client.post(reverse("housing:dwelling_address", args=[world["dwelling_b"].pk]))
    assert own.status_code == 200
    assert ADDRESS_MARKER in own.text


def test_it_shows_the_directorate_offers_and_capacity_but_no_dwelling_or_clearance(
    cast, world, client_for
):
    from housing.models import SecurityClearance

    dina = cast["directorate_representative"]
    dwelling = world["dwelling_a"]
    SecurityClearance.objects.filter(dwelling=dwelling).update(
        valid_until=dwelling.clearances.get().cleared_on  # expired: the list would warn of it
    )
    client = client_for(dina)
    offers = client.get(reverse("housing:offer_list"))
    assert offers.status_code == 200
    assert "Tilbud A" in offers.text and "Tilbud B" in offers.text
    capacity = client.get(reverse("housing:capacity"))
    assert capacity.status_code == 200
    assert "Tilbud A" in capacity.text
    detail = client.get(reverse("housing:offer_detail", args=[world["offer_a"].pk]))
    for page in (offers, capacity, detail):
        # No dwelling label (its code), so no clearance state of a dwelling either.
        assert dwelling.label not in page.text
    assert client.get(reverse("housing:dwelling_detail", args=[dwelling.pk])).status_code == 404
    assert not policy.has_perm(dina, policy.Perm.VIEW_DWELLINGS)
    assert not policy.visible(dina, SecurityClearance, policy.Perm.VIEW_DWELLINGS).exists()
    # The coordinator still sees the dwelling and its expired clearance.
    coordinator = client_for(cast["coordinator"]).get(reverse("housing:offer_list"))
    assert dwelling.label in coordinator.text


def test_it_never_grants_address_reading_to_team_analyst_or_admin(cast):
    for name in [*TEAM, *NO_HOUSING]:
        assert not policy.has_perm(cast[name], policy.Perm.READ_DWELLING_ADDRESS)


def test_it_gives_analyst_and_sysadmin_no_housing_permission(cast):
    housing_perms = {
        p
        for p in policy.Perm
        if p.value.endswith(("offers", "dwellings", "address", "clearance", "capacity", "partners"))
    }
    assert len(housing_perms) == 9
    for name in NO_HOUSING:
        assert not (policy.permissions(cast[name]) & housing_perms)


def test_it_decides_scope_per_permission(cast, world):
    # Local police see A's dwelling and may clear it, but not manage it.
    police = cast["local_police_a"]
    dwelling = world["dwelling_a"]
    assert policy.can(police, policy.Perm.RECORD_CLEARANCE, dwelling)
    assert not policy.can(police, policy.Perm.MANAGE_DWELLINGS, dwelling)
    assert not policy.can(police, policy.Perm.RECORD_CLEARANCE, world["dwelling_b"])
    # The follow-up worker reads the address but does not manage the dwelling.
    worker = cast["followup_worker_a"]
    assert policy.can(worker, policy.Perm.READ_DWELLING_ADDRESS, dwelling)
    assert not policy.can(worker, policy.Perm.MANAGE_DWELLINGS, dwelling)


EDIT_ROUTES = [
    ("housing:offer_edit", "offer_a"),
    ("housing:dwelling_create", "offer_a"),
    ("housing:partner_create", "offer_a"),
    ("housing:dwelling_places", "dwelling_a"),
    ("housing:dwelling_take_out_of_use", "dwelling_a"),
]


@pytest.mark.parametrize(("route", "key"), EDIT_ROUTES)
@pytest.mark.parametrize("name", EVERYONE)
def test_it_lets_only_the_own_project_lead_manage(route, key, name, cast, world, client_for):
    response = client_for(cast[name]).get(reverse(route, args=[world[key].pk]))
    assert response.status_code == (200 if name == "project_lead_a" else 404)


@pytest.mark.parametrize("name", EVERYONE)
def test_it_lets_police_record_clearances(name, cast, world, client_for):
    url = reverse("housing:clearance_create", args=[world["dwelling_a"].pk])
    response = client_for(cast[name]).get(url)
    assert response.status_code == (
        200 if name in {"local_police_a", "police_representative"} else 404
    )


@pytest.mark.parametrize(
    ("route", "key"),
    [
        *EDIT_ROUTES,
        ("housing:dwelling_address", "dwelling_a"),
        ("housing:clearance_create", "dwelling_a"),
    ],
)
def test_it_rejects_posts_without_a_csrf_token(route, key, cast, world, client_for):
    user = cast["local_police_a"] if route == "housing:clearance_create" else cast["project_lead_a"]
    # webauthn=True: the address page would otherwise answer 403 for the missing passkey.
    client = client_for(user, webauthn=True, enforce_csrf_checks=True)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse(route, args=[world[key].pk]), {"place_count": 1, "reason": "other"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ["housing:offer_list", "housing:capacity"])
def test_it_rejects_wrong_methods(route, cast, world, client_for):
    assert client_for(cast["coordinator"]).post(reverse(route)).status_code == 405


def test_it_changes_nothing_on_get(cast, world, client_for):
    client = client_for(cast["project_lead_a"], reauthenticated=True)
    before = AuditEntry.objects.count()
    dwelling = world["dwelling_a"]
    for route in [
        "housing:dwelling_take_out_of_use",
        "housing:dwelling_places",
        "housing:dwelling_address",
    ]:
        assert (
            client.get(
                reverse(route, args=[dwelling.pk]), {"reason": "other", "place_count": 1}
            ).status_code
            == 200
        )
    dwelling.refresh_from_db()
    assert dwelling.in_use
    assert dwelling.places.filter(active=True).count() == 2
    assert AuditEntry.objects.count() == before


def test_it_keeps_the_address_out_of_str_and_deferred_selectors(cast, world):
    from housing import selectors

    dwelling = world["dwelling_a"]
    assert ADDRESS_MARKER not in str(dwelling)
    fetched = selectors.dwelling_get(fetched_by=cast["coordinator"], pk=dwelling.pk)
    assert "address" in fetched.get_deferred_fields()
    rows: Any = selectors.offer_list(fetched_by=cast["coordinator"])
    for row in rows:
        for d in row.dwellings:
            assert "address" in d.dwelling.get_deferred_fields()
