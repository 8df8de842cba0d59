"""Derived facts about a stay that the pages and other apps share.

Public API other apps may call:

* ``phase(stay, on)``: just_arrived / mid_stay / extended / moved_out /
  aftercare / closed / allocated / withdrawn.
* ``nine_months_end(stay)``, ``followup_ends_on(stay)``, ``milestones(stay)``
  (the three milestone report deadlines of platform §4b, from core.dates).
* ``markers(stay, on)``: the stay's own overdue warnings (9 months, planned
  move-out); ``deadline_markers`` adds the reports and evaluations still owed.

These take a stay the caller has already fetched through the policy
(``stays.selectors.pages``); the page that shows them records the read.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from access import policy
from core import dates
from stays.models import Stay, TransferItem

# The arrival period the timetable covers: the first two weeks.
JUST_ARRIVED_DAYS = 14
FOLLOWUP_MONTHS = 9
DUE_SOON_DAYS = 14


class Phase:
    ALLOCATED = "allocated"
    JUST_ARRIVED = "just_arrived"
    MID_STAY = "mid_stay"
    EXTENDED = "extended"
    MOVED_OUT = "moved_out"
    AFTERCARE = "aftercare"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


# (label, tag kind) per phase: tags always carry text (UX.md).
PHASE_LABELS: dict[str, tuple[Any, str]] = {
    Phase.ALLOCATED: (_("Venter på innflytting"), "info"),
    Phase.JUST_ARRIVED: (_("Nylig flyttet inn"), "info"),
    Phase.MID_STAY: (_("Bor i botilbudet"), "neutral"),
    Phase.EXTENDED: (_("Forlenget opphold"), "warning"),
    Phase.MOVED_OUT: (_("Flyttet ut"), "neutral"),
    Phase.AFTERCARE: (_("Ettervern"), "info"),
    Phase.CLOSED: (_("Avsluttet"), "success"),
    Phase.WITHDRAWN: (_("Trakk seg"), "neutral"),
}


def nine_months_end(stay: Stay) -> dt.date | None:
    """The day the ordinary 9-month follow-up ends (calendar months from moving in)."""
    if stay.moved_in_on is None:
        return None
    return dates.add_months(stay.moved_in_on, FOLLOWUP_MONTHS)


def followup_ends_on(stay: Stay) -> dt.date | None:
    """The ordinary end, or the recorded extension when there is one."""
    end = nine_months_end(stay)
    if end is None:
        return None
    if stay.extended_until and stay.extended_until > end:
        return stay.extended_until
    return end


def phase(stay: Stay, on: dt.date | None = None) -> str:
    """Where the stay is on ``on`` (default today). Shared with followup and reporting."""
    day = on or dates.today()
    if stay.status == Stay.Status.WITHDRAWN:
        return Phase.WITHDRAWN
    if stay.status == Stay.Status.CLOSED:
        return Phase.CLOSED
    if stay.moved_in_on is None or stay.status == Stay.Status.ALLOCATED or day < stay.moved_in_on:
        return Phase.ALLOCATED
    if stay.moved_out_on is not None and day >= stay.moved_out_on:
        if (
            stay.aftercare_from is not None
            and stay.aftercare_from <= day
            and (stay.aftercare_until is None or day <= stay.aftercare_until)
        ):
            return Phase.AFTERCARE
        return Phase.MOVED_OUT
    if dates.days_between(stay.moved_in_on, day) < JUST_ARRIVED_DAYS:
        return Phase.JUST_ARRIVED
    end = nine_months_end(stay)
    if end is not None and day >= end and stay.extended_until is not None:
        return Phase.EXTENDED
    return Phase.MID_STAY


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


def milestone_due_dates(stay: Stay) -> dict[str, dt.date]:
    """Due dates per milestone code; reporting's rule when that app is installed.

    Codes: ``three_months``, ``before_move_out``, ``nine_months`` (the same
    as ``reporting.models.MilestoneKind``).
    """
    if stay.moved_in_on is None:
        return {}
    if apps.is_installed("reporting"):
        from reporting.deadlines import milestone_due_dates as reporting_due_dates

        return {
            str(code): due
            for code, due in reporting_due_dates(
                moved_in_on=stay.moved_in_on,
                planned_move_out_on=stay.planned_move_out_on,
                moved_out_on=stay.moved_out_on,
            ).items()
        }
    owed = {
        "three_months": dates.deadline(dates.add_months(stay.moved_in_on, 3)),
        "nine_months": dates.deadline(dates.add_months(stay.moved_in_on, FOLLOWUP_MONTHS)),
    }
    if stay.planned_move_out_on is not None:
        owed["before_move_out"] = dates.deadline(dates.add_months(stay.planned_move_out_on, -1))
    if stay.moved_out_on is not None:
        owed = {code: due for code, due in owed.items() if due <= stay.moved_out_on}
    return owed


def milestones(stay: Stay, on: dt.date | None = None) -> list[Milestone]:
    """The three milestone report deadlines (platform §4b, docs/stay-contract.md).

    3 months after moving in, 1 month before the planned move-out and 9 months
    after moving in, each moved to the next working day. Sorted by date.
    """
    day = on or dates.today()
    if stay.moved_in_on is None:
        return []
    result = []
    for code, due in milestone_due_dates(stay).items():
        result.append(
            Milestone(
                code=code,
                label=str(MILESTONE_LABELS[code]),
                due_on=due,
                passed=due < day,
                due_soon=day <= due <= day + dt.timedelta(days=DUE_SOON_DAYS),
            )
        )
    return sorted(result, key=lambda m: m.due_on)


@dataclass
class Marker:
    text: str
    kind: str


def markers(stay: Stay, on: dt.date | None = None) -> list[Marker]:
    """Overdue and due-soon warnings for a stay still being followed up."""
    day = on or dates.today()
    found: list[Marker] = []
    if stay.status != Stay.Status.LIVING:
        return found
    end = nine_months_end(stay)
    if (
        end is not None
        and day >= end
        and (stay.extended_until is None or day > stay.extended_until)
    ):
        found.append(Marker(str(_("Over 9 måneder uten forlengelse")), "danger"))
    if stay.planned_move_out_on is not None and stay.planned_move_out_on < day:
        found.append(Marker(str(_("Planlagt utflytting er passert")), "danger"))
    return found


def deadline_markers(
    *, stays: list[Stay], fetched_by: Any, on: dt.date | None = None
) -> dict[int, list[Marker]]:
    """Stay pk -> markers for the milestone reports and plan evaluations still owed.

    Reporting owns the deadlines (it knows which reports were sent); without
    it, or for a user who owes nothing, there are none.
    """
    if not apps.is_installed("reporting"):
        return {}
    module = importlib.import_module("reporting.selectors")
    owed = module.open_deadlines(fetched_by=fetched_by, objects=stays, today=on)
    return {
        pk: [
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
        for pk, deadlines in owed.items()
    }


def is_overdue(stay: Stay, on: dt.date | None = None) -> bool:
    """Still living past the 9 months without an extension, or past the planned move-out."""
    return any(m.kind == "danger" for m in markers(stay, on))


# --- hooks into followup (security measures, contacts, action plan) ------------
# The followup app owns these; the overview shows them when it is installed.
# Access: the caller has fetched the stay for VIEW_RESIDENTS (the offer's own
# staff); we also require the user to hold followup's VIEW_FOLLOWUP.


def _followup(fetched_by: Any) -> Any:
    if not apps.is_installed("followup") or not policy.has_perm(fetched_by, "view_followup"):
        return None
    try:
        return importlib.import_module("followup.selectors")
    except ImportError:
        return None


def followup_available(fetched_by: Any) -> bool:
    """Does the overview show this user the follow-up facts (measures, contacts, plan)?"""
    return _followup(fetched_by) is not None


def open_measures(*, stay: Stay, fetched_by: Any) -> list[Any]:
    """Open security measures (``followup.selectors.open_measures``); [] without followup."""
    module = _followup(fetched_by)
    if module is None or not hasattr(module, "open_measures"):
        return []
    return list(module.open_measures(stay, fetched_by=fetched_by))


def last_contacts(*, stay: Stay, fetched_by: Any, limit: int = 3) -> list[Any]:
    """The latest contacts, no notes (``followup.selectors.last_contacts``); [] without followup."""
    module = _followup(fetched_by)
    if module is None or not hasattr(module, "last_contacts"):
        return []
    return list(module.last_contacts(stay, limit, fetched_by=fetched_by))


def plan_status(*, stay: Stay, fetched_by: Any) -> dt.date | None:
    """When the action plan is next due for evaluation (followup); None when unknown."""
    module = _followup(fetched_by)
    if module is None or not hasattr(module, "next_plan_evaluation_due"):
        return None
    due = module.next_plan_evaluation_due(stay)
    return due if isinstance(due, dt.date) else None


def followup_links(*, stay: Stay, fetched_by: Any) -> list[tuple[str, str]]:
    """Links to the stay's followup pages (security, plan, contacts) when they exist."""
    if _followup(fetched_by) is None:
        return []
    links = []
    for name, label in (
        ("followup:security", _("Sikkerhet og tiltak")),
        ("followup:plan", _("Handlingsplan")),
        ("followup:areas", _("Oppfølgingsområdene")),
        ("followup:contacts", _("Kontaktlogg")),
    ):
        try:
            links.append((str(label), reverse(name, args=[stay.pk])))
        except NoReverseMatch:
            continue
    return links


@dataclass
class ResidentRow:
    stay: Stay
    phase: str
    phase_label: str
    phase_kind: str
    days_since_arrival: int | None
    days_left: int | None
    markers: list[Marker] = field(default_factory=list)

    @property
    def days_over(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def overdue(self) -> bool:
        return any(m.kind == "danger" for m in self.markers)


def resident_row(
    stay: Stay, on: dt.date | None = None, deadlines: list[Marker] | None = None
) -> ResidentRow:
    """One row of a resident list; ``deadlines`` from ``deadline_markers`` for this stay."""
    day = on or dates.today()
    current = phase(stay, day)
    label, kind = PHASE_LABELS[current]
    since = None
    left = None
    if stay.moved_in_on is not None:
        last = stay.moved_out_on if stay.moved_out_on and stay.moved_out_on < day else day
        since = dates.days_between(stay.moved_in_on, last)
        end = followup_ends_on(stay)
        if end is not None and stay.status == Stay.Status.LIVING:
            left = dates.days_between(day, end)
    return ResidentRow(
        stay=stay,
        phase=current,
        phase_label=str(label),
        phase_kind=kind,
        days_since_arrival=since,
        days_left=left,
        markers=[*markers(stay, day), *(deadlines or [])],
    )


@dataclass
class Progress:
    """Days since arrival against the 9-month (or extended) follow-up, for the bar."""

    days_since: int
    days_total: int
    days_left: int
    percent: int
    ends_on: dt.date


def progress(stay: Stay, on: dt.date | None = None) -> Progress | None:
    day = on or dates.today()
    end = followup_ends_on(stay)
    if stay.moved_in_on is None or end is None:
        return None
    last = stay.moved_out_on if stay.moved_out_on and stay.moved_out_on < day else day
    total = max(dates.days_between(stay.moved_in_on, end), 1)
    since = max(dates.days_between(stay.moved_in_on, last), 0)
    return Progress(
        days_since=since,
        days_total=total,
        days_left=dates.days_between(last, end),
        percent=min(100, round(100 * since / total)),
        ends_on=end,
    )


def transfer_rows(stay: Stay) -> list[TransferItem]:
    """All six checklist points in a fixed order; unsaved rows for points not yet touched."""
    saved = {t.item: t for t in stay.transfer_items.all()}
    return [
        saved.get(code) or TransferItem(stay=stay, item=code) for code in TransferItem.Item.values
    ]
