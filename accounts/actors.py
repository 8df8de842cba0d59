"""Who acts (aktør) and who asks: the types of the acting user, used everywhere.

* ``Actor``: a signed-in person doing something. Every service takes one as
  ``by`` and the audit log records it.
* ``Viewer``: whoever asks the access policy or a selector. Anonymous and
  ``None`` are allowed and see nothing: selectors fail closed.
* ``SystemActor``: a write that a scheduled job may do with no person behind
  it (an expired hold, retention); the audit row then names no actor.
* ``AuthenticatedRequest``: the request a view behind ``policy.requires``
  receives. The policy middleware has already refused anonymous requests, so
  ``request.user`` is an ``Actor`` there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

Actor: TypeAlias = "User"
Viewer: TypeAlias = "User | AnonymousUser | None"
SystemActor: TypeAlias = "User | None"


class AuthenticatedRequest(HttpRequest):
    """A request whose user is signed in (for type checking; Django builds plain HttpRequests)."""

    user: User


def signed_in(viewer: Viewer) -> Actor | None:
    """The viewer as an active, signed-in person, or None for anyone else."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return None
    return cast("User", viewer)


def acting(request: HttpRequest) -> Actor:
    """The signed-in person behind ``request``, for pages Django builds (the admin site).

    The policy middleware refuses anyone else before a view runs; this keeps
    it so should a page ever be reached another way.
    """
    actor = signed_in(request.user)
    if actor is None:
        raise PermissionDenied
    return actor
