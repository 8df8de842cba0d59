"""The access policy (tilgangsstyring): the one place that decides who may see and do what.

Everything asks this module: views (through ``requires``/``PolicyMiddleware``),
the API (``access.api.PolicyPermission``), exports, the admin site and the
selectors (through ``visible``). Rules:

* Permissions are named data (``Perm``); roles grant sets of them.
* Access derives from memberships, read from the database on every request,
  so removing a membership takes effect on the very next request.
* Objects are fetched through ``get_object_for``; anything the user may not
  see answers 404, exactly like an object that does not exist.
* Deny by default: an unknown permission, a model without a scope, a route
  without a tag, or an exception inside the policy all deny.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)


class Perm(StrEnum):
    """Named permissions. Add new ones here and grant them in ROLE_PERMISSIONS."""

    VIEW_START_PAGE = "view_start_page"
    ADMINISTER_USERS = "administer_users"
    VIEW_OWN_ACCESS_LOG = "view_own_access_log"
    # The competence-team lead's audit review (SECURITY.md 24): granted by
    # lead_permissions below, not by a role.
    REVIEW_AUDIT = "review_audit"


# Which permissions each role grants. The system administrator manages users
# and organisations and nothing else: no case content, ever.
ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset({Perm.VIEW_START_PAGE}),
    Role.POLICE_REPRESENTATIVE: frozenset({Perm.VIEW_START_PAGE}),
    Role.DIRECTORATE_REPRESENTATIVE: frozenset({Perm.VIEW_START_PAGE}),
    Role.PROJECT_LEAD: frozenset({Perm.VIEW_START_PAGE}),
    Role.FOLLOWUP_WORKER: frozenset({Perm.VIEW_START_PAGE}),
    Role.LOCAL_POLICE: frozenset({Perm.VIEW_START_PAGE}),
    Role.ANALYST: frozenset({Perm.VIEW_START_PAGE}),
    Role.SYSADMIN: frozenset({Perm.VIEW_START_PAGE, Perm.ADMINISTER_USERS}),
}


# --- who the user is --------------------------------------------------------

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


def forget_cached_memberships(user: Any) -> None:
    if hasattr(user, _MEMBERSHIP_CACHE_ATTR):
        delattr(user, _MEMBERSHIP_CACHE_ATTR)


def roles(user: User | AnonymousUser | None) -> set[str]:
    return {m.role for m in memberships(user)}


def organisation_ids(user: User | AnonymousUser | None, *, role: str | None = None) -> set[int]:
    return {m.organisation_id for m in memberships(user) if role is None or m.role == role}


# Granted to the competence team's lead (a coordinator membership with
# is_lead) on top of the role's permissions.
LEAD_PERMISSIONS: frozenset[Perm] = frozenset({Perm.REVIEW_AUDIT})


def is_team_lead(user: User | AnonymousUser | None) -> bool:
    return any(m.is_lead and m.role == Role.COORDINATOR for m in memberships(user))


def lead_permissions(user: User | AnonymousUser | None) -> frozenset[Perm]:
    return LEAD_PERMISSIONS if is_team_lead(user) else frozenset()


def permissions(user: User | AnonymousUser | None) -> frozenset[Perm]:
    granted: set[Perm] = set()
    for role in roles(user):
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    granted |= lead_permissions(user)
    return frozenset(granted)


def has_perm(user: User | AnonymousUser | None, perm: Perm | str) -> bool:
    """May the user do this kind of thing at all? Errors deny."""
    try:
        return Perm(perm) in permissions(user)
    except Exception:
        logger.exception("policy.has_perm failed; denying")
        return False


# --- which objects ---------------------------------------------------------

Scope = Callable[[Any, QuerySet[Any], Perm], QuerySet[Any]]
# Model label -> function narrowing a queryset to what the user may see for a
# permission. A model without an entry is invisible to everyone.
SCOPES: dict[str, Scope] = {}


def scope(label: str) -> Callable[[Scope], Scope]:
    def register(func: Scope) -> Scope:
        SCOPES[label] = func
        return func

    return register


def visible(user: Any, source: type[M] | QuerySet[M], perm: Perm | str) -> QuerySet[M]:
    """The objects of ``source`` that ``user`` may see for ``perm``."""
    queryset: QuerySet[M] = (
        source if isinstance(source, QuerySet) else source._default_manager.all()
    )
    try:
        perm = Perm(perm)
        if not has_perm(user, perm):
            return queryset.none()
        rule = SCOPES.get(queryset.model._meta.label)
        if rule is None:
            return queryset.none()
        return rule(user, queryset, perm)
    except Exception:
        logger.exception("policy.visible failed; denying")
        return queryset.none()


def can(user: Any, perm: Perm | str, obj: Model) -> bool:
    """May the user act on this particular object?"""
    if obj.pk is None:
        return False
    return visible(user, type(obj), perm).filter(pk=obj.pk).exists()


def get_object_for(user: Any, source: type[M] | QuerySet[M], perm: Perm | str, **lookup: Any) -> M:
    """Fetch one object the user may see, or raise 404 (never 403: existence must not leak)."""
    try:
        return visible(user, source, perm).get(**lookup)
    except (Http404, ValueError, TypeError):
        raise Http404 from None
    except Exception as exc:
        if exc.__class__.__name__ in {"DoesNotExist", "MultipleObjectsReturned", "ValidationError"}:
            raise Http404 from None
        raise


# --- which routes -----------------------------------------------------------

PUBLIC = "public"
AUTHENTICATION = "authentication"
ROUTE_ATTR = "policy_requirement"

V = TypeVar("V", bound=Callable[..., Any])


def requires(*perms: Perm) -> Callable[[V], V]:
    """Tag a view with the permissions it needs (all of them)."""

    def tag(view: V) -> V:
        setattr(view, ROUTE_ATTR, tuple(Perm(p) for p in perms))
        return view

    return tag


def public(view: V) -> V:
    """Tag a view that anyone may reach (health check, error pages)."""
    setattr(view, ROUTE_ATTR, PUBLIC)
    return view


# Third-party routes we cannot tag, by the module their view comes from.
# allauth's own views handle login, MFA and logout; the admin asks the policy
# through access.admin.PolicyAdminSite.
EXTERNAL_ROUTE_RULES: dict[str, str | tuple[Perm, ...]] = {
    "allauth.": AUTHENTICATION,
    "django.views.i18n": PUBLIC,
    "django.views.static": PUBLIC,
    "django.contrib.staticfiles.": PUBLIC,
    "django.contrib.admin.": (Perm.ADMINISTER_USERS,),
    "django.contrib.auth.admin": (Perm.ADMINISTER_USERS,),  # set a user's password
    "django.contrib.contenttypes.views": (Perm.ADMINISTER_USERS,),  # admin's "view on site"
}


def route_requirement(view: Callable[..., Any]) -> str | tuple[Perm, ...] | None:
    """What a view needs: PUBLIC, AUTHENTICATION, a tuple of Perms, or None (= deny)."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        if candidate is not None and hasattr(candidate, ROUTE_ATTR):
            return getattr(candidate, ROUTE_ATTR)
    module = getattr(view, "__module__", "") or ""
    # The admin's legacy "<id>/" routes are plain RedirectViews into the admin.
    if str(getattr(view, "view_initkwargs", {}).get("pattern_name", "")).startswith("admin:"):
        module = "django.contrib.admin."
    for prefix, requirement in EXTERNAL_ROUTE_RULES.items():
        if module.startswith(prefix):
            return requirement
    return None


def route_allows(user: Any, requirement: str | Iterable[Perm] | None) -> bool:
    if requirement is None:
        return False
    if requirement in (PUBLIC, AUTHENTICATION):
        return True
    return all(has_perm(user, p) for p in requirement)


def authentication_step(view: V) -> V:
    """Tag a view that is part of signing in (reachable before MFA is complete)."""
    setattr(view, ROUTE_ATTR, AUTHENTICATION)
    return view
