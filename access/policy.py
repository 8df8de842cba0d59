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

from django.db.models import Model, Q, QuerySet
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
    # Offers, dwellings and places (housing): see the housing scopes below.
    VIEW_OFFERS = "view_offers"
    MANAGE_OFFERS = "manage_offers"
    VIEW_DWELLINGS = "view_dwellings"
    READ_DWELLING_ADDRESS = "read_dwelling_address"
    MANAGE_DWELLINGS = "manage_dwellings"
    RECORD_CLEARANCE = "record_clearance"
    VIEW_CAPACITY = "view_capacity"
    VIEW_PARTNERS = "view_partners"
    MANAGE_PARTNERS = "manage_partners"
    # Intake and allocation (referrals): see the referrals scopes below.
    VIEW_INQUIRIES = "view_inquiries"
    EDIT_INQUIRIES = "edit_inquiries"
    VIEW_ASSESSMENTS = "view_assessments"
    EDIT_ASSESSMENTS = "edit_assessments"
    RECORD_CONSENT = "record_consent"
    VIEW_THREAT_SUMMARY = "view_threat_summary"
    VIEW_THREAT_DETAILS = "view_threat_details"
    WRITE_THREAT_ASSESSMENTS = "write_threat_assessments"
    ALLOCATE_PLACES = "allocate_places"
    VIEW_OFFER_INBOX = "view_offer_inbox"
    ANSWER_ALLOCATIONS = "answer_allocations"
    # Residents (stays): see the stays scopes at the end of this module.
    VIEW_RESIDENTS = "view_residents"
    MANAGE_STAY = "manage_stay"
    CLOSE_STAY = "close_stay"
    VIEW_STAY_SECURITY = "view_stay_security"
    VIEW_STAY_SUMMARY = "view_stay_summary"
    # Follow-up during the stay (followup): see the follow-up scopes below.
    VIEW_FOLLOWUP = "view_followup"
    RECORD_FOLLOWUP = "record_followup"
    READ_FOLLOWUP_NOTES = "read_followup_notes"
    VIEW_SECURITY_MEASURES = "view_security_measures"
    READ_SECURITY_NOTES = "read_security_notes"
    RECORD_SECURITY_CONVERSATION = "record_security_conversation"
    RECORD_THREAT_CHANGE = "record_threat_change"
    # Deadlines, milestone reports and statistics (reporting): see the
    # reporting reach at the end of this module.
    VIEW_MY_DEADLINES = "view_my_deadlines"
    SUBMIT_MILESTONE_REPORT = "submit_milestone_report"
    READ_MILESTONE_REPORTS = "read_milestone_reports"
    VIEW_STATISTICS = "view_statistics"
    EXPORT_STATISTICS = "export_statistics"
    # Break-the-glass, two-person approval and the art. 15 report (access app):
    # see "break-the-glass" below and access/approvals.py.
    USE_BREAK_GLASS = "use_break_glass"
    VIEW_APPROVALS = "view_approvals"
    EXPORT_RESIDENT_LIST = "export_resident_list"
    PRODUCE_ACCESS_REPORT = "produce_access_report"


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


# Intake and allocation (issue 4). The directorate representative sees no
# case content here (only milestone reports later); analyst and sysadmin
# nothing. Municipal staff get only the information package of persons
# proposed to their own offers; police roles write threat assessments.
_REFERRAL_GRANTS: dict[str, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset(
        {
            Perm.VIEW_INQUIRIES,
            Perm.EDIT_INQUIRIES,
            Perm.VIEW_ASSESSMENTS,
            Perm.EDIT_ASSESSMENTS,
            Perm.RECORD_CONSENT,
            Perm.VIEW_THREAT_SUMMARY,
            Perm.ALLOCATE_PLACES,
        }
    ),
    Role.POLICE_REPRESENTATIVE: frozenset(
        {
            Perm.VIEW_INQUIRIES,
            Perm.VIEW_ASSESSMENTS,
            Perm.VIEW_THREAT_SUMMARY,
            Perm.VIEW_THREAT_DETAILS,
            Perm.WRITE_THREAT_ASSESSMENTS,
        }
    ),
    Role.PROJECT_LEAD: frozenset({Perm.VIEW_OFFER_INBOX, Perm.ANSWER_ALLOCATIONS}),
    Role.FOLLOWUP_WORKER: frozenset({Perm.VIEW_OFFER_INBOX}),
    Role.LOCAL_POLICE: frozenset(
        {Perm.VIEW_THREAT_SUMMARY, Perm.VIEW_THREAT_DETAILS, Perm.WRITE_THREAT_ASSESSMENTS}
    ),
}
for _role, _granted in _REFERRAL_GRANTS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _granted

# Offers, dwellings and places (issue 3). The secret address is read only by
# the offer's own staff and its local police: never by the competence team,
# the analyst or the administrator. Which offers each role reaches is decided
# by the housing scopes at the end of this module.
_HOUSING_GRANTS: dict[str, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset(
        {Perm.VIEW_OFFERS, Perm.VIEW_DWELLINGS, Perm.VIEW_CAPACITY, Perm.VIEW_PARTNERS}
    ),
    Role.POLICE_REPRESENTATIVE: frozenset(
        {
            Perm.VIEW_OFFERS,
            Perm.VIEW_DWELLINGS,
            Perm.RECORD_CLEARANCE,
            Perm.VIEW_CAPACITY,
            Perm.VIEW_PARTNERS,
        }
    ),
    Role.DIRECTORATE_REPRESENTATIVE: frozenset(
        {Perm.VIEW_OFFERS, Perm.VIEW_DWELLINGS, Perm.VIEW_CAPACITY, Perm.VIEW_PARTNERS}
    ),
    Role.PROJECT_LEAD: frozenset(
        {
            Perm.VIEW_OFFERS,
            Perm.MANAGE_OFFERS,
            Perm.VIEW_DWELLINGS,
            Perm.READ_DWELLING_ADDRESS,
            Perm.MANAGE_DWELLINGS,
            Perm.VIEW_CAPACITY,
            Perm.VIEW_PARTNERS,
            Perm.MANAGE_PARTNERS,
        }
    ),
    Role.FOLLOWUP_WORKER: frozenset(
        {
            Perm.VIEW_OFFERS,
            Perm.VIEW_DWELLINGS,
            Perm.READ_DWELLING_ADDRESS,
            Perm.VIEW_CAPACITY,
            Perm.VIEW_PARTNERS,
        }
    ),
    Role.LOCAL_POLICE: frozenset(
        {
            Perm.VIEW_OFFERS,
            Perm.VIEW_DWELLINGS,
            Perm.READ_DWELLING_ADDRESS,
            Perm.RECORD_CLEARANCE,
        }
    ),
}
for _role, _granted in _HOUSING_GRANTS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _granted

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
        result = rule(user, queryset, perm)
        extra = break_glass_filter(user, queryset.model._meta.label, perm)
        if extra is not None:
            result = queryset.filter(Q(pk__in=result.values("pk")) | extra)
        return result
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


# --- referrals scopes (intake and allocation) --------------------------------
# Team roles see the whole intake. Outside the team, a person becomes visible
# only through a live allocation (proposed or accepted) to an offer: the offer's
# municipal staff see the information package, the police district that
# covers the offer's municipality sees the threat summary and details.

_TEAM_CASE_ROLES = {Role.COORDINATOR, Role.POLICE_REPRESENTATIVE}
_MUNICIPAL_ROLES = {Role.PROJECT_LEAD, Role.FOLLOWUP_WORKER}
_LIVE_ALLOCATION = ("proposed", "accepted")
# Allocation -> the municipality that runs the offer of the place.
_ALLOCATION_MUNICIPALITY = "place__dwelling__offer__municipality_id"
_ALLOCATION_DISTRICT = "place__dwelling__offer__municipality__police_district_id"


def _in_team(user: Any) -> bool:
    return bool(roles(user) & _TEAM_CASE_ROLES)


def _municipal_ids(user: Any) -> set[int]:
    return {m.organisation_id for m in memberships(user) if m.role in _MUNICIPAL_ROLES}


def _district_ids(user: Any) -> set[int]:
    return organisation_ids(user, role=Role.LOCAL_POLICE)


def _allocation_filter(prefix: str, perm: Perm, user: Any) -> Q | None:
    """Q over live allocations that make an assessment visible outside the team."""
    if perm in {Perm.VIEW_OFFER_INBOX, Perm.ANSWER_ALLOCATIONS}:
        ids = _municipal_ids(user)
        path = _ALLOCATION_MUNICIPALITY
    elif perm in {
        Perm.VIEW_THREAT_SUMMARY,
        Perm.VIEW_THREAT_DETAILS,
        Perm.WRITE_THREAT_ASSESSMENTS,
    }:
        ids = _district_ids(user)
        path = _ALLOCATION_DISTRICT
    else:
        return None
    if not ids:
        return None
    return Q(**{f"{prefix}status__in": _LIVE_ALLOCATION, f"{prefix}{path}__in": ids})


_TEAM_PERMS = {
    Perm.VIEW_INQUIRIES,
    Perm.EDIT_INQUIRIES,
    Perm.VIEW_ASSESSMENTS,
    Perm.EDIT_ASSESSMENTS,
    Perm.RECORD_CONSENT,
    Perm.ALLOCATE_PLACES,
    Perm.VIEW_THREAT_SUMMARY,
    Perm.VIEW_THREAT_DETAILS,
    Perm.WRITE_THREAT_ASSESSMENTS,
}


@scope("referrals.Inquiry")
def _inquiries(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    if perm in {Perm.VIEW_INQUIRIES, Perm.EDIT_INQUIRIES} and _in_team(user):
        return queryset
    return queryset.none()


@scope("referrals.Consent")
def _consents(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    if perm in {Perm.RECORD_CONSENT, Perm.VIEW_ASSESSMENTS} and _in_team(user):
        return queryset
    return queryset.none()


@scope("referrals.Assessment")
def _assessments(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    if perm in _TEAM_PERMS and _in_team(user):
        return queryset
    allowed = _allocation_filter("allocations__", perm, user)
    if allowed is None:
        return queryset.none()
    return queryset.filter(pk__in=queryset.model._default_manager.filter(allowed).values("pk"))


@scope("referrals.Person")
def _persons(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    if perm in _TEAM_PERMS and _in_team(user):
        return queryset
    allowed = _allocation_filter("assessments__allocations__", perm, user)
    if allowed is None:
        return queryset.none()
    return queryset.filter(pk__in=queryset.model._default_manager.filter(allowed).values("pk"))


@scope("referrals.ThreatAssessment")
def _threat_assessments(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    if perm not in {Perm.VIEW_THREAT_SUMMARY, Perm.VIEW_THREAT_DETAILS}:
        return queryset.none()
    if _in_team(user):
        return queryset
    districts = _district_ids(user)
    allowed = _allocation_filter("assessment__allocations__", perm, user)
    if allowed is None:
        return queryset.none()
    # A district also sees what it wrote itself.
    visible_pks = queryset.model._default_manager.filter(
        allowed | Q(police_district_id__in=districts)
    ).values("pk")
    return queryset.filter(pk__in=visible_pks)


@scope("referrals.Allocation")
def _allocations(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    if perm == Perm.ALLOCATE_PLACES and Role.COORDINATOR in roles(user):
        return queryset
    if perm in {Perm.VIEW_ASSESSMENTS, Perm.VIEW_THREAT_SUMMARY} and _in_team(user):
        return queryset
    allowed = _allocation_filter("", perm, user)
    if allowed is None:
        return queryset.none()
    return queryset.filter(allowed)


@scope("stays.Stay")
def _stays(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    """Issue 4's view of stays: the team sees all, the offer's staff their own offer's.

    Issue 5 (follow-up) answers its own permissions through its proxy model.
    """
    if perm in _STAY_REACH:
        return _stay_rows(user, queryset, perm, "")
    if perm in {Perm.ALLOCATE_PLACES, Perm.VIEW_ASSESSMENTS} and _in_team(user):
        return queryset
    if perm in {Perm.VIEW_OFFER_INBOX, Perm.ANSWER_ALLOCATIONS}:
        ids = _municipal_ids(user)
        if ids:
            return queryset.filter(offer__municipality_id__in=ids)
    return queryset.none()


# --- housing scopes (offers, dwellings, places) -----------------------------
# One table decides, per permission and role, how far a membership reaches:
# every offer (the team), the offers of the member's own municipality, or the
# offers in municipalities of the member's police district. A role missing
# from a permission's row reaches nothing, whatever else it holds.

_EVERY_OFFER = "all"
_OWN_MUNICIPALITY = "own_municipality"
_OWN_POLICE_DISTRICT = "own_police_district"


def reach_filter(user: Any, reach: dict[str, str], municipality_path: str) -> Q | None:
    """Q narrowing rows to how far the user's memberships reach; None means all.

    ``reach`` maps a role to every offer, its own municipality or the
    municipalities of its police district (one row of a *_REACH table);
    ``municipality_path`` leads from the row to the offer's municipality
    ("" when the rows are municipalities). A role missing from ``reach``
    reaches nothing.
    """
    own = f"{municipality_path}_id" if municipality_path else "pk"
    district = (
        f"{municipality_path}__police_district_id" if municipality_path else "police_district_id"
    )
    allowed = Q(pk__in=[])
    for membership in memberships(user):
        how = reach.get(membership.role)
        if how == _EVERY_OFFER:
            return None
        if how == _OWN_MUNICIPALITY:
            allowed |= Q(**{own: membership.organisation_id})
        elif how == _OWN_POLICE_DISTRICT:
            allowed |= Q(**{district: membership.organisation_id})
    return allowed


def grant_reach(table: dict[Perm, dict[str, str]]) -> None:
    """Every role named in a *_REACH table holds that permission (how far is the table's)."""
    for perm, reach in table.items():
        for role in reach:
            ROLE_PERMISSIONS[role] = ROLE_PERMISSIONS[role] | {perm}


_HOUSING_REACH: dict[Perm, dict[str, str]] = {
    Perm.VIEW_OFFERS: {
        Role.COORDINATOR: _EVERY_OFFER,
        Role.POLICE_REPRESENTATIVE: _EVERY_OFFER,
        Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER,
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
        Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
        Role.LOCAL_POLICE: _OWN_POLICE_DISTRICT,
    },
    Perm.MANAGE_OFFERS: {Role.PROJECT_LEAD: _OWN_MUNICIPALITY},
    Perm.VIEW_DWELLINGS: {
        Role.COORDINATOR: _EVERY_OFFER,
        Role.POLICE_REPRESENTATIVE: _EVERY_OFFER,
        Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER,
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
        Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
        Role.LOCAL_POLICE: _OWN_POLICE_DISTRICT,
    },
    # Never a team role: the team allocates by municipality and offer.
    Perm.READ_DWELLING_ADDRESS: {
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
        Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
        Role.LOCAL_POLICE: _OWN_POLICE_DISTRICT,
    },
    Perm.MANAGE_DWELLINGS: {Role.PROJECT_LEAD: _OWN_MUNICIPALITY},
    Perm.RECORD_CLEARANCE: {
        Role.POLICE_REPRESENTATIVE: _EVERY_OFFER,
        Role.LOCAL_POLICE: _OWN_POLICE_DISTRICT,
    },
    Perm.VIEW_CAPACITY: {
        Role.COORDINATOR: _EVERY_OFFER,
        Role.POLICE_REPRESENTATIVE: _EVERY_OFFER,
        Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER,
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
        Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
    },
    Perm.VIEW_PARTNERS: {
        Role.COORDINATOR: _EVERY_OFFER,
        Role.POLICE_REPRESENTATIVE: _EVERY_OFFER,
        Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER,
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
        Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
    },
    Perm.MANAGE_PARTNERS: {Role.PROJECT_LEAD: _OWN_MUNICIPALITY},
}

# Model -> the path from it to the offer's municipality.
_HOUSING_MUNICIPALITY_PATHS = {
    "housing.Offer": "municipality",
    "housing.Dwelling": "offer__municipality",
    "housing.Place": "dwelling__offer__municipality",
    "housing.SecurityClearance": "dwelling__offer__municipality",
    "housing.ClearanceRecommendation": "clearance__dwelling__offer__municipality",
    "housing.PlaceBooking": "place__dwelling__offer__municipality",
    "housing.PartnerService": "offer__municipality",
    "housing.PartnerContact": "partner__offer__municipality",
}


def housing_filter(user: Any, perm: Perm, municipality_path: str) -> Q | None:
    """Q narrowing housing objects to the user's reach for ``perm``; None means all."""
    return reach_filter(user, _HOUSING_REACH.get(perm, {}), municipality_path)


def _housing_scope(municipality_path: str) -> Scope:
    def rule(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
        allowed = housing_filter(user, perm, municipality_path)
        return queryset if allowed is None else queryset.filter(allowed)

    return rule


for _label, _path in _HOUSING_MUNICIPALITY_PATHS.items():
    scope(_label)(_housing_scope(_path))


# --- follow-up scopes (issue 5: follow-up during the stay) -------------------
# Follow-up content belongs to the offer that holds the stay: its project
# lead and follow-up workers. Security work is shared with the police: the
# local police of the district around the offer's municipality and the
# team's police representative (who advises every district). Coordinators,
# the directorate representative, the analyst and the administrator get
# nothing of it. The grants below are derived from this table, so a role
# holds a follow-up permission exactly where it has a reach.

_MUNICIPAL_STAFF: dict[str, str] = {
    Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
    Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
}
_POLICE_ROLES: dict[str, str] = {
    Role.LOCAL_POLICE: _OWN_POLICE_DISTRICT,
    Role.POLICE_REPRESENTATIVE: _EVERY_OFFER,
}
_FOLLOWUP_REACH: dict[Perm, dict[str, str]] = {
    Perm.VIEW_FOLLOWUP: _MUNICIPAL_STAFF,
    Perm.RECORD_FOLLOWUP: _MUNICIPAL_STAFF,
    Perm.READ_FOLLOWUP_NOTES: _MUNICIPAL_STAFF,
    Perm.VIEW_SECURITY_MEASURES: _MUNICIPAL_STAFF | _POLICE_ROLES,
    Perm.READ_SECURITY_NOTES: _MUNICIPAL_STAFF | _POLICE_ROLES,
    Perm.RECORD_SECURITY_CONVERSATION: _POLICE_ROLES,
    Perm.RECORD_THREAT_CHANGE: _POLICE_ROLES,
}
grant_reach(_FOLLOWUP_REACH)


def followup_filter(user: Any, perm: Perm, municipality_path: str) -> Q | None:
    """Q narrowing stays (or rows of a stay) to the user's follow-up reach; None means all."""
    return reach_filter(user, _FOLLOWUP_REACH.get(perm, {}), municipality_path)


def _followup_scope(municipality_path: str) -> Scope:
    def rule(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
        if perm not in _FOLLOWUP_REACH:
            return queryset.none()
        allowed = followup_filter(user, perm, municipality_path)
        return queryset if allowed is None else queryset.filter(allowed)

    return rule


# followup.FollowedStay is a proxy of stays.Stay, so the stays app keeps its
# own scope for stays.Stay and this one answers only follow-up permissions.
_FOLLOWUP_MUNICIPALITY_PATHS = {
    "followup.FollowedStay": "offer__municipality",
    "followup.SecurityConversation": "stay__offer__municipality",
    "followup.CrisisScenario": "stay__offer__municipality",
    "followup.SecurityMeasure": "stay__offer__municipality",
    "followup.ThreatChange": "stay__offer__municipality",
    "followup.ActionPlan": "stay__offer__municipality",
    "followup.FollowupArea": "stay__offer__municipality",
    "followup.Contact": "stay__offer__municipality",
}
for _label, _path in _FOLLOWUP_MUNICIPALITY_PATHS.items():
    scope(_label)(_followup_scope(_path))


# --- reporting scopes (issue 6: deadlines, milestone reports, statistics) -----
# Every case role has a "my deadlines" page; which deadlines it holds is
# decided by the scopes of the objects they concern. The offer's project lead
# and follow-up workers write the milestone reports; the directorate
# representative reads them for every offer. Statistics: the team, the
# directorate and the analyst see national figures (suppressed), a project
# lead sees the own municipality (raw inside it, suppressed when exported).
# The administrator gets nothing. Grants are derived from this table.

_REPORTING_REACH: dict[Perm, dict[str, str]] = {
    Perm.VIEW_MY_DEADLINES: {
        Role.COORDINATOR: _EVERY_OFFER,
        Role.POLICE_REPRESENTATIVE: _EVERY_OFFER,
        Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER,
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
        Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
        Role.LOCAL_POLICE: _OWN_POLICE_DISTRICT,
    },
    Perm.SUBMIT_MILESTONE_REPORT: {
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
        Role.FOLLOWUP_WORKER: _OWN_MUNICIPALITY,
    },
    Perm.READ_MILESTONE_REPORTS: {Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER},
    Perm.VIEW_STATISTICS: {
        Role.ANALYST: _EVERY_OFFER,
        Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER,
        Role.COORDINATOR: _EVERY_OFFER,
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
    },
    Perm.EXPORT_STATISTICS: {
        Role.DIRECTORATE_REPRESENTATIVE: _EVERY_OFFER,
        Role.ANALYST: _EVERY_OFFER,
        Role.PROJECT_LEAD: _OWN_MUNICIPALITY,
    },
}
grant_reach(_REPORTING_REACH)


def reporting_filter(user: Any, perm: Perm, municipality_path: str) -> Q | None:
    """Q narrowing objects to the user's reporting reach for ``perm``; None means all."""
    return reach_filter(user, _REPORTING_REACH.get(perm, {}), municipality_path)


def reporting_municipality_filter(user: Any, perm: Perm) -> Q | None:
    """Q over municipalities (accounts.Organisation) in the user's reporting reach; None: all.

    A project lead's own municipality is in reach before it has an offer, so
    the statistics page can show it (empty) rather than deny a granted page.
    """
    return reach_filter(user, _REPORTING_REACH.get(perm, {}), "")


def _reporting_scope(municipality_path: str) -> Scope:
    def rule(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
        if perm not in _REPORTING_REACH:
            return queryset.none()
        allowed = reporting_filter(user, perm, municipality_path)
        return queryset if allowed is None else queryset.filter(allowed)

    return rule


# reporting.ReportedStay and reporting.ReportedOffer are proxies of
# stays.Stay and housing.Offer (as followup.FollowedStay), so those apps keep
# their own scopes and these answer only the reporting permissions.
for _label, _path in {
    "reporting.ReportedOffer": "municipality",
    "reporting.ReportedStay": "offer__municipality",
    "reporting.MilestoneReport": "stay__offer__municipality",
}.items():
    scope(_label)(_reporting_scope(_path))


# --- stays scopes (issue 5: residents) -----------------------------------------
# A resident is seen in full only by the staff of the offer that holds the
# stay: its project lead and follow-up workers (VIEW_RESIDENTS, MANAGE_STAY;
# only the project lead closes a stay). The local police of the district
# around the offer's municipality see a security subset (VIEW_STAY_SECURITY:
# name, household, moving dates, the security assessment of the new address)
# while the stay is live. Coordinators see status, offer and dates without
# names or notes (VIEW_STAY_SUMMARY) for capacity and follow-through. The
# directorate representative, the analyst and the administrator see no
# individual stay (reporting gives them suppressed aggregates).

_STAY_STAFF: dict[str, str] = {
    Role.PROJECT_LEAD.value: _OWN_MUNICIPALITY,
    Role.FOLLOWUP_WORKER.value: _OWN_MUNICIPALITY,
}
_STAY_REACH: dict[Perm, dict[str, str]] = {
    Perm.VIEW_RESIDENTS: _STAY_STAFF,
    Perm.MANAGE_STAY: _STAY_STAFF,
    Perm.CLOSE_STAY: {Role.PROJECT_LEAD.value: _OWN_MUNICIPALITY},
    Perm.VIEW_STAY_SECURITY: {Role.LOCAL_POLICE.value: _OWN_POLICE_DISTRICT},
    Perm.VIEW_STAY_SUMMARY: {Role.COORDINATOR.value: _EVERY_OFFER},
}
# Police see a stay from allocation until move-out work is done (closure).
_STAY_SECURITY_STATUSES = ("allocated", "living", "moved_out")
grant_reach(_STAY_REACH)


def stay_filter(user: Any, perm: Perm, municipality_path: str) -> Q | None:
    """Q narrowing stays (or their rows) to the user's reach for ``perm``; None means all."""
    return reach_filter(user, _STAY_REACH.get(perm, {}), municipality_path)


def _stay_rows(user: Any, queryset: QuerySet[Any], perm: Perm, prefix: str) -> QuerySet[Any]:
    allowed = stay_filter(user, perm, f"{prefix}offer__municipality")
    if allowed is not None:
        queryset = queryset.filter(allowed)
    if perm == Perm.VIEW_STAY_SECURITY:
        queryset = queryset.filter(**{f"{prefix}status__in": _STAY_SECURITY_STATUSES})
    return queryset


# The rows hanging off a stay are full content: only the offer's own staff.
_STAY_CONTENT_PERMS = {Perm.VIEW_RESIDENTS, Perm.MANAGE_STAY, Perm.CLOSE_STAY}


def _stay_content_scope(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    if perm not in _STAY_CONTENT_PERMS:
        return queryset.none()
    return _stay_rows(user, queryset, perm, "stay__")


for _label in (
    "stays.HouseholdMember",
    "stays.ArrivalTimetableItem",
    "stays.PlannedMoveOutChange",
    "stays.TransferItem",
    "stays.GoalIndicatorAssessment",
    "stays.StayPartner",
):
    scope(_label)(_stay_content_scope)


@scope("stays.ArrivalTemplateItem")
def _arrival_template(user: Any, queryset: QuerySet[Any], perm: Perm) -> QuerySet[Any]:
    """An offer's timetable template: edited with the offer, read by its staff."""
    if perm == Perm.MANAGE_OFFERS:
        allowed = housing_filter(user, perm, "offer__municipality")
    elif perm == Perm.VIEW_RESIDENTS:
        allowed = stay_filter(user, perm, "offer__municipality")
    else:
        return queryset.none()
    return queryset if allowed is None else queryset.filter(allowed)


# --- break-the-glass (nødtilgang, SECURITY.md 7) -----------------------------------
# A user with an active, unexpired access (access.models.BreakGlassAccess)
# reads ONE resident as a follow-up worker would, minus everything not needed
# in an emergency: the overview (name, household, dates, partners), the
# follow-up pages and the security measures and crisis plan with their notes.
# Never the secret address (two-person approval), the contact-log notes, the
# intake, the threat assessment or the identity number, and never a write.
# The grant adds these permissions and, through ``visible``, exactly the rows
# of that one stay; when it expires both are gone on the next call.

BREAK_GLASS_PERMISSIONS: frozenset[Perm] = frozenset(
    {
        Perm.VIEW_RESIDENTS,
        Perm.VIEW_FOLLOWUP,
        Perm.VIEW_SECURITY_MEASURES,
        Perm.READ_SECURITY_NOTES,
    }
)
# Model label -> the lookup from it to the stay's id. Every row a break-the-glass
# page shows is here, rows of rows too (a goal of the stay's plan), so each
# audit row written through the access carries its purpose.
BREAK_GLASS_STAY_PATHS: dict[str, str] = {
    "stays.Stay": "pk",
    "followup.FollowedStay": "pk",
    **{
        label: "stay_id"
        for label in (
            "stays.HouseholdMember",
            "stays.ArrivalTimetableItem",
            "stays.PlannedMoveOutChange",
            "stays.TransferItem",
            "stays.GoalIndicatorAssessment",
            "stays.StayPartner",
            *[label for label in _FOLLOWUP_MUNICIPALITY_PATHS if label != "followup.FollowedStay"],
        )
    },
    "followup.ConversationItem": "conversation__stay_id",
    "followup.PlanGoal": "plan__stay_id",
    "followup.PlanAction": "goal__plan__stay_id",
    "followup.PlanEvaluation": "plan__stay_id",
    "followup.ContactTheme": "contact__stay_id",
}
_BREAK_GLASS_CACHE_ATTR = "_policy_break_glass"
# Roles that may open a break-the-glass access at all (never the analyst, the
# directorate representative or the administrator).
for _role in (
    Role.COORDINATOR,
    Role.POLICE_REPRESENTATIVE,
    Role.PROJECT_LEAD,
    Role.FOLLOWUP_WORKER,
    Role.LOCAL_POLICE,
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.USE_BREAK_GLASS}


def _break_glass_rows(user: Any) -> list[tuple[int, Any]]:
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


def break_glass_stay_ids(user: Any) -> set[int]:
    """Stays the user reaches through an active break-the-glass access (expiry checked now)."""
    from django.utils import timezone

    now = timezone.now()
    return {stay_id for stay_id, expires in _break_glass_rows(user) if expires > now}


def forget_break_glass(user: Any) -> None:
    if hasattr(user, _BREAK_GLASS_CACHE_ATTR):
        delattr(user, _BREAK_GLASS_CACHE_ATTR)


def break_glass_permissions(user: Any) -> frozenset[Perm]:
    return BREAK_GLASS_PERMISSIONS if break_glass_stay_ids(user) else frozenset()


def break_glass_filter(user: Any, label: str, perm: Perm) -> Q | None:
    """Q adding the rows of the user's break-the-glass stays; None when nothing is added."""
    if perm not in BREAK_GLASS_PERMISSIONS or label not in BREAK_GLASS_STAY_PATHS:
        return None
    ids = break_glass_stay_ids(user)
    if not ids:
        return None
    return Q(**{f"{BREAK_GLASS_STAY_PATHS[label]}__in": sorted(ids)})


def break_glass_covers(user: Any, obj: Model | None) -> bool:
    """Is this object read through a break-the-glass access (for the audit purpose)?"""
    if obj is None or obj.pk is None:
        return False
    path = BREAK_GLASS_STAY_PATHS.get(obj._meta.label)
    if path is None:
        return False
    ids = break_glass_stay_ids(user)
    if not ids:  # no access open: answer without touching the object's relations
        return False
    value: Any = obj.pk if path == "pk" else obj
    if path != "pk":
        # "plan__stay_id": follow the relations as loaded (or load them).
        for step in path.split("__"):
            value = getattr(value, step, None)
            if value is None:
                return False
    return value in ids


# --- two-person approval and the art. 15 report (SECURITY.md 9, 25) ----------------
# Who may decide a request is decided per kind in access/approvals.py (its
# scope for access.ApprovalRequest); VIEW_APPROVALS only opens the pages.
for _role in (
    Role.POLICE_REPRESENTATIVE,
    Role.PROJECT_LEAD,
    Role.FOLLOWUP_WORKER,
    Role.LOCAL_POLICE,
    Role.SYSADMIN,
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {Perm.VIEW_APPROVALS}
# The project lead may ask to export the offer's resident list (approved by a
# second person); the coordinator produces art. 15 reports after checking
# the person's identity. The lead approves exports and role grants.
ROLE_PERMISSIONS[Role.PROJECT_LEAD] = ROLE_PERMISSIONS[Role.PROJECT_LEAD] | {
    Perm.EXPORT_RESIDENT_LIST
}
ROLE_PERMISSIONS[Role.COORDINATOR] = ROLE_PERMISSIONS[Role.COORDINATOR] | {
    Perm.PRODUCE_ACCESS_REPORT
}
LEAD_PERMISSIONS = LEAD_PERMISSIONS | {Perm.VIEW_APPROVALS}
