"""The administrator makes users and new links but never a password (SECURITY.md 31, 32).

The add form has no password fields and saves an unusable password; the link
is shown once. Django's change-password page is gone. "New enrolment link"
resets at once for a user without case access, and for anyone with case access
waits for a second person, who alone sees the link.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from access import approvals
from access.enrolment_reset import request_enrolment_reset
from access.models import ApprovalRequest, PendingGrant
from accounts.models import EnrolmentLink, Membership, Role, User
from audit.models import AuditEntry
from conftest import sign_in

LINK_RE = re.compile(r'value="(https?://[^"]+/konto/aktiver/[A-Za-z0-9_-]{43}/)"')
PASSWORD = "korrekt-hest-batteri-stift"  # the root conftest's `member`
Kind = ApprovalRequest.Kind


def user_actions(user: User) -> list[tuple[str, str]]:
    """(action, actor username) of the audit rows about this user, oldest first."""
    return list(
        AuditEntry.objects.filter(object_type="accounts.User", object_id=str(user.pk))
        .order_by("seq")
        .values_list("action", "actor_username")
    )


def links_in(response: Any) -> list[str]:
    return LINK_RE.findall(response.content.decode())


def signed_in_elsewhere(user: User) -> Client:
    """The user's own session, signed in with both factors."""
    return sign_in(Client(), user)


# --- creating a user ------------------------------------------------------------


def test_the_add_form_asks_only_username_name_and_e_mail(cast, client_for):
    response = client_for(cast["sysadmin"]).get(reverse("admin:accounts_user_add"))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "username",
        "first_name",
        "last_name",
        "email",
    ]
    html = response.content.decode()
    for absent in ("password1", "password2", "usable_password", "memberships-"):
        assert absent not in html


def test_a_new_user_gets_no_password_and_the_admin_sees_the_link_once(
    cast, client_for, django_capture_on_commit_callbacks
):
    sam = cast["sysadmin"]
    client = client_for(sam)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "nora",
                "first_name": "Nora",
                "last_name": "Nilsen",
                "email": "nora@example.no",
                "_save": "Lagre",
            },
        )
    assert response.status_code == 200
    [url] = links_in(response)
    nora = User.objects.get(username="nora")
    assert not nora.has_usable_password()
    assert not Authenticator.objects.filter(user=nora).exists()
    assert EnrolmentLink.objects.get(user=nora).issued_by == sam
    assert mail.outbox[0].to == ["nora@example.no"] and url in mail.outbox[0].body

    # Not on any later page: only the hash is kept.
    change = client.get(reverse("admin:accounts_user_change", args=[nora.pk]))
    assert links_in(change) == [] and urlsplit(url).path not in change.content.decode()
    assert "Venter på at personen bruker aktiveringslenken" in change.content.decode()
    # And the link works for the person.
    person = Client()
    assert person.get(urlsplit(url).path)["Location"] == "/konto/aktiver/"
    assert user_actions(nora)[:2] == [
        ("accounts.user.created", "sam"),
        ("accounts.enrolment.issued", "sam"),
    ]


def test_a_taken_username_is_refused_whatever_its_case(cast, client_for):
    response = client_for(cast["sysadmin"]).post(
        reverse("admin:accounts_user_add"), {"username": "ALICE", "_save": "Lagre"}
    )
    assert response.status_code == 200
    assert "Brukernavnet er tatt" in response.content.decode()
    assert EnrolmentLink.objects.count() == 0


def test_the_old_password_route_answers_404(cast, client_for):
    alice = cast["coordinator"]
    client = client_for(cast["sysadmin"])
    url = f"/admin/accounts/user/{alice.pk}/password/"
    assert client.get(url).status_code == 404
    posted = client.post(
        url, {"password1": "ny-hemmelig-setning-1", "password2": "ny-hemmelig-setning-1"}
    )
    assert posted.status_code == 404
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    with pytest.raises(Exception):
        reverse("admin:auth_user_password_change", args=[alice.pk])


def test_the_change_page_shows_no_password_field_and_offers_a_new_link(cast, client_for):
    alice = cast["coordinator"]
    response = client_for(cast["sysadmin"]).get(
        reverse("admin:accounts_user_change", args=[alice.pk])
    )
    html = response.content.decode()
    assert "password" not in response.context["adminform"].form.fields
    assert reverse("admin:accounts_user_new_link", args=[alice.pk]) in html
    assert "../password/" not in html


def test_a_role_with_case_access_waits_for_a_second_person(cast, orgs, client_for):
    from accounts.tests.admin_forms import AdminForm

    newcomer = User.objects.create(username="nora")
    client = client_for(cast["sysadmin"])
    url = reverse("admin:accounts_user_change", args=[newcomer.pk])
    form = AdminForm.open(client, url).add_membership(orgs["team"], Role.COORDINATOR)
    assert form.post(client).status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()
    assert PendingGrant.objects.get().role == Role.COORDINATOR
    approvals.decide(
        user=cast["coordinator"], approval_id=PendingGrant.objects.get().approval_id, approve=True
    )
    assert Membership.objects.get(user=newcomer).role == Role.COORDINATOR


# --- a new link for an existing user ---------------------------------------------


def reset_url(user: User) -> str:
    return reverse("admin:accounts_user_new_link", args=[user.pk])


def test_a_reset_of_someone_with_case_access_waits_and_the_admin_never_sees_the_link(
    cast, client_for, django_capture_on_commit_callbacks
):
    berit, bob = cast["followup_worker_a"], cast["project_lead_a"]
    User.objects.filter(pk=berit.pk).update(email="berit@example.no")
    berits_session = signed_in_elsewhere(berit)
    admin = client_for(cast["sysadmin"])

    page = admin.get(reset_url(berit))
    assert page.status_code == 200 and "en annen person godkjenne" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        asked = admin.post(reset_url(berit), {"reason": "Har mistet telefonen sin."}, follow=True)

    assert asked.status_code == 200
    assert links_in(asked) == [] and "/konto/aktiver/" not in asked.content.decode()
    berit.refresh_from_db()
    assert berit.check_password(PASSWORD)
    assert Authenticator.objects.filter(user=berit).exists()
    assert not EnrolmentLink.objects.exists()
    assert berits_session.get("/").status_code == 200
    approval = ApprovalRequest.objects.get(kind=Kind.ENROLMENT_RESET)
    assert approval.status == ApprovalRequest.Status.PENDING
    assert mail.outbox == []

    approver = client_for(bob)
    with django_capture_on_commit_callbacks(execute=True):
        decided = approver.post(
            reverse("access:approval_approve", args=[approval.pk]), {"note": ""}
        )
    assert decided.status_code == 200
    [url] = links_in(decided)
    berit.refresh_from_db()
    assert not berit.has_usable_password()
    assert not Authenticator.objects.filter(user=berit).exists()
    assert berits_session.get("/").status_code == 302  # signed out everywhere
    assert mail.outbox == []  # handed over by the approver, never mailed
    # Still nothing for the administrator to see.
    assert (
        "/konto/aktiver/"
        not in admin.get(reverse("admin:accounts_user_change", args=[berit.pk])).content.decode()
    )
    assert (
        "/konto/aktiver/"
        not in admin.get(reverse("access:approval_detail", args=[approval.pk])).content.decode()
    )
    person = Client()
    assert person.get(urlsplit(url).path)["Location"] == "/konto/aktiver/"

    assert user_actions(berit)[-5:] == [
        ("accounts.user.reset_requested", "sam"),
        ("accounts.user.reset_approved", "bob"),
        ("accounts.user.reset_applied", "bob"),
        ("accounts.enrolment.issued", "bob"),
        ("accounts.enrolment.opened", ""),
    ]
    approval.refresh_from_db()
    assert approval.used_at is not None
    assert list(
        AuditEntry.objects.filter(object_type="access.ApprovalRequest", object_id=str(approval.pk))
        .order_by("seq")
        .values_list("action", "actor_username")
    ) == [
        ("access.approval.requested", "sam"),
        ("access.approval.approved", "bob"),
        # The administrator opened the request's page afterwards: a read, audited.
        ("access.approval.viewed", "sam"),
    ]


def test_a_reset_of_an_analyst_happens_at_once_and_the_admin_gets_the_link(cast, client_for):
    anna = cast["analyst"]
    annas_session = signed_in_elsewhere(anna)
    Authenticator.objects.create(user=anna, type=Authenticator.Type.RECOVERY_CODES, data={})
    admin = client_for(cast["sysadmin"])

    response = admin.post(reset_url(anna), {"reason": ""})

    assert response.status_code == 200
    [url] = links_in(response)
    anna.refresh_from_db()
    assert not anna.has_usable_password()
    assert not Authenticator.objects.filter(user=anna).exists()
    assert annas_session.get("/").status_code == 302
    assert not ApprovalRequest.objects.exists()
    assert Client().get(urlsplit(url).path).status_code == 302
    assert user_actions(anna)[-4:] == [
        ("accounts.user.reset_requested", "sam"),
        ("accounts.user.reset_applied", "sam"),
        ("accounts.enrolment.issued", "sam"),
        ("accounts.enrolment.opened", ""),
    ]


def test_a_user_with_only_a_passkey_loses_it_too(cast, client_for):
    from conftest import enrol_webauthn

    anna = cast["analyst"]
    enrol_webauthn(anna)
    client_for(cast["sysadmin"]).post(reset_url(anna), {"reason": ""})
    assert not Authenticator.objects.filter(user=anna).exists()


def test_a_staged_reset_needs_a_reason_and_saves_nothing_without_one(cast, client_for):
    alice = cast["coordinator"]
    response = client_for(cast["sysadmin"]).post(reset_url(alice), {"reason": "kort"})
    assert response.status_code == 400
    assert "minst 10 tegn" in response.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_asking_twice_keeps_one_request(cast, client_for):
    admin = client_for(cast["sysadmin"])
    for _ in range(2):
        admin.post(reset_url(cast["coordinator"]), {"reason": "Har glemt passordet sitt."})
    assert ApprovalRequest.objects.filter(kind=Kind.ENROLMENT_RESET).count() == 1
    again = admin.get(reset_url(cast["coordinator"]))
    assert "venter fortsatt på godkjenning" in again.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "coordinator",
        "police_representative",
        "directorate_representative",
        "project_lead_a",
        "followup_worker_a",
        "local_police_a",
        "analyst",
    ],
)
def test_nobody_but_the_administrator_reaches_the_reset_page(name, cast, client_for):
    target = cast["followup_worker_b"]
    client = client_for(cast[name])
    assert client.get(reset_url(target)).status_code == 404
    assert client.post(reset_url(target), {"reason": "Vil overta kontoen."}).status_code == 404
    assert not ApprovalRequest.objects.exists() and not EnrolmentLink.objects.exists()


def test_the_service_refuses_someone_who_is_not_an_administrator(cast):
    with pytest.raises(ValidationError):
        request_enrolment_reset(
            by=cast["project_lead_a"], user=cast["analyst"], reason="Vil overta kontoen."
        )
    assert not EnrolmentLink.objects.exists()


# --- who may approve a reset -----------------------------------------------------


@pytest.fixture
def sigrid(orgs: dict[str, Any], member: Any) -> User:
    """A second administrator."""
    return member(Role.SYSADMIN, orgs["ops"], "sigrid")


# target -> who may approve (everyone else in the cast may not). Written by
# hand from the rule in access/enrolment_reset.py; the requester is sam.
MAY_APPROVE = {
    "followup_worker_a": {"coordinator", "project_lead_a"},
    "project_lead_a": {"coordinator"},
    "followup_worker_b": {"coordinator"},
    "local_police_a": {"coordinator", "police_representative"},
    "coordinator": {"police_representative"},  # alice is the lead
    "police_representative": {"coordinator"},
    "directorate_representative": {"coordinator"},
}


@pytest.mark.parametrize("target", sorted(MAY_APPROVE))
def test_only_the_chosen_second_person_may_approve_a_reset(target, cast, sigrid):
    outcome = request_enrolment_reset(
        by=cast["sysadmin"], user=cast[target], reason="Har mistet telefonen sin."
    )
    assert outcome.approval is not None and outcome.link is None
    deciders = {name for name, user in cast.items() if approvals.can_decide(user, outcome.approval)}
    assert deciders == MAY_APPROVE[target]
    assert not approvals.can_decide(sigrid, outcome.approval)


def test_a_reset_of_an_administrator_is_approved_by_the_lead_not_another_administrator(
    cast, sigrid
):
    outcome = request_enrolment_reset(
        by=sigrid, user=cast["sysadmin"], reason="Har mistet telefonen sin."
    )
    assert outcome.approval is not None
    assert approvals.can_decide(cast["coordinator"], outcome.approval)
    assert not approvals.can_decide(cast["sysadmin"], outcome.approval)  # the person themself
    with pytest.raises(ValidationError):
        approvals.decide(user=sigrid, approval_id=outcome.approval.pk, approve=True)
    assert EnrolmentLink.objects.count() == 0


def test_a_rejected_reset_changes_nothing(cast, client_for):
    berit = cast["followup_worker_a"]
    outcome = request_enrolment_reset(
        by=cast["sysadmin"], user=berit, reason="Har mistet telefonen sin."
    )
    assert outcome.approval is not None
    response = client_for(cast["project_lead_a"]).post(
        reverse("access:approval_reject", args=[outcome.approval.pk]), {"note": "Ringte henne."}
    )
    assert response.status_code == 302
    berit.refresh_from_db()
    assert berit.check_password(PASSWORD)
    assert not EnrolmentLink.objects.exists()
