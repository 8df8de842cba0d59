"""What the follow-up pages share: the tabs, the «show» switch, and running a service with a form.

Thin like every follow-up page (``followup.views``): the stay through
``selectors.stay_get``, what the page shows through an auditing page
selector, writes through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from core import dates

SHOW = "vis"


def _save(form: Form, action: Callable[[], Any]) -> bool:
    """Run a service with a valid form; put its ValidationError on the form's fields."""
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def _overview_url(stay: Any) -> str | None:
    """The stays app's resident overview, once it exists."""
    for name in ("stays:overview", "stays:detail", "stays:stay_detail"):
        try:
            return reverse(name, args=[stay.pk])
        except NoReverseMatch:
            continue
    return None


def _context(request: HttpRequest, stay: Any, current: str, **extra: Any) -> dict[str, Any]:
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
        "tabs": tabs,
        "overview_url": _overview_url(stay),
        "today": dates.today(),
        **extra,
    }


def _showing(request: HttpRequest) -> bool:
    return request.GET.get(SHOW) == "1"
