"""Who may approve what the administrator stages (SECURITY.md 31, access/approvers.py).

The approver is chosen by what is granted, and must be a second,
pre-existing, independent person: not someone the requester created,
changed or granted anything in the last 30 days, and never someone whose
grant the requester staged. The expected approvers are written out here by
hand, per grant, from the requirement; never read from the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from access import approvals, grants
from access.tests.staging import (
    add_user_in_admin,
    approvers,
    grant_for,
    second_admin,
)
from accounts.models import Membership, Role, User


@pytest.mark.parametrize(
    ("days_ago", "staged_by_requester", "allowed"),
    [(10, False, False), (31, False, True), (31, True, False)],
    ids=["created-10-days-ago", "created-31-days-ago", "grant-staged-by-requester"],
)
def test_an_approver_the_requester_made_recently_is_refused(
    days_ago, staged_by_requester, allowed, settled, orgs, client_for
):
    sam, alice = settled["sysadmin"], settled["coordinator"]
    sigrid = second_admin(orgs)
    with time_machine.travel(timezone.now() - dt.timedelta(days=days_ago)):
        vera = add_user_in_admin(client_for(sam), "vera")
        stager = sam if staged_by_requester else sigrid
        grants.stage_membership(
            by=stager, user=vera, organisation=orgs["municipality_a"], role=Role.PROJECT_LEAD
        )
        approvals.decide(user=alice, approval_id=grant_for(vera).approval_id, approve=True)

    newcomer = User.objects.create_user(username="nora")
    approval = grants.stage_membership(
        by=sam, user=newcomer, organisation=orgs["municipality_a"], role=Role.FOLLOWUP_WORKER
    )
    vera.refresh_from_db()
    assert approvals.can_decide(vera, approval) is allowed
    answer = client_for(vera).post(reverse("access:approval_approve", args=[approval.pk]))
    assert answer.status_code == (302 if allowed else 404)
    assert Membership.objects.filter(user=newcomer).exists() is allowed


def test_an_account_made_after_the_request_may_not_approve_it(settled, orgs):
    newcomer = User.objects.create_user(username="nora")
    approval = grants.stage_membership(
        by=settled["sysadmin"], user=newcomer, organisation=orgs["team"], role=Role.COORDINATOR
    )
    # A lead who did not exist when the request was made (made by nobody, so
    # otherwise independent).
    later = User.objects.create_user(username="ny-leder")
    Membership.objects.create(
        user=later, organisation=orgs["team"], role=Role.COORDINATOR, is_lead=True
    )
    User.objects.filter(pk=later.pk).update(
        date_joined=approval.created_at + dt.timedelta(seconds=1)
    )
    later.refresh_from_db()
    assert not approvals.can_decide(later, approval)
    assert approvals.can_decide(settled["coordinator"], approval)


# --- who approves what (hand-written) ---------------------------------------------------

# grant (organisation key, role, lead flag) -> the cast members who may approve
# it when sam asks for it for a newcomer.
GRANT_APPROVERS = [
    ("team", Role.COORDINATOR, False, {"coordinator"}),
    ("team", Role.COORDINATOR, True, {"coordinator"}),
    ("team", Role.POLICE_REPRESENTATIVE, False, {"coordinator"}),
    ("team", Role.DIRECTORATE_REPRESENTATIVE, False, {"coordinator"}),
    ("ops", Role.SYSADMIN, False, {"coordinator"}),
    ("bufdir", Role.ANALYST, True, {"coordinator"}),
    ("municipality_a", Role.PROJECT_LEAD, False, {"coordinator", "project_lead_a"}),
    ("municipality_a", Role.FOLLOWUP_WORKER, False, {"coordinator", "project_lead_a"}),
    ("municipality_a", Role.FOLLOWUP_WORKER, True, {"coordinator"}),
    ("municipality_b", Role.FOLLOWUP_WORKER, False, {"coordinator"}),
    ("police_a", Role.LOCAL_POLICE, False, {"coordinator", "police_representative"}),
]


@pytest.mark.parametrize(("org_key", "role", "is_lead", "expected"), GRANT_APPROVERS)
def test_it_lets_only_the_fitting_person_approve_a_grant(
    org_key, role, is_lead, expected, settled, orgs
):
    newcomer = User.objects.create_user(username="nora")
    approval = grants.stage_membership(
        by=settled["sysadmin"],
        user=newcomer,
        organisation=orgs[org_key],
        role=role,
        is_lead=is_lead,
    )
    assert approvers(settled, approval) == expected


def test_the_grantee_never_approves_their_own_grant(settled, orgs):
    bob = settled["project_lead_a"]
    approval = grants.stage_membership(
        by=settled["sysadmin"],
        user=bob,
        organisation=orgs["municipality_b"],
        role=Role.PROJECT_LEAD,
    )
    assert "project_lead_a" not in approvers(settled, approval)
    promotion = grants.stage_membership(
        by=settled["sysadmin"],
        user=settled["coordinator"],
        organisation=orgs["police_a"],
        role=Role.LOCAL_POLICE,
    )
    assert approvers(settled, promotion) == {"police_representative"}


def test_only_administrators_stage_and_the_analyst_needs_no_one(settled, orgs):
    newcomer = User.objects.create_user(username="nils")
    with pytest.raises(ValidationError):
        grants.stage_membership(
            by=settled["sysadmin"], user=newcomer, organisation=orgs["bufdir"], role=Role.ANALYST
        )
    with pytest.raises(ValidationError):
        grants.stage_membership(
            by=settled["project_lead_a"],
            user=newcomer,
            organisation=orgs["municipality_a"],
            role=Role.FOLLOWUP_WORKER,
        )


def test_the_waiting_list_asks_the_same_rule_for_many_requests_at_once(settled, orgs, client_for):
    """Every grant of the table above waits at once, some staged by a second
    administrator and one approver made by the first: each person's waiting
    list (decided for the whole list together) is what the table says."""
    sam, alice = settled["sysadmin"], settled["coordinator"]
    sigrid = second_admin(orgs)
    with time_machine.travel(timezone.now() - dt.timedelta(days=10)):
        # A project lead in A whom sam made and staged ten days ago: not
        # independent of sam, but of sigrid.
        vera = add_user_in_admin(client_for(sam), "vera")
        grants.stage_membership(
            by=sam, user=vera, organisation=orgs["municipality_a"], role=Role.PROJECT_LEAD
        )
        approvals.decide(user=alice, approval_id=grant_for(vera).approval_id, approve=True)
    cast = {**settled, "vera": vera}
    expected: dict[str, set[int]] = {name: set() for name in cast}
    for n, (org_key, role, is_lead, who) in enumerate(GRANT_APPROVERS):
        for stager in (sam, sigrid):
            newcomer = User.objects.create_user(username=f"ny-{n}-{stager.username}")
            approval = grants.stage_membership(
                by=stager, user=newcomer, organisation=orgs[org_key], role=role, is_lead=is_lead
            )
            fitting = set(who)
            # vera holds the project lead role in A, but only a request sigrid
            # staged is hers to decide: sam made her account.
            if "project_lead_a" in who and stager == sigrid:
                fitting.add("vera")
            for name in fitting:
                expected[name].add(approval.pk)
    for name, user in cast.items():
        fresh = User.objects.get(pk=user.pk)
        waiting = {a.pk for a in approvals.waiting_for(fetched_by=fresh)}
        assert waiting == expected[name], name
