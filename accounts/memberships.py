"""Medlemskap: which organisations a user belongs to, and in which role.

A fact about identity, read once per request object; the access policy
(``access.policy``) decides what the memberships allow, and the audit log
(``audit.services``) writes the roles and organisations into each row. Both
sit above accounts and read them here, so the one cached list is shared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from accounts.actors import Viewer
from accounts.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

_MEMBERSHIP_CACHE_ATTR = "_policy_memberships"


def memberships(user: User | AnonymousUser | None) -> list[Membership]:
    """The user's memberships, read once per request object.

    The cache lives on the user instance, which Django builds anew for every
    request, so a revoked membership is gone on the next request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _MEMBERSHIP_CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        setattr(user, _MEMBERSHIP_CACHE_ATTR, cached)
    return cached


def prime_memberships(users: Iterable[User]) -> None:
    """Read the memberships of many users in one query and cache them as ``memberships`` does.

    Several instances may stand for one account (one per row of a join): each gets the list.
    """
    pending: dict[int, list[User]] = defaultdict(list)
    for user in users:
        if user.is_active and getattr(user, _MEMBERSHIP_CACHE_ATTR, None) is None:
            pending[user.pk].append(user)
    if not pending:
        return
    found: dict[int, list[Membership]] = {pk: [] for pk in pending}
    for membership in Membership.objects.filter(user_id__in=pending).select_related("organisation"):
        found[membership.user_id].append(membership)
    for pk, instances in pending.items():
        for user in instances:
            setattr(user, _MEMBERSHIP_CACHE_ATTR, found[pk])


def forget_cached_memberships(user: Viewer) -> None:
    """Drop the cached list (after a grant or a revocation within the same request)."""
    if hasattr(user, _MEMBERSHIP_CACHE_ATTR):
        delattr(user, _MEMBERSHIP_CACHE_ATTR)
