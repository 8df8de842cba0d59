"""When no competence-team lead can be alerted about a break-the-glass access, people are told.

The alert is an e-mail to an active lead (a coordinator membership with
``is_lead``) with an address. Without one: a deploy check warns, the start
page of the administrator and the coordinators shows a warning, the form
says so, and the opening is logged at WARNING without personal data.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import checks, mail
from django.db import DatabaseError
from django.urls import reverse

from access.models import BreakGlassAccess
from accounts.models import Membership, Role
from oversight import breakglass
from oversight import checks as access_checks
from oversight.start import start_page
from stays.tests.conftest import stay, stay_factory  # noqa: F401  (fixtures)

REASON = "Alarmen er utløst og politiet ber om husstanden."
NO_LEAD_NOTICE = "Nødtilgang varsler ingen på e-post"
FORM_NOTICE = "Lederen i Kompetanseteamet kan ikke varsles på e-post"


@pytest.fixture
def alice(cast: dict[str, Any]) -> Any:
    """The lead, with an address: alerts work."""
    lead = cast["coordinator"]
    lead.email = "alice@example.invalid"
    lead.save(update_fields=["email"])
    return lead


def _w001() -> list[checks.CheckMessage]:
    return [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "access.W001"]


# --- who can be alerted -------------------------------------------------------------


def test_the_lead_with_an_address_can_be_alerted(alice):
    assert breakglass.lead_alert_recipients() == ["alice@example.invalid"]
    assert breakglass.can_alert_a_lead()
    # ... but not about her own access.
    assert not breakglass.can_alert_a_lead(excluding=alice)


@pytest.mark.parametrize("what", ["no address", "inactive", "not lead", "no lead at all"])
def test_nobody_can_be_alerted(what, cast, orgs, member):
    lead = cast["coordinator"]
    if what != "no address":
        lead.email = "alice@example.invalid"
        lead.save(update_fields=["email"])
    if what == "inactive":
        type(lead).objects.filter(pk=lead.pk).update(is_active=False)
    if what == "not lead":
        Membership.objects.filter(user=lead).update(is_lead=False)
    if what == "no lead at all":
        Membership.objects.filter(user=lead).delete()
    # A coordinator with an address who is not the lead does not count.
    other = member(Role.COORDINATOR, orgs["team"], "otto")
    other.email = "otto@example.invalid"
    other.save(update_fields=["email"])
    assert breakglass.lead_alert_recipients() == []
    assert not breakglass.can_alert_a_lead()


# --- (a) the deploy check --------------------------------------------------------------


def test_the_deploy_check_warns_when_no_lead_can_be_alerted(cast):
    found = _w001()
    assert len(found) == 1
    assert found[0].level == checks.WARNING
    assert "break-the-glass" in found[0].msg
    # A deploy check: the plain `check` (run by every command) stays quiet.
    assert not [m for m in checks.run_checks() if m.id == "access.W001"]


def test_the_deploy_check_is_quiet_when_the_lead_has_an_address(alice):
    assert _w001() == []


@pytest.mark.parametrize("error", [DatabaseError("no such table"), DatabaseError("refused")])
def test_the_deploy_check_is_quiet_without_a_database(error, monkeypatch):
    def broken(**kwargs: Any) -> bool:
        raise error

    monkeypatch.setattr(breakglass, "can_alert_a_lead", broken)
    assert access_checks.break_glass_alerts(app_configs=None) == []


# --- (b) the start page ------------------------------------------------------------------


def _notices(user: Any) -> list[str]:
    return [text for section in start_page(user=user) for text, _kind in section.notices]


@pytest.mark.parametrize("name", ["sysadmin", "coordinator"])
def test_the_admin_and_coordinators_are_warned_on_the_start_page(name, cast, client_for):
    warned = [n for n in _notices(cast[name]) if NO_LEAD_NOTICE in n]
    assert len(warned) == 1
    page = client_for(cast[name]).get(reverse("home")).content.decode()
    assert NO_LEAD_NOTICE in page
    assert 'data-color="warning"' in page.split(NO_LEAD_NOTICE)[0].rsplit("<span", 1)[-1]


def test_a_coordinator_who_is_not_the_lead_is_warned_too(orgs, member, cast):
    otto = member(Role.COORDINATOR, orgs["team"], "otto")
    assert any(NO_LEAD_NOTICE in n for n in _notices(otto))


@pytest.mark.parametrize(
    "name", ["followup_worker_a", "project_lead_a", "local_police_a", "analyst"]
)
def test_other_roles_are_not_warned(name, cast):
    assert not any(NO_LEAD_NOTICE in n for n in _notices(cast[name]))


@pytest.mark.parametrize("name", ["sysadmin", "coordinator"])
def test_no_warning_when_the_lead_has_an_address(name, alice, cast):
    assert not any(NO_LEAD_NOTICE in n for n in _notices(cast[name]))


# --- (c) the form, and the log ---------------------------------------------------------


def test_the_form_says_the_lead_cannot_be_alerted(cast, client_for):
    page = client_for(cast["followup_worker_b"]).get(reverse("access:break_glass"))
    assert FORM_NOTICE in page.content.decode()


def test_the_form_says_nothing_of_the_kind_when_the_lead_can_be(alice, cast, client_for):
    page = client_for(cast["followup_worker_b"]).get(reverse("access:break_glass"))
    assert FORM_NOTICE not in page.content.decode()


def test_the_access_opens_anyway_and_the_opening_is_logged_as_a_warning(
    cast,
    stay,  # noqa: F811
    client_for,
    caplog,
    django_capture_on_commit_callbacks,
):
    charlie = cast["followup_worker_b"]
    client = client_for(charlie)
    with (
        caplog.at_level(logging.WARNING, logger="oversight.breakglass"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        opened = client.post(
            reverse("access:break_glass"), {"reference": stay.reference, "reason": REASON}
        )
    assert opened.status_code == 302
    access = BreakGlassAccess.objects.get()
    assert access.review == BreakGlassAccess.Review.PENDING  # the review item is there
    assert mail.outbox == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    line = warnings[0].getMessage()
    assert str(access.pk) in line and "lead" in line
    for personal in (
        stay.person.name,
        stay.reference,
        REASON,
        charlie.username,
        stay.offer.name,
        stay.person.identity_number,
    ):
        assert personal not in line


def test_a_lead_opening_an_access_is_told_no_other_lead_can_be_alerted(alice, client_for):
    # Alice is the only lead: her own access alerts nobody.
    page = client_for(alice).get(reverse("access:break_glass"))
    assert FORM_NOTICE in page.content.decode()


def test_with_a_lead_the_alert_goes_out_and_nothing_is_logged_as_a_warning(
    alice,
    cast,
    stay,  # noqa: F811
    caplog,
    django_capture_on_commit_callbacks,
):
    with (
        caplog.at_level(logging.WARNING, logger="oversight.breakglass"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        breakglass.open_access(
            user=cast["followup_worker_b"], reference=stay.reference, reason=REASON
        )
    assert [m.to for m in mail.outbox] == [["alice@example.invalid"]]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
