"""What a deadline is: its kinds, states and labels, and the state rule.

Part of the deadlines (``reporting.deadlines``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from reporting.models import MilestoneKind

SOON_DAYS = 14
# Deadlines further away than this are not listed at all.
HORIZON_DAYS = 90
# An expired consent stays on the list this long, then it is history.
EXPIRED_CONSENT_DAYS = 30
# A passed appeal deadline stays on the list this long (the resident may still
# ask for a late appeal, forvaltningsloven § 31), then it is history.
PASSED_APPEAL_DAYS = 14


class Kind:
    MILESTONE = "milestone"
    PLAN_EVALUATION = "plan_evaluation"
    CLEARANCE_RENEWAL = "clearance_renewal"
    CONSENT_EXPIRY = "consent_expiry"
    HOLD_EXPIRY = "hold_expiry"
    APPEAL_DEADLINE = "appeal_deadline"
    MEETING_TASK = "meeting_task"
    ROUTINE_REVIEW = "routine_review"


class State:
    OVERDUE = "overdue"
    DUE = "due"
    SOON = "soon"
    LATER = "later"
    DONE = "done"


STATE_LABELS = {
    State.OVERDUE: _("Forfalt"),
    State.DUE: _("Frist i dag"),
    State.SOON: _("Frist snart"),
    State.LATER: _("Senere"),
    State.DONE: _("Ferdig"),
}
STATE_TAG = {
    State.OVERDUE: "danger",
    State.DUE: "warning",
    State.SOON: "warning",
    State.LATER: "neutral",
    State.DONE: "success",
}
KIND_LABELS = {
    Kind.PLAN_EVALUATION: _("Evaluer handlingsplanen"),
    Kind.CLEARANCE_RENEWAL: _("Forny sikkerhetsklareringen av boligen"),
    Kind.CONSENT_EXPIRY: _("Samtykket utløper"),
    Kind.HOLD_EXPIRY: _("Plassen holdes av til"),
    Kind.APPEAL_DEADLINE: _("Klagefrist for vedtak"),
    Kind.MEETING_TASK: _("Oppgave etter møte"),
    Kind.ROUTINE_REVIEW: _("Gå gjennom rutinen"),
}

# For tags on lists, where the full milestone label is too long.
MILESTONE_SHORT_LABELS = {
    MilestoneKind.THREE_MONTHS: _("3-månedersrapport"),
    MilestoneKind.BEFORE_MOVE_OUT: _("Rapport før utflytting"),
    MilestoneKind.NINE_MONTHS: _("9-månedersrapport"),
}


@dataclass(frozen=True)
class Deadline:
    """One thing someone must do by a date. ``obj`` is opaque: its label and pk only."""

    kind: str
    due_on: dt.date
    state: str
    obj: Model
    title: str
    subkind: str = ""
    url: str = ""

    @property
    def object_key(self) -> tuple[str, Any]:
        return (self.obj._meta.label, self.obj.pk)

    @property
    def short_title(self) -> str:
        if self.kind == Kind.MILESTONE:
            return str(MILESTONE_SHORT_LABELS[MilestoneKind(self.subkind)])
        return self.title

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def tag_kind(self) -> str:
        return STATE_TAG[self.state]

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days


def state_for(due_on: dt.date, *, today: dt.date, done: bool = False) -> str:
    if done:
        return State.DONE
    if due_on < today:
        return State.OVERDUE
    if due_on == today:
        return State.DUE
    if (due_on - today).days <= SOON_DAYS:
        return State.SOON
    return State.LATER


def days_sent_late(*, due_on: dt.date, submitted_on: dt.date) -> int:
    """Days a report was sent after its deadline (*sendt for sent*); 0 when on time.

    The rule of ``state_for``: a report is late when its deadline was overdue
    on the day it was sent, so one sent on the due day is on time.
    """
    if state_for(due_on, today=submitted_on) != State.OVERDUE:
        return 0
    return (submitted_on - due_on).days
