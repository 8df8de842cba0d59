"""The resident header (toppen av beboersiden): who, where, which stage, which day, and the tabs.

Every resident page (the overview and its forms, the follow-up pages, the
stay's reports) shows the same header, built here and drawn by one include
(``stays/_resident_header.html``). The label is the naming rule's
(``stays.selectors.naming``: name or pseudonym, the name audited); the day
count uses the 9-month rule (``nine_months_end``) and stops at move-out; a
tab is shown when the viewer may open its route for this stay (the route's
required permissions, read from the view's tag as the start page does, and
each checked on the stay's row through the policy), never by role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

from access import policy
from accounts.actors import Viewer
from audit.services import Read
from core import dates
from stays import tabs as stay_tabs
from stays.models import Stay
from stays.selectors.facts import PHASE_LABELS, nine_months_end, phase, progress
from stays.selectors.naming import resident_label

# Any id does: a route's requirement is its view's tag, not the object's.
_ANY_ID = 1


@dataclass(frozen=True)
class Tab:
    label: str
    url: str
    # aria-current: "page" on the tab's own page, "true" on a page under it, else "".
    current: str


@dataclass
class ResidentHeader:
    label: str
    offer: str
    municipality: str
    status_label: str
    status_kind: str
    # «dag N av 9 måneder»: only while living there (None before and after).
    day: int | None
    nine_months_end: dt.date | None
    tabs: list[Tab] = field(default_factory=list)


def _tab_allowed(user: Viewer, spec: stay_tabs.TabSpec, stay: Stay) -> bool:
    requirement = policy.url_requirement(spec.url_name, _ANY_ID)
    if not isinstance(requirement, tuple) or not policy.route_allows(user, requirement):
        return False
    row = apps.get_model(spec.model)(pk=stay.pk)
    return all(policy.can(user, perm, row) for perm in requirement)


def header_tabs(stay: Stay, *, fetched_by: Viewer, current: str) -> list[Tab]:
    """The tabs ``fetched_by`` may open for this stay; ``current`` is the page's route name."""
    found = []
    for spec in stay_tabs.tabs():
        if not _tab_allowed(fetched_by, spec, stay):
            continue
        if current == spec.url_name and not spec.anchor:
            state = "page"
        elif current in spec.covers:
            state = "true"
        else:
            state = ""
        found.append(
            Tab(str(spec.label), reverse(spec.url_name, args=[stay.pk]) + spec.anchor, state)
        )
    return found


def resident_day(stay: Stay, on: dt.date | None = None) -> int | None:
    """Day N of the stay (the move-in day is day 1) while living there; None otherwise."""
    day = on or dates.today()
    if stay.status != Stay.Status.LIVING or stay.moved_in_on is None or day < stay.moved_in_on:
        return None
    if stay.moved_out_on is not None and day >= stay.moved_out_on:
        return None
    counted = progress(stay, day)
    return counted.day if counted else None


def resident_header(
    stay: Stay,
    *,
    fetched_by: Viewer,
    current: str,
    request: HttpRequest | None = None,
    covered_by: Read | None = None,
    on: dt.date | None = None,
) -> ResidentHeader:
    """The header of a resident page for a stay the caller fetched through the policy.

    ``covered_by``: the page's own read, when it already names the person
    (``stays.selectors.naming``); otherwise a shown name is recorded here.
    """
    label, kind = PHASE_LABELS[phase(stay, on)]
    return ResidentHeader(
        label=resident_label(stay, fetched_by=fetched_by, request=request, covered_by=covered_by),
        offer=stay.offer.name,
        municipality=stay.offer.municipality.name,
        status_label=str(label),
        status_kind=kind,
        day=resident_day(stay, on),
        nine_months_end=nine_months_end(stay),
        tabs=header_tabs(stay, fetched_by=fetched_by, current=current),
    )
