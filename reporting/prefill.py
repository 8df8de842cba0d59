"""What a milestone report (milepælsrapport) starts from: the stay's own record.

The municipality has already written the plan for a permanent home on the
stay (``stays.Stay.housing_plan``), keeps the status of the follow-up areas
(``followup.FollowupArea``) and, at closure, the seven goal indicators
(``stays.GoalIndicatorAssessment``). The form opens with that text so nothing
is typed twice; the user edits it and nothing is sent until they press send.

Only plain statuses and dates are copied into the status text, never the
follow-up workers' notes: the report goes to the directorate, which needs the
state of the work, not its content. Each prefill names the fields it read, so
the form's read (``reporting.reads.MILESTONE_FORM``) logs exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from followup.models import AreaStatus, FollowupArea
from reporting.models import MilestoneKind
from stays.models import GOAL_INDICATORS, Achievement, Stay

INDICATOR_FIELDS = tuple(f"goal_indicators.{name}" for name, _label in GOAL_INDICATORS)
_STAY_STATUS = ("status", "moved_in_on", "planned_move_out_on")
_AREAS = ("followup_areas.area", "followup_areas.status")


@dataclass
class Prefill:
    """The form's initial values and the stay's fields they were read from."""

    initial: dict[str, Any] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)

    def read(self, *names: str) -> None:
        self.fields.extend(n for n in names if n not in self.fields)


def _day(value: Any) -> str:
    return str(date_format(value, "j. F Y"))


def _status_text(stay: Any, prefill: Prefill) -> str:
    """Status in plain words: where the stay is, the follow-up areas and the indicators."""
    lines = [str(_("Status: %(status)s.") % {"status": Stay.Status(stay.status).label})]
    prefill.read(*_STAY_STATUS)
    if stay.moved_in_on:
        lines.append(str(_("Flyttet inn: %(day)s.") % {"day": _day(stay.moved_in_on)}))
    if stay.planned_move_out_on:
        lines.append(
            str(_("Planlagt utflytting: %(day)s.") % {"day": _day(stay.planned_move_out_on)})
        )
    areas = [
        a
        for a in FollowupArea.objects.filter(stay_id=stay.pk).order_by("pk")
        if a.status != AreaStatus.NOT_RELEVANT
    ]
    prefill.read(*_AREAS)
    if areas:
        lines.append("")
        lines.append(str(_("Oppfølgingsområder:")))
        lines += [f"- {a.get_area_display()}: {a.get_status_display()}" for a in areas]
    try:
        indicators = stay.goal_indicators
    except ObjectDoesNotExist:
        indicators = None
    if indicators is not None:
        prefill.read(*INDICATOR_FIELDS)
        lines.append("")
        lines.append(str(_("Måloppnåelse:")))
        for name, label in GOAL_INDICATORS:
            value = getattr(indicators, name)
            if value:
                lines.append(f"- {label}: {Achievement(value).label}")
    return "\n".join(lines)


def milestone_prefill(*, stay: Any, kind: str) -> Prefill:
    """The initial values of the form for ``kind`` and the fields read for them."""
    prefill = Prefill()
    if kind == MilestoneKind.THREE_MONTHS:
        prefill.read("housing_plan")
        prefill.initial["housing_plan"] = stay.housing_plan or ""
        prefill.initial["status_text"] = _status_text(stay, prefill)
    elif kind == MilestoneKind.BEFORE_MOVE_OUT:
        prefill.initial["status_text"] = _status_text(stay, prefill)
    else:
        prefill.read("moved_out_on")
        prefill.initial["place_vacant"] = "yes" if stay.moved_out_on else "no"
        prefill.initial["vacant_from"] = stay.moved_out_on
    return prefill
