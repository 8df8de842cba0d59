"""The access policy (tilgangsstyring): the one place that decides who may see and do what.

Everything asks this module: views (through ``requires``/``PolicyMiddleware``),
the API (``access.api.PolicyPermission``), exports, the admin site and the
selectors (through ``visible``). Rules:

* Permissions are named data (``Perm``); which role holds which, and how far
  it reaches, is one declarative table (``access/table.py``), copied for
  people in ``docs/access-model.md`` and held to it by the golden tests.
* Access derives from memberships, read from the database on every request,
  so removing a membership takes effect on the very next request.
* Which rows a permission reaches is decided by the scopes (``access/scopes.py``)
  from the table and the ownership registry (``core/ownership.py``).
* Objects are fetched through ``get_object_for``; anything the user may not
  see answers 404, exactly like an object that does not exist.
* Deny by default: an unknown permission, a model without a scope, a route
  without a tag, or an exception inside the policy all deny.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from access import table
from access.table import BREAK_GLASS_PERMISSIONS as BREAK_GLASS_PERMISSIONS
from access.table import Perm as Perm
from accounts import memberships as accounts_memberships
from accounts.actors import Viewer
from accounts.models import Role
from core import ownership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)

# Which permissions each role grants, from the access table. The system
# administrator manages users and organisations and nothing else: no case
# content, ever.
ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    role: table.permissions_of(role) for role in table.ROLES
}
# Granted to the competence team's lead (a coordinator membership with
# is_lead) on top of the role's permissions: the table's team_lead column.
LEAD_PERMISSIONS: frozenset[Perm] = table.permissions_of(table.TEAM_LEAD)

# --- who the user is --------------------------------------------------------

# The memberships are read (and cached per request) in accounts, which the
# audit log reads too; the policy decides what they allow.
memberships = accounts_memberships.memberships
forget_cached_memberships = accounts_memberships.forget_cached_memberships


def roles(user: User | AnonymousUser | None) -> set[str]:
    return {m.role for m in memberships(user)}


def organisation_ids(user: User | AnonymousUser | None, *, role: str | None = None) -> set[int]:
    return {m.organisation_id for m in memberships(user) if role is None or m.role == role}


def is_team_lead(user: User | AnonymousUser | None) -> bool:
    return any(m.is_lead and m.role == Role.COORDINATOR for m in memberships(user))


def lead_permissions(user: User | AnonymousUser | None) -> frozenset[Perm]:
    return LEAD_PERMISSIONS if is_team_lead(user) else frozenset()


def permissions(user: User | AnonymousUser | None) -> frozenset[Perm]:
    granted: set[Perm] = set()
    for role in roles(user):
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    granted |= lead_permissions(user)
    granted |= break_glass_permissions(user)
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


def visible(user: Viewer, source: type[M] | QuerySet[M], perm: Perm | str) -> QuerySet[M]:
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
        result = rule(user, queryset, perm)
        extra = break_glass_filter(user, queryset.model._meta.label, perm)
        if extra is not None:
            result = queryset.filter(Q(pk__in=result.values("pk")) | extra)
        return result
    except Exception:
        logger.exception("policy.visible failed; denying")
        return queryset.none()


def can(user: Viewer, perm: Perm | str, obj: Model) -> bool:
    """May the user act on this particular object?"""
    if obj.pk is None:
        return False
    return visible(user, type(obj), perm).filter(pk=obj.pk).exists()


def get_object_for(
    user: Viewer, source: type[M] | QuerySet[M], perm: Perm | str, **lookup: Any
) -> M:
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
            requirement: str | tuple[Perm, ...] = getattr(candidate, ROUTE_ATTR)
            return requirement
    module = getattr(view, "__module__", "") or ""
    # The admin's legacy "<id>/" routes are plain RedirectViews into the admin.
    if str(getattr(view, "view_initkwargs", {}).get("pattern_name", "")).startswith("admin:"):
        module = "django.contrib.admin."
    for prefix, requirement in EXTERNAL_ROUTE_RULES.items():
        if module.startswith(prefix):
            return requirement
    return None


@functools.cache
def url_requirement(url_name: str, *args: Any) -> str | tuple[Perm, ...] | None:
    """What the route named ``url_name`` requires (``route_requirement`` of its view)."""
    from django.urls import resolve, reverse

    return route_requirement(resolve(reverse(url_name, args=args)).func)


def route_allows(user: Viewer, requirement: str | Iterable[Perm] | None) -> bool:
    if requirement is None:
        return False
    if requirement in (PUBLIC, AUTHENTICATION):
        return True
    return all(has_perm(user, p) for p in requirement)


def authentication_step(view: V) -> V:
    """Tag a view that is part of signing in (reachable before MFA is complete)."""
    setattr(view, ROUTE_ATTR, AUTHENTICATION)
    return view


# --- break-the-glass (nødtilgang, SECURITY.md 7) -----------------------------------
# A user with an active, unexpired access (access.models.BreakGlassAccess)
# reads ONE resident as a follow-up worker would, minus everything not needed
# in an emergency: the overview (name, household, dates, partners), the
# follow-up pages and the security measures and crisis plan with their notes.
# Never the secret address (two-person approval), the contact-log notes, the
# intake, the threat assessment or the identity number, and never a write.
# The grant adds these permissions and, through ``visible``, exactly the rows
# of that one stay; when it expires both are gone on the next call.
# What it adds is the table's BREAK_GLASS_PERMISSIONS; which rows belong to
# the stay is the ownership registry's: every model with a path to a stay
# (multi-hop ones too, such as a plan goal's "plan__stay"), derived, never
# listed by hand. A model is opened only for the permissions its scope answers.
BREAK_GLASS_STAY_PATHS: dict[str, str] = {
    label: path or "pk" for label, path in ownership.stay_paths().items()
}
_BREAK_GLASS_CACHE_ATTR = "_policy_break_glass"


def _break_glass_rows(user: Viewer) -> list[tuple[int, Any]]:
    """(stay id, expires at) of the user's accesses that were open when first read."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _BREAK_GLASS_CACHE_ATTR, None)
    if cached is None:
        from django.utils import timezone

        from access.models import BreakGlassAccess

        cached = list(
            BreakGlassAccess.objects.filter(
                user_id=user.pk, expires_at__gt=timezone.now()
            ).values_list("stay_id", "expires_at")
        )
        setattr(user, _BREAK_GLASS_CACHE_ATTR, cached)
    return cached


def break_glass_stay_ids(user: Viewer) -> set[int]:
    """Stays the user reaches through an active break-the-glass access (expiry checked now)."""
    from django.utils import timezone

    now = timezone.now()
    return {stay_id for stay_id, expires in _break_glass_rows(user) if expires > now}


def forget_break_glass(user: Viewer) -> None:
    if hasattr(user, _BREAK_GLASS_CACHE_ATTR):
        delattr(user, _BREAK_GLASS_CACHE_ATTR)


def break_glass_permissions(user: Viewer) -> frozenset[Perm]:
    return BREAK_GLASS_PERMISSIONS if break_glass_stay_ids(user) else frozenset()


def break_glass_filter(user: Viewer, label: str, perm: Perm) -> Q | None:
    """Q adding the rows of the user's break-the-glass stays; None when nothing is added."""
    from access.scopes import OBJECT_PERMS

    if perm not in BREAK_GLASS_PERMISSIONS or label not in BREAK_GLASS_STAY_PATHS:
        return None
    if perm not in OBJECT_PERMS.get(label, ()):
        return None
    ids = break_glass_stay_ids(user)
    if not ids:
        return None
    return Q(**{f"{BREAK_GLASS_STAY_PATHS[label]}__in": sorted(ids)})


def break_glass_covers(user: Viewer, obj: Model | None) -> bool:
    """Is this object read through a break-the-glass access (for the audit purpose)?"""
    if obj is None or obj.pk is None:
        return False
    path = BREAK_GLASS_STAY_PATHS.get(obj._meta.label)
    if path is None:
        return False
    ids = break_glass_stay_ids(user)
    if not ids:
        return False
    if path == "pk":
        stay_id = obj.pk
    elif "__" not in path:
        stay_id = getattr(obj, f"{path}_id", None)
    else:
        # A row further from its stay (a plan goal, a conversation item): ask the database.
        stay_id = type(obj)._base_manager.filter(pk=obj.pk).values_list(path, flat=True).first()
    return stay_id in ids


# --- reach over municipalities (statistics; the rules are in access/scopes.py) --------


def reporting_filter(user: Viewer, perm: Perm, municipality_path: str) -> Q | None:
    """Q narrowing rows to the user's reach for ``perm`` by their municipality path; None: all."""
    from access.scopes import reach_filter

    return reach_filter(user, perm, municipality_path)


def reporting_municipality_filter(user: Viewer, perm: Perm) -> Q | None:
    """Q over municipalities (accounts.Organisation) in the user's reach; None: all.

    A project lead's own municipality is in reach before it has an offer, so
    the statistics page can show it (empty) rather than deny a granted page.
    """
    from access.scopes import reach_filter

    return reach_filter(user, perm, "")
