"""URL arguments for walking every route (CSRF/method walk, later the authorization matrix).

A route with parameters (``<int:pk>``, ``(?P<key>…)``) needs values that lead
somewhere real. Each app that adds such routes provides them in its own
``<app>/tests/route_samples.py``::

    from access.tests.route_samples import SampleContext

    def _dwelling(ctx: SampleContext) -> dict[str, object]:
        dwelling = make_dwelling(municipality=ctx.orgs["municipality_a"])
        return {"pk": dwelling.pk}

    SAMPLES = {"housing:dwelling_detail": _dwelling}

Keys are the namespaced URL name, or the route text for an unnamed route.
A builder gets the test's cast and organisations and the signed-in user (or
None) and returns the URL kwargs. ``discover()`` collects every app's
``SAMPLES``; a route with parameters and no sample fails the walk
(access/tests/test_csrf_and_methods.py) unless listed there with a reason.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass
class SampleContext:
    cast: dict[str, Any]
    orgs: dict[str, Any]
    user: Any = None  # the signed-in user, or None for an anonymous request
    # Builders keep objects here so one test builds them once for all users.
    cache: dict[str, Any] = field(default_factory=dict)


Sample = Callable[[SampleContext], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    route: str  # the pattern text, prefixes included
    name: str  # namespaced URL name, or "" when unnamed
    pattern: URLPattern

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def params(self) -> list[str]:
        return re.findall(r"\(\?P<(\w+)>", self.route) + re.findall(
            r"<(?:\w+:)?(\w+)>", re.sub(r"\(\?P<\w+>", "(", self.route)
        )


def walk(patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()) -> list[Route]:
    routes: list[Route] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            routes.extend(walk(entry.url_patterns, prefix + str(entry.pattern), inner))
        else:
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            routes.append(Route(prefix + str(entry.pattern), name, entry))
    return routes


def all_routes() -> list[Route]:
    return walk(get_resolver().url_patterns)


def build_path(route: Route, kwargs: dict[str, Any]) -> str:
    """The route text with each parameter replaced by its sample value."""
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route.route)
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), text)
    return "/" + text.replace("^", "").replace("$", "")


# --- samples for the foundation's routes ---------------------------------------


def _own_authenticator(ctx: SampleContext) -> dict[str, Any]:
    # A real authenticator of the signed-in user. It is the TOTP one (the
    # WebAuthn views then answer 404): creating a valid passkey needs a browser.
    from allauth.mfa.models import Authenticator

    user = ctx.user or ctx.cast["coordinator"]
    authenticator = Authenticator.objects.filter(user=user).first()
    return {"pk": authenticator.pk if authenticator else 999_999}


# allauth's key routes take opaque tokens: an invalid one reaches the view
# and shows "invalid link", which is exactly the path an attacker would take.
FOUNDATION_SAMPLES: dict[str, Sample] = {
    "account_confirm_email": lambda ctx: {"key": "invalid-key"},
    "account_reset_password_from_key": lambda ctx: {"uidb36": "1", "key": "set-password"},
    "mfa_remove_webauthn": _own_authenticator,
    "mfa_edit_webauthn": _own_authenticator,
    "admin:app_list": lambda ctx: {"app_label": "accounts"},
    # The admin's catch-all adds the missing slash to a page that exists
    # (a redirect); for anything else it answers 404 to everyone, which
    # would tell the matrix nothing about who may reach it.
    "admin/(?P<url>.*)$": lambda ctx: {"url": "accounts/user"},
}


# --- housing -----------------------------------------------------------------------
# Kept here until housing/tests/route_samples.py takes them over.


def _housing_world(ctx: SampleContext) -> dict[str, Any]:
    """An offer in municipality A with a cleared dwelling, a measure and a partner."""
    if "housing" not in ctx.cache:
        from housing.models import ClearanceRecommendation
        from tests.factories import (
            ClearanceFactory,
            DwellingFactory,
            OfferFactory,
            PartnerFactory,
        )

        offer = OfferFactory(municipality=ctx.orgs["municipality_a"], name="Tilbud A")
        dwelling = DwellingFactory(offer=offer, label="A-1")
        clearance: Any = ClearanceFactory(dwelling=dwelling, recorded_by=ctx.cast["coordinator"])
        ctx.cache["housing"] = {
            "offer": offer,
            "dwelling": dwelling,
            "recommendation": ClearanceRecommendation.objects.create(
                clearance=clearance, text="Skift lås", is_synthetic=True
            ),
            "partner": PartnerFactory(offer=offer),
        }
    world: dict[str, Any] = ctx.cache["housing"]
    return world


def _housing(kind: str) -> Sample:
    return lambda ctx: {"pk": _housing_world(ctx)[kind].pk}


HOUSING_SAMPLES: dict[str, Sample] = {
    **{
        f"housing:{name}": _housing("offer")
        for name in ("offer_detail", "offer_edit", "dwelling_create", "partner_create")
    },
    **{
        f"housing:{name}": _housing("dwelling")
        for name in (
            "dwelling_detail",
            "dwelling_address",
            "dwelling_places",
            "dwelling_take_out_of_use",
            "clearance_create",
        )
    },
    "housing:recommendation_done": _housing("recommendation"),
    "housing:contact_create": _housing("partner"),
}


# --- referrals ---------------------------------------------------------------------
# Kept here until referrals/tests/route_samples.py takes them over. The same
# case as referrals/tests/conftest.py: assessed, consented, threat-assessed
# and proposed to a place in municipality A.


def _referral_world(ctx: SampleContext) -> dict[str, Any]:
    if "referrals" not in ctx.cache:
        import datetime as dt

        from core import dates
        from referrals import services
        from referrals.models import Consent
        from tests import factories as f

        coordinator = ctx.cast["coordinator"]
        place = f.cleared_place(municipality=ctx.orgs["municipality_a"], by=coordinator)
        assessment: Any = f.AssessmentFactory.create(assessed_by_user=coordinator)
        f.ConsentFactory.create(person=assessment.person, recorded_by=coordinator)
        consent = f.ConsentFactory.create(
            person=assessment.person,
            recorded_by=coordinator,
            purpose=Consent.Purpose.RECEIVING_OFFER,
            recipient_kind=Consent.RecipientKind.MUNICIPALITY,
            recipient_organisation=ctx.orgs["municipality_a"],
        )
        threat = f.ThreatAssessmentFactory.create(
            assessment=assessment, written_by=ctx.cast["police_representative"]
        )
        allocation = services.allocation_propose(
            assessment=assessment,
            place=place,
            expected_arrival_on=dates.today() + dt.timedelta(days=3),
            arrival_notes="",
            by=coordinator,
        )
        ctx.cache["referrals"] = {
            "inquiry": f.InquiryFactory.create(registered_by=coordinator),
            "assessment": assessment,
            "consent": consent,
            "threat": threat,
            "allocation": allocation,
        }
    world: dict[str, Any] = ctx.cache["referrals"]
    return world


def _referral(kind: str) -> Sample:
    return lambda ctx: {"pk": _referral_world(ctx)[kind].pk}


REFERRAL_SAMPLES: dict[str, Sample] = {
    **{
        f"referrals:{name}": _referral("inquiry")
        for name in ("inquiry_detail", "inquiry_correct", "inquiry_no_place", "assessment_create")
    },
    **{
        f"referrals:{name}": _referral("assessment")
        for name in (
            "assessment_detail",
            "assessment_correct",
            "assessment_withdraw",
            "consent_create",
            "share_with_police",
            "threat_create",
            "match",
        )
    },
    "referrals:consent_withdraw": _referral("consent"),
    "referrals:threat_detail": _referral("threat"),
    "referrals:allocation_withdraw": _referral("allocation"),
    "referrals:package": _referral("allocation"),
}

# --- access ------------------------------------------------------------------------
# The authorization matrix's world has every kind of the access app (and the
# dwelling and offer they point to); the walk takes its "own" objects.


def _matrix(kind: str) -> Sample:
    def sample(ctx: SampleContext) -> dict[str, Any]:
        from access.tests.matrix import World

        world = ctx.cache.setdefault("matrix-world", World(ctx))
        obj = world.get(kind, "own")
        assert obj is not None
        return {"pk": obj.pk}

    return sample


ACCESS_SAMPLES: dict[str, Sample] = {
    "access:break_glass_opened": _matrix("break_glass"),
    "access:break_glass_review": _matrix("break_glass"),
    **{
        f"access:{name}": _matrix("approval")
        for name in ("approval_detail", "approval_approve", "approval_reject")
    },
    "access:address_request": _matrix("dwelling"),
    "access:resident_export": _matrix("offer"),
    "access:resident_export_download": _matrix("offer"),
}

_ADMIN_OBJECT = re.compile(r"^admin/(\w+)/(\w+)/<(?:path:)?(object_id|id)>/")


def _admin_object(route: Route) -> Sample | None:
    """Admin change/delete/history pages: the first object of the page's model."""
    match = _ADMIN_OBJECT.match(route.route)
    if not match:
        return None
    app_label, model_name, param = match.groups()
    model = apps.get_model(app_label, model_name)

    def sample(ctx: SampleContext) -> dict[str, Any]:
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {model._meta.label} to open {route.route}"
        return {param: obj.pk}

    return sample


def discover() -> dict[str, Sample]:
    """Every app's ``SAMPLES`` merged with the foundation's."""
    samples = dict(FOUNDATION_SAMPLES)
    if apps.is_installed("housing"):
        samples.update(HOUSING_SAMPLES)
    if apps.is_installed("referrals"):
        samples.update(REFERRAL_SAMPLES)
    samples.update(ACCESS_SAMPLES)
    for config in apps.get_app_configs():
        module_name = f"{config.name}.tests.route_samples"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        samples.update(getattr(module, "SAMPLES", {}))
    return samples


def sample_for(route: Route, samples: dict[str, Sample]) -> Sample | None:
    """How to fill the route's parameters, or None when nobody said."""
    if not route.params:
        return lambda ctx: {}
    if route.key in samples:
        return samples[route.key]
    return _admin_object(route)
