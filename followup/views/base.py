"""What the follow-up pages share: the tabs, the «show» switch, and running a service with a form.

Thin like every follow-up page (``followup.views``): the stay through
``selectors.stay_get``, what the page shows through an auditing page
selector, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from stays import selectors as stay_selectors

SHOW = "vis"


def _overview_url(stay: Any) -> str:
    """The resident overview the follow-up tabs lead back to."""
    return reverse("stays:overview", args=[stay.pk])


def _context(
    request: AuthenticatedRequest, stay: Any, current: str, **extra: Any
) -> dict[str, Any]:
    user = request.user
    tabs = []
    for name, label, perm in (
        ("followup:security", _("Sikkerhetssamtale"), Perm.VIEW_SECURITY_MEASURES),
        ("followup:measures", _("Sikkerhetstiltak"), Perm.VIEW_SECURITY_MEASURES),
        ("followup:plan", _("Handlingsplan"), Perm.VIEW_FOLLOWUP),
        ("followup:areas", _("Oppfølgingsområder"), Perm.VIEW_FOLLOWUP),
        ("followup:contacts", _("Kontaktlogg"), Perm.VIEW_FOLLOWUP),
    ):
        if policy.can(user, perm, stay):
            tabs.append(
                {"url": reverse(name, args=[stay.pk]), "label": label, "current": name == current}
            )
    return {
        "stay": stay,
        # The resident header (name or pseudonym, stage, day, the stay's tabs):
        # the follow-up pages' reads do not name the person, so a shown name
        # is recorded by the header's naming rule.
        "header": stay_selectors.resident_header(
            stay, fetched_by=user, current=current, request=request
        ),
        "tabs": tabs,
        "overview_url": _overview_url(stay),
        "today": dates.today(),
        **extra,
    }


def _showing(request: AuthenticatedRequest) -> bool:
    return request.GET.get(SHOW) == "1"
