"""Helpers for the staged-administration tests (the fixture ``settled`` is in conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from access import approvals, policy
from access.models import ApprovalRequest, PendingGrant
from accounts.models import Membership, Role, User
from accounts.tests.admin_forms import AdminForm

ADD_USER = reverse("admin:accounts_user_add")


def change_user(user: Any) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def change_organisation(organisation: Any) -> str:
    return reverse("admin:accounts_organisation_change", args=[organisation.pk])


def add_user_in_admin(client: Any, username: str, *memberships: tuple[Any, str, bool]) -> User:
    """Add a user as the admin does: the add page (no password: an enrolment link), then roles.

    Roles are given on the user's own page, after the add page has shown the
    link once; ``memberships`` are (organisation, role, lead) rows for it.
    """
    response = AdminForm.open(client, ADD_USER).set(username=username).post(client)
    assert response.status_code == 200, response.content.decode()[:3000]
    user = User.objects.get(username=username)
    if memberships:
        form = AdminForm.open(client, change_user(user))
        for organisation, role, is_lead in memberships:
            form.add_membership(organisation, role, is_lead=is_lead)
        response = form.post(client)
        assert response.status_code == 302, response.content.decode()[:3000]
    return user


def grant_for(user: Any) -> PendingGrant:
    return PendingGrant.objects.select_related("approval").get(user=user)


def approvers(cast: dict[str, Any], approval: ApprovalRequest) -> set[str]:
    for user in cast.values():
        policy.forget_cached_memberships(user)
    return {name for name, user in cast.items() if approvals.can_decide(user, approval)}


def second_admin(orgs: dict[str, Any]) -> User:
    sigrid = User.objects.create_user(username="sigrid", password="korrekt-hest-batteri-stift")
    User.objects.filter(pk=sigrid.pk).update(date_joined=timezone.now() - dt.timedelta(days=365))
    Membership.objects.create(user=sigrid, organisation=orgs["ops"], role=Role.SYSADMIN)
    sigrid.refresh_from_db()
    return sigrid
