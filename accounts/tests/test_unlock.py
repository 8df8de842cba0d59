"""Lifting a sign-in lock takes two people (access/unlock.py; SECURITY.md 31, 35).

The administrator asks in the admin site, the competence-team lead approves,
and only then can the locked person sign in. The administrator alone, a
second administrator, and the locked person cannot lift it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from access import approvals
from access.models import ApprovalRequest
from access.signin import lockout
from accounts.models import Role, User
from accounts.tests.lockout_helpers import fail_passwords, password_step
from audit.models import AuditEntry

REASON = "Bob ringte og bekreftet at det var ham som tastet feil."
Kind = ApprovalRequest.Kind


@pytest.fixture
def repeat_locked_bob(cast: dict[str, Any], clock: Any) -> User:
    """Bob locked twice within a day: only a person can unlock him now."""
    fail_passwords("bob")
    clock.shift(dt.timedelta(minutes=16))
    fail_passwords("bob")
    bob: User = cast["project_lead_a"]
    row = lockout.active_lock(bob)
    assert row is not None and row.locked_until is None
    return bob


def _ask_in_admin(client: Client, user: User) -> Any:
    url = reverse("admin:accounts_user_unlock", args=[user.pk])
    return client.post(url, {"reason": REASON})


def test_the_admin_asks_and_the_lead_approves_then_the_user_gets_in(
    settled, repeat_locked_bob, client_for
):
    bob, sam, alice = repeat_locked_bob, settled["sysadmin"], settled["coordinator"]
    admin = client_for(sam)
    change = reverse("admin:accounts_user_change", args=[bob.pk])
    assert "Be om opplåsing" in admin.get(change).content.decode()
    page = admin.get(reverse("admin:accounts_user_unlock", args=[bob.pk]))
    assert page.status_code == 200
    assert "Lederen i Kompetanseteamet må godkjenne" in page.content.decode()

    assert _ask_in_admin(admin, bob)["Location"] == change
    approval = ApprovalRequest.objects.get(kind=Kind.ACCOUNT_UNLOCK)
    assert approval.subject == f"accounts.User:{bob.pk}"
    assert password_step(Client(), "bob").status_code == 200  # still locked

    lead = client_for(alice)
    assert "Innloggingen til bob" in lead.get(reverse("access:approval_list")).content.decode()
    decided = lead.post(reverse("access:approval_approve", args=[approval.pk]), {"note": ""})
    assert decided.status_code == 302
    assert not lockout.is_locked(bob)
    assert password_step(Client(), "bob").status_code == 302
    approval.refresh_from_db()
    assert approval.used_at is not None
    actions = list(
        AuditEntry.objects.filter(actor_id__in=[sam.pk, alice.pk])
        .exclude(action="accounts.user.logged_in")
        .order_by("seq")
        .values_list("action", "actor_id", "purpose")
    )
    assert actions == [
        ("access.approval.requested", sam.pk, "godkjenning: account_unlock"),
        ("access.approval.approved", alice.pk, "godkjenning: account_unlock"),
        ("accounts.user.unlocked", alice.pk, "godkjent opplåsing"),
    ]


def test_the_admin_alone_cannot_unlock(cast, orgs, member, repeat_locked_bob, client_for):
    bob, sam = repeat_locked_bob, cast["sysadmin"]
    sigrid = member(Role.SYSADMIN, orgs["ops"], "sigrid")
    approval = approvals.request_approval(
        user=sam, kind=Kind.ACCOUNT_UNLOCK, subject_obj=bob, reason=REASON
    )
    for decider in (sam, sigrid, cast["police_representative"], cast["project_lead_a"]):
        with pytest.raises((ValidationError, Http404)):
            approvals.decide(user=decider, approval_id=approval.pk, approve=True)
    assert lockout.is_locked(bob)
    # Nor through the pages: the approve page refuses the administrator.
    refused = client_for(sam).post(reverse("access:approval_approve", args=[approval.pk]))
    assert refused.status_code == 400
    assert lockout.is_locked(bob)
    # Nor does a new enrolment link: for bob (case access) it waits for a
    # second person, and the admin's old password route is gone.
    assert client_for(sam).get(f"/admin/accounts/user/{bob.pk}/password/").status_code == 404
    asked = client_for(sam).post(
        reverse("admin:accounts_user_new_link", args=[bob.pk]),
        {"reason": "Mistet telefonen med kodeappen"},
    )
    assert asked.status_code == 302
    assert ApprovalRequest.objects.filter(kind=Kind.ENROLMENT_RESET).exists()
    assert lockout.is_locked(bob)


def test_the_locked_lead_cannot_approve_their_own_unlock(cast, clock):
    alice, sam = cast["coordinator"], cast["sysadmin"]
    fail_passwords("alice")
    approval = approvals.request_approval(
        user=sam, kind=Kind.ACCOUNT_UNLOCK, subject_obj=alice, reason=REASON
    )
    assert not approvals.can_decide(alice, approval)
    with pytest.raises((ValidationError, Http404)):
        approvals.decide(user=alice, approval_id=approval.pk, approve=True)
    assert lockout.is_locked(alice)


def test_only_an_administrator_asks_and_only_for_a_locked_account(cast, clock, client_for):
    bob, sam = cast["project_lead_a"], cast["sysadmin"]
    with pytest.raises(ValidationError):  # not locked
        approvals.request_approval(
            user=sam, kind=Kind.ACCOUNT_UNLOCK, subject_obj=bob, reason=REASON
        )
    fail_passwords("bob")
    with pytest.raises(ValidationError):  # not an administrator
        approvals.request_approval(
            user=cast["coordinator"], kind=Kind.ACCOUNT_UNLOCK, subject_obj=bob, reason=REASON
        )
    # The page itself is the administrator's only.
    url = reverse("admin:accounts_user_unlock", args=[bob.pk])
    assert client_for(cast["coordinator"]).get(url).status_code == 404
    # A reason is needed; nothing is asked without one.
    short = client_for(sam).post(url, {"reason": "feil"})
    assert short.status_code == 400
    assert "minst 10 tegn" in short.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_the_start_page_counts_locked_accounts_for_the_lead(cast, clock, client_for):
    fail_passwords("bob")
    fail_passwords("berit")
    notice = "2 konto(er) er sperret for innlogging"
    assert notice in client_for(cast["coordinator"]).get("/").content.decode()
    assert notice in client_for(cast["sysadmin"]).get("/").content.decode()
    assert (
        "sperret for innlogging"
        not in client_for(cast["police_representative"]).get("/").content.decode()
    )
    clock.shift(dt.timedelta(minutes=16))  # both time locks are over
    unlocked = AuditEntry.objects.filter(action="accounts.user.unlocked")
    assert "sperret for innlogging" not in client_for(cast["coordinator"]).get("/").content.decode()
    # Reading the page noted nothing (GET changes nothing); the next attempt will.
    assert not unlocked.exists()
