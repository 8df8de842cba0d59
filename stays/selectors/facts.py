"""Derived facts about a stay that the pages and other apps share.

Public API other apps may call:

* ``phase(stay, on)``: just_arrived / mid_stay / extended / moved_out /
  aftercare / closed / allocated / withdrawn.
* ``nine_months_end(stay)``, ``followup_ends_on(stay)``.
* ``markers(stay, on)``: the stay's own overdue warnings (9 months, planned
  move-out). The reports and evaluations still owed are reporting's and
  followup's; the pages that show them with these (the resident list and
  overview) compose them in ``oversight.residents``.

These take a stay the caller has already fetched through the policy
(``stays.selectors.pages``); the page that shows them records the read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from core import dates
from stays.models import Stay, TransferItem

# The arrival period the timetable covers: the first two weeks.
JUST_ARRIVED_DAYS = 14
FOLLOWUP_MONTHS = 9


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


def is_overdue(stay: Stay, on: dt.date | None = None) -> bool:
    """Still living past the 9 months without an extension, or past the planned move-out."""
    return any(m.kind == "danger" for m in markers(stay, on))


@dataclass
class ResidentRow:
    stay: Stay
    phase: str
    phase_label: str
    phase_kind: str
    days_since_arrival: int | None
    days_left: int | None
    markers: list[Marker] = field(default_factory=list)
    # How the viewer sees the resident (stays.selectors.naming); set by the list's selector.
    label: str = ""

    @property
    def days_over(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def overdue(self) -> bool:
        return any(m.kind == "danger" for m in self.markers)


def resident_row(
    stay: Stay, on: dt.date | None = None, deadlines: list[Marker] | None = None
) -> ResidentRow:
    """One row of a resident list; ``deadlines``: markers of what is owed for this stay."""
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
    # Day N of the stay: the move-in day is day 1 (the header's «dag N av 9 måneder»).
    day: int
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
        day=since + 1,
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
