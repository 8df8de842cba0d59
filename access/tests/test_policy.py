"""The policy module: roles to permissions, scopes, 404 for hidden objects."""

from __future__ import annotations

import pytest
from django.http import Http404

from access import policy
from accounts.models import Membership, Organisation, Role


def test_it_grants_the_sysadmin_administration_only(cast):
    granted = policy.permissions(cast["sysadmin"])
    assert policy.Perm.ADMINISTER_USERS in granted
    # The administrator manages users and follows its own staged requests on
    # the approval pages (it approves nothing, SECURITY.md 31: see
    # access/tests/test_staged_administration.py), but has no case permissions.
    assert granted == {
        policy.Perm.VIEW_START_PAGE,
        policy.Perm.ADMINISTER_USERS,
        policy.Perm.VIEW_APPROVALS,
    }


@pytest.mark.parametrize("name", ["coordinator", "followup_worker_a", "analyst", "local_police_a"])
def test_it_does_not_let_case_roles_administer(cast, name):
    assert not policy.has_perm(cast[name], policy.Perm.ADMINISTER_USERS)


def test_it_grants_nothing_to_anonymous_or_inactive_users(cast):
    from django.contrib.auth.models import AnonymousUser

    assert policy.permissions(AnonymousUser()) == frozenset()
    user = cast["coordinator"]
    user.is_active = False
    assert policy.permissions(user) == frozenset()


def test_it_grants_every_role_a_start_page():
    assert set(policy.ROLE_PERMISSIONS) == set(Role.values)
    for perms in policy.ROLE_PERMISSIONS.values():
        assert policy.Perm.VIEW_START_PAGE in perms


def test_it_hides_models_without_a_scope(cast):
    # Organisations have no scope entry: invisible through the policy, even to the admin role.
    assert policy.visible(cast["sysadmin"], Organisation, policy.Perm.VIEW_START_PAGE).count() == 0


def test_it_answers_404_for_hidden_and_missing_objects_alike(cast, orgs):
    with pytest.raises(Http404):
        policy.get_object_for(
            cast["coordinator"], Organisation, policy.Perm.VIEW_START_PAGE, pk=orgs["team"].pk
        )
    with pytest.raises(Http404):
        policy.get_object_for(
            cast["coordinator"], Organisation, policy.Perm.VIEW_START_PAGE, pk=999999
        )
    with pytest.raises(Http404):
        policy.get_object_for(
            cast["coordinator"], Organisation, policy.Perm.VIEW_START_PAGE, pk="not-a-number"
        )


def test_it_uses_a_registered_scope(cast, orgs, monkeypatch):
    def own_organisations(user, queryset, perm):
        return queryset.filter(pk__in=policy.organisation_ids(user))

    monkeypatch.setitem(policy.SCOPES, "accounts.Organisation", own_organisations)
    bob = cast["project_lead_a"]
    assert policy.get_object_for(
        bob, Organisation, policy.Perm.VIEW_START_PAGE, pk=orgs["municipality_a"].pk
    )
    with pytest.raises(Http404):
        policy.get_object_for(
            bob, Organisation, policy.Perm.VIEW_START_PAGE, pk=orgs["municipality_b"].pk
        )
    assert policy.can(bob, policy.Perm.VIEW_START_PAGE, orgs["municipality_a"])
    assert not policy.can(bob, policy.Perm.VIEW_START_PAGE, orgs["municipality_b"])


def test_it_denies_when_a_scope_raises(cast, monkeypatch):
    def broken(user, queryset, perm):
        raise RuntimeError("bug in a rule")

    monkeypatch.setitem(policy.SCOPES, "accounts.Organisation", broken)
    assert (
        policy.visible(cast["coordinator"], Organisation, policy.Perm.VIEW_START_PAGE).count() == 0
    )


def test_it_denies_when_reading_memberships_fails(cast, monkeypatch):
    def broken(user):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(policy, "roles", broken)
    assert policy.has_perm(cast["sysadmin"], policy.Perm.ADMINISTER_USERS) is False


def test_it_reads_memberships_afresh_for_each_request_user(cast, orgs):
    from accounts.models import User

    user = User.objects.get(pk=cast["sysadmin"].pk)
    assert policy.has_perm(user, policy.Perm.ADMINISTER_USERS)
    Membership.objects.filter(user=user).delete()
    # A new request builds a new user object: the revoked role is gone at once.
    assert not policy.has_perm(User.objects.get(pk=user.pk), policy.Perm.ADMINISTER_USERS)


def test_it_derives_the_address_reading_roles_from_the_table():
    from access.table import roles_with

    # By hand: the offer's own staff and the district's local police, nobody else.
    assert {Role.PROJECT_LEAD, Role.FOLLOWUP_WORKER, Role.LOCAL_POLICE} == roles_with(
        policy.Perm.READ_DWELLING_ADDRESS
    )


def test_it_gives_the_stays_notes_to_the_offers_staff_only_never_through_break_glass(cast, orgs):
    import datetime as dt

    from access.models import BreakGlassAccess
    from stays.models import Stay
    from tests.factories import OfferFactory

    def stay_in(municipality):
        return Stay.objects.create(
            offer=OfferFactory.create(municipality=orgs[municipality]),
            allocated_on=dt.date(2025, 1, 6),
            gender="female",
            is_synthetic=True,
        )

    own, other = stay_in("municipality_a"), stay_in("municipality_b")
    notes = policy.Perm.READ_STAY_NOTES
    for name in ("project_lead_a", "followup_worker_a"):
        assert policy.can(cast[name], notes, own)
        assert not policy.can(cast[name], notes, other)
    for name in ("coordinator", "police_representative", "local_police_a", "analyst"):
        assert not policy.has_perm(cast[name], notes)
    # Charlie (municipality B) opens A's resident in an emergency: the overview, not the notes.
    from django.utils import timezone

    charlie = cast["followup_worker_b"]
    BreakGlassAccess.objects.create(
        user=charlie,
        stay=own,
        reason="Alarm utløst i natt",
        looked_up_by=BreakGlassAccess.LookedUpBy.REFERENCE,
        opened_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )
    policy.forget_break_glass(charlie)
    assert policy.can(charlie, policy.Perm.VIEW_RESIDENTS, own)
    assert not policy.can(charlie, notes, own)


def test_it_tells_the_break_glass_audit_purpose_for_rows_far_from_the_stay(cast, orgs):
    """break_glass_covers follows multi-hop paths (a plan's goal: plan__stay)."""
    import datetime as dt

    from django.utils import timezone

    from access.models import BreakGlassAccess
    from followup.models import ActionPlan, PlanGoal
    from stays.models import Stay
    from tests.factories import OfferFactory

    stay = Stay.objects.create(
        offer=OfferFactory.create(municipality=orgs["municipality_a"]),
        allocated_on=dt.date(2025, 1, 6),
        gender="female",
        is_synthetic=True,
    )
    plan = ActionPlan.objects.create(
        stay=stay, made_on=dt.date(2025, 1, 20), recorded_by=cast["project_lead_a"]
    )
    goal = PlanGoal.objects.create(plan=plan, text="Skole")
    charlie = cast["followup_worker_b"]
    assert not policy.break_glass_covers(charlie, goal)
    BreakGlassAccess.objects.create(
        user=charlie,
        stay=stay,
        reason="Alarm utløst i natt",
        looked_up_by=BreakGlassAccess.LookedUpBy.REFERENCE,
        opened_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )
    policy.forget_break_glass(charlie)
    assert policy.break_glass_covers(charlie, goal)
    assert policy.BREAK_GLASS_STAY_PATHS["followup.PlanGoal"] == "plan__stay"
