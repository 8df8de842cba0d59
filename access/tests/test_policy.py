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
