"""The demo users: each has an e-mail address on a reserved domain, so the demo lead gets alerts."""

from __future__ import annotations

import pytest
from django.core import checks, mail
from django.test import override_settings

from accounts.models import User
from oversight import breakglass
from oversight.demo import load_organisations_and_users

# Written by hand from the README's demo table: <username>@botilbud.example
# (.example is reserved for documentation, RFC 2606: nothing is ever delivered).
EXPECTED = {
    "koordinator": "koordinator@botilbud.example",
    "politirep": "politirep@botilbud.example",
    "bufdir": "bufdir@botilbud.example",
    "leder.a": "leder.a@botilbud.example",
    "miljo.a": "miljo.a@botilbud.example",
    "miljo.b": "miljo.b@botilbud.example",
    "politi.a": "politi.a@botilbud.example",
    "analytiker": "analytiker@botilbud.example",
    "admin": "admin@botilbud.example",
}


@pytest.fixture
def demo(db):
    with override_settings(DEMO_MODE=True):
        load_organisations_and_users()
        yield


def test_every_demo_user_has_an_address_on_the_reserved_domain(demo):
    assert dict(User.objects.values_list("username", "email")) == EXPECTED


def test_it_gives_an_address_to_a_demo_user_made_before_there_were_any(demo):
    User.objects.filter(username="koordinator").update(email="")
    with override_settings(DEMO_MODE=True):
        load_organisations_and_users()
    assert User.objects.get(username="koordinator").email == "koordinator@botilbud.example"


def test_the_demo_lead_can_be_alerted_and_the_deploy_check_is_quiet(demo):
    assert breakglass.lead_alert_recipients() == ["koordinator@botilbud.example"]
    messages = checks.run_checks(include_deployment_checks=True)
    assert not [m for m in messages if m.id == "access.W001"]


def test_a_demo_break_the_glass_alert_reaches_the_demo_lead(
    demo, django_capture_on_commit_callbacks
):
    from housing.demo import load_offers_and_dwellings
    from stays.demo import load_stays
    from stays.models import Stay

    with override_settings(DEMO_MODE=True):
        load_offers_and_dwellings()
        load_stays()
    stay = Stay.objects.filter(offer__municipality__name="Kommune A", status="living").first()
    assert stay is not None
    magnus = User.objects.get(username="miljo.b")  # municipality B: no access of his own
    with django_capture_on_commit_callbacks(execute=True):
        breakglass.open_access(
            user=magnus, reference=stay.reference, reason="Alarmen gikk, politiet ringte."
        )
    assert [m.to for m in mail.outbox] == [["koordinator@botilbud.example"]]
