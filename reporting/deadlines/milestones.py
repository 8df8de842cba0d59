"""The milestone reports a stay owes (platform §4b) and which stays may still owe one.

Part of the deadlines (``reporting.deadlines``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.urls import reverse

from core import dates
from reporting.deadlines.base import Deadline, Kind, state_for
from reporting.models import MilestoneKind, MilestoneReport

# --- milestone reports ----------------------------------------------------------


def milestone_due_dates(
    *,
    moved_in_on: dt.date | None,
    planned_move_out_on: dt.date | None,
    moved_out_on: dt.date | None = None,
) -> dict[str, dt.date]:
    """The milestone reports a stay owes and when (platform §4b).

    3 and 9 months after moving in, one month before the planned move-out.
    A report whose date falls after the actual move-out is not owed, except
    that an early move-out still owes nothing more than what fell due first.
    """
    if moved_in_on is None:
        return {}
    owed: dict[str, dt.date] = {
        MilestoneKind.THREE_MONTHS: dates.deadline(dates.add_months(moved_in_on, 3)),
        MilestoneKind.NINE_MONTHS: dates.deadline(dates.add_months(moved_in_on, 9)),
    }
    if planned_move_out_on is not None:
        owed[MilestoneKind.BEFORE_MOVE_OUT] = dates.deadline(
            dates.add_months(planned_move_out_on, -1)
        )
    if moved_out_on is not None:
        owed = {kind: due for kind, due in owed.items() if due <= moved_out_on}
    order = list(MilestoneKind)
    return dict(sorted(owed.items(), key=lambda item: order.index(MilestoneKind(item[0]))))


def reportable_stays(queryset: Any) -> Any:
    """Stays that owe milestone reports: moved in, not imported history."""
    return queryset.filter(moved_in_on__isnull=False, is_imported=False).select_related(
        "offer", "offer__municipality"
    )


def _shifted(field: str, days: int) -> ExpressionWrapper:
    return ExpressionWrapper(F(field) + dt.timedelta(days=days), output_field=DateField())


# The fewest days ``dates.add_months`` can add (3 and 9 months) and the most
# it can take away (1 month), over every start day; ``dates.deadline`` only
# moves a date later. So a report falls due no earlier than these bounds.
_MIN_DAYS_IN_3_MONTHS = 89
_MIN_DAYS_IN_9_MONTHS = 273
_MAX_DAYS_IN_1_MONTH = 31


def may_still_owe(queryset: Any) -> Any:
    """Leave out moved-out stays that have sent every report they could owe.

    A pre-filter in SQL so the deadline rules walk open work rather than
    twenty years of history. It is conservative: a moved-out stay is left out
    only when, for each kind, the report was sent or the stay ended before
    the earliest day it could have fallen due (``milestone_due_dates`` keeps
    the exact rule and still decides for every stay that remains).
    """

    def sent(kind: str) -> Exists:
        return Exists(MilestoneReport.objects.filter(stay=OuterRef("pk"), kind=kind))

    could_owe = {
        MilestoneKind.THREE_MONTHS: Q(
            moved_out_on__gte=_shifted("moved_in_on", _MIN_DAYS_IN_3_MONTHS)
        ),
        MilestoneKind.NINE_MONTHS: Q(
            moved_out_on__gte=_shifted("moved_in_on", _MIN_DAYS_IN_9_MONTHS)
        ),
        MilestoneKind.BEFORE_MOVE_OUT: Q(
            planned_move_out_on__isnull=False,
            moved_out_on__gte=_shifted("planned_move_out_on", -_MAX_DAYS_IN_1_MONTH),
        ),
    }
    settled = Q(moved_out_on__isnull=False)
    for kind, possible in could_owe.items():
        settled &= ~possible | Q(sent(kind))
    return queryset.exclude(settled)


def milestone_deadlines(
    stays: Iterable[Any], *, today: dt.date, include_done: bool = False
) -> list[Deadline]:
    stays = list(stays)
    submitted = {
        (r.stay_id, r.kind)
        for r in MilestoneReport.objects.filter(stay__in=[s.pk for s in stays]).only(
            "stay_id", "kind"
        )
    }
    found = []
    for stay in stays:
        owed = milestone_due_dates(
            moved_in_on=stay.moved_in_on,
            planned_move_out_on=stay.planned_move_out_on,
            moved_out_on=stay.moved_out_on,
        )
        for kind, due_on in owed.items():
            done = (stay.pk, kind) in submitted
            if done and not include_done:
                continue
            found.append(
                Deadline(
                    kind=Kind.MILESTONE,
                    subkind=kind,
                    due_on=due_on,
                    state=state_for(due_on, today=today, done=done),
                    obj=stay,
                    title=str(MilestoneKind(kind).label),
                    url=reverse("reporting:milestone_submit", args=[stay.pk, kind]),
                )
            )
    return found


# --- the other sources ------------------------------------------------------------
