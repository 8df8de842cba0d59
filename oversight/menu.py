"""The main menu (hovedmeny): on every page, the few places each person works from.

Derived like the start page's links: an entry is shown when the user may open
its route now (``policy.url_requirement`` and ``policy.route_allows``, i.e. the
access table), so there is no menu per role to keep in step. Short labels, the
most used first; the start page keeps the full list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access import policy
from accounts.actors import Viewer, signed_in


@dataclass(frozen=True)
class MenuEntry:
    label: Any  # a lazy translation
    url_name: str


ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry(_("Arbeidsbenk"), "referrals:workbench"),
    MenuEntry(_("Henvendelser"), "referrals:inquiry_list"),
    MenuEntry(_("Trusselvurderinger"), "referrals:police_queue"),
    MenuEntry(_("Forslag om tildeling"), "referrals:inbox"),
    MenuEntry(_("Beboere"), "stays:resident_list"),
    MenuEntry(_("Beboere i distriktet"), "stays:security_list"),
    MenuEntry(_("Mine frister"), "reporting:my_deadlines"),
    MenuEntry(_("Rapporter"), "reporting:inbox"),
    MenuEntry(_("Kapasitet"), "housing:capacity"),
    MenuEntry(_("Statistikk"), "reporting:statistics"),
)


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool


def menu_for(user: Viewer, *, path: str = "") -> list[MenuLink]:
    """The entries ``user`` may open now, in order; none for anyone not signed in."""
    if signed_in(user) is None:
        return []
    links = []
    for entry in ENTRIES:
        if not policy.route_allows(user, policy.url_requirement(entry.url_name)):
            continue
        url = reverse(entry.url_name)
        links.append(MenuLink(str(entry.label), url, path == url or path.startswith(url)))
    return links


def main_menu(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``main_menu``, the signed-in user's entries."""
    user = getattr(request, "user", None)
    return {"main_menu": menu_for(user, path=request.path)}
