"""The resident overview and list (beboeroversikt, beboerliste): a stay with what other apps owe it.

A stay's own facts are ``stays.selectors`` (phase, progress, markers). The
pages also show what followup knows (open security measures, the latest
contacts, the action plan's next evaluation, links to the follow-up pages) and
what reporting knows (the milestone reports and evaluations still owed) and
what decisions knows (decisions with an open appeal deadline, the individual
plan); these apps sit above stays, so the pages are composed here.

Access: the caller has fetched the stay for VIEW_RESIDENTS (the offer's own
staff); the follow-up facts also need followup's VIEW_FOLLOWUP, and each
followup and reporting selector asks the policy itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from decisions import selectors as decision_selectors
from followup import selectors as followup_selectors
from reporting import selectors as reporting_selectors
from reporting.deadlines import milestone_due_dates
from stays import reads
from stays import selectors as stay_selectors
from stays.models import Stay
from stays.selectors import Marker, ResidentRow

DUE_SOON_DAYS = 14


@dataclass
class Milestone:
    code: str
    label: str
    due_on: dt.date
    passed: bool
    due_soon: bool


MILESTONE_LABELS = {
    "three_months": _("Rapport etter 3 måneder: plan for flytting til permanent bolig"),
    "before_move_out": _("Rapport 1 måned før planlagt utflytting: status"),
    "nine_months": _("Rapport etter 9 måneder: ledig plass"),
}


def milestones(stay: Stay, on: dt.date | None = None) -> list[Milestone]:
    """The three milestone report deadlines (platform §4b, docs/stay-contract.md).

    3 months after moving in, 1 month before the planned move-out and 9 months
    after moving in, each moved to the next working day (reporting's rule,
    ``reporting.deadlines``). Sorted by date.
    """
    day = on or dates.today()
    if stay.moved_in_on is None:
        return []
    owed = milestone_due_dates(
        moved_in_on=stay.moved_in_on,
        planned_move_out_on=stay.planned_move_out_on,
        moved_out_on=stay.moved_out_on,
    )
    result = [
        Milestone(
            code=str(code),
            label=str(MILESTONE_LABELS[str(code)]),
            due_on=due,
            passed=due < day,
            due_soon=day <= due <= day + dt.timedelta(days=DUE_SOON_DAYS),
        )
        for code, due in owed.items()
    ]
    return sorted(result, key=lambda m: m.due_on)


def deadline_markers(
    *, stays: list[Stay], fetched_by: Viewer, on: dt.date | None = None
) -> dict[int, list[Marker]]:
    """Stay pk -> markers for the milestone reports and plan evaluations still owed.

    Reporting owns the deadlines (it knows which reports were sent); for a
    user who owes nothing there are none.
    """
    owed = reporting_selectors.open_deadlines(fetched_by=fetched_by, objects=stays, today=on)
    return {pk: markers_of(deadlines) for pk, deadlines in owed.items()}


def markers_of(deadlines: list[Any]) -> list[Marker]:
    """One tag per open deadline: overdue in red, due or due soon in yellow."""
    return [
        Marker(
            str(
                _("Forfalt %(date)s: %(what)s")
                if d.state == "overdue"
                else _("Frist %(date)s: %(what)s")
            )
            % {"date": d.due_on.strftime("%d.%m.%Y"), "what": d.short_title},
            "danger" if d.state == "overdue" else "warning",
        )
        for d in deadlines
    ]


def resident_rows(
    *,
    fetched_by: Viewer,
    include_finished: bool = False,
    phase: str = "",
    sort: str = "",
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> list[ResidentRow]:
    """The resident list's rows with the reports still owed (``stays.selectors.resident_rows``)."""
    day = today or dates.today()
    return stay_selectors.resident_rows(
        fetched_by=fetched_by,
        include_finished=include_finished,
        phase=phase,
        sort=sort,
        today=day,
        request=request,
        deadlines=lambda stays: deadline_markers(stays=stays, fetched_by=fetched_by, on=day),
    )


def followup_available(fetched_by: Viewer) -> bool:
    """Does the overview show this user the follow-up facts (measures, contacts, plan)?"""
    return policy.has_perm(fetched_by, Perm.VIEW_FOLLOWUP)


def overview(*, fetched_by: Viewer, pk: int, request: HttpRequest | None = None) -> Stay:
    """The resident overview's stay; the read names the follow-up facts when the user sees them."""
    stay = stay_selectors.stay_get(fetched_by=fetched_by, pk=pk)
    shown = [
        *(reads.OVERVIEW_FOLLOWUP if followup_available(fetched_by) else ()),
        *(reads.OVERVIEW_DECISIONS if decision_selectors.may_view(stay, fetched_by) else ()),
    ]
    reads.OVERVIEW.record(actor=fetched_by, objects=[stay], request=request, shown=shown)
    return stay


def open_measures(*, stay: Stay, fetched_by: Viewer) -> list[Any]:
    """Open security measures (``followup.selectors.open_measures``)."""
    if not followup_available(fetched_by):
        return []
    return list(followup_selectors.open_measures(stay, fetched_by=fetched_by))


def last_contacts(*, stay: Stay, fetched_by: Viewer, limit: int = 3) -> list[Any]:
    """The latest contacts, no notes (``followup.selectors.last_contacts``)."""
    if not followup_available(fetched_by):
        return []
    return list(followup_selectors.last_contacts(stay, limit, fetched_by=fetched_by))


def plan_status(*, stay: Stay, fetched_by: Viewer) -> dt.date | None:
    """When the action plan is next due for evaluation (followup); None when unknown."""
    if not followup_available(fetched_by):
        return None
    return followup_selectors.next_plan_evaluation_due(stay)


def decisions_summary(*, stay: Stay, fetched_by: Viewer) -> decision_selectors.Summary | None:
    """Decisions, open appeal deadlines and the individual plan at a glance (decisions).

    None when the user may not see them; the overview's read names what it shows.
    """
    return decision_selectors.summary(stay=stay, fetched_by=fetched_by)


def followup_links(*, stay: Stay, fetched_by: Viewer) -> list[tuple[str, str]]:
    """Links to the stay's followup pages (security, plan, areas, contacts)."""
    if not followup_available(fetched_by):
        return []
    return [
        (str(label), reverse(name, args=[stay.pk]))
        for name, label in (
            ("followup:security", _("Sikkerhet og tiltak")),
            ("followup:plan", _("Handlingsplan")),
            ("followup:areas", _("Oppfølgingsområdene")),
            ("followup:contacts", _("Kontaktlogg")),
        )
    ]
