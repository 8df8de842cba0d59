"""The puppet attack, as the system administrator in Chromium (SECURITY.md 31).

The attack as it used to work: in the admin site, ``sam`` adds a user with a
coordinator membership and the team-lead flag; the puppet lead approves
further puppet grants (a follow-up worker and a project lead in municipality
A); the puppet worker asks for an address, the puppet project lead approves,
and the address is shown.

It now stops at the first step where a second person is needed: the admin
page says the role waits for another person's approval and writes no
membership; the administrator's approval pages offer no way to approve it
(no button, and the confirmation page says no); and the puppet, signed in
through the real forms with a password and TOTP it was given, reaches no
case page. The later steps never start, because they all need the puppet
to hold a role. axe runs on every page visited: 0 violations.
"""

from __future__ import annotations

from django.urls import reverse

from access.models import ApprovalRequest, PendingGrant
from accounts.models import Membership, Role, User
from conftest import enrol_totp
from tests.browser.conftest import login, totp_secret
from tests.browser.test_access_controls import checked, open_as
from tests.browser.test_stay import _allocated_stay

PASSWORD = "korrekt-hest-batteri-stift"


def test_the_puppet_attack_stops_where_a_second_person_is_needed(page, live_server, cast, orgs):
    stay = _allocated_stay(cast, orgs)
    assert stay.booking is not None and stay.person is not None
    dwelling = stay.booking.place.dwelling
    sam = cast["sysadmin"]

    # Step 1: the administrator adds the puppet with the coordinator role and the lead flag.
    open_as(page, live_server, sam, "admin/accounts/user/add/")
    checked(page)
    page.locator("#id_username").fill("marionett")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    # The add page answers with the enrolment link (shown once); roles are
    # given on the user's own page.
    assert page.locator("#enrolment-link").count() == 1
    checked(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Videre til brukeren (gi en rolle)").click()
    page.locator(".add-row a").first.click()
    page.locator("select[name$='-0-organisation']").select_option(str(orgs["team"].pk))
    page.locator("select[name$='-0-role']").select_option(Role.COORDINATOR.value)
    page.locator("input[name$='-0-is_lead']").check()
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert "venter på godkjenning av en annen person" in page.content()
    checked(page)

    puppet = User.objects.get(username="marionett")
    assert not Membership.objects.filter(user=puppet).exists()
    grant = PendingGrant.objects.get(user=puppet)
    assert (grant.role, grant.is_lead) == (Role.COORDINATOR, True)
    approval = grant.approval

    # The administrator's approval pages: its own request, waiting, and no way to approve it.
    open_as(page, live_server, sam, "tilgang/godkjenninger/")
    assert "Ingen forespørsler venter på deg." in page.content()
    checked(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Gi en rolle med tilgang til saker").click()
    assert "Du får ikke godkjenne den selv" in page.content()
    assert page.get_by_role("link", name="Godkjenn", exact=True).count() == 0
    checked(page)
    page.goto(f"{live_server.url}{reverse('access:approval_approve', args=[approval.pk])}")
    assert "Du kan ikke avgjøre denne forespørselen." in page.content()
    assert page.locator("main form[method=post]").count() == 0
    checked(page)
    approval.refresh_from_db()
    assert approval.status == ApprovalRequest.Status.PENDING

    # The puppet signs in through the real forms (as if it had been given its
    # password and second factor) and tries the case pages: nothing.
    puppet.set_password(PASSWORD)
    puppet.save(update_fields=["password"])
    enrol_totp(puppet)
    page.context.clear_cookies()
    login(page, live_server, "marionett", PASSWORD, totp_secret(puppet))
    for path in (
        reverse("home"),
        reverse("referrals:inquiry_list"),
        reverse("stays:resident_list"),
        reverse("stays:overview", args=[stay.pk]),
        reverse("housing:dwelling_detail", args=[dwelling.pk]),
        reverse("housing:dwelling_address", args=[dwelling.pk]),
        reverse("access:approval_list"),
        reverse("access:approval_approve", args=[approval.pk]),
        "/admin/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
        assert stay.person.name not in page.content()
        assert dwelling.address not in page.content()
    checked(page)
    assert not Membership.objects.filter(user=puppet).exists()
