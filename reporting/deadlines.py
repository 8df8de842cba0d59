"""Every deadline in one module: computed from the records, never stored.

Sources: the three milestone reports per stay (platform §4b), action-plan
evaluations every 3 months (followup), police clearance renewals (housing),
consent expiry and allocation holds (referrals), appeal deadlines of refused
or partly granted decisions not yet appealed (decisions). Dates come from
consent expiry and allocation holds (referrals), and the next review of an
offer's approved routines (routines). Dates come from
``core.dates``: Norwegian time, and a deadline that falls on a weekend or a
public holiday moves to the next working day (``dates.deadline``).

A user sees a deadline only when the access policy lets them see its object
for the permission of whoever must act (``policy.visible``), so the same
function answers "my deadlines", the reminder counts and the overdue markers.

States: ``overdue`` (the due date has passed), ``due`` (due today), ``soon``
(within ``SOON_DAYS`` days), ``later`` and ``done``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, Exists, ExpressionWrapper, F, Model, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from decisions.models import APPEALABLE, Decision
from followup.models import ActionPlan
from housing.models import SecurityClearance
from meetings import selectors as meeting_selectors
from referrals.models import Allocation, Consent
from reporting.models import MilestoneKind, MilestoneReport, ReportedStay
from routines.models import RoutineVersion

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


def _plan_evaluations(user: Viewer, today: dt.date) -> list[Deadline]:
    plans = policy.visible(user, ActionPlan, Perm.RECORD_FOLLOWUP).filter(
        stay__moved_in_on__isnull=False, stay__moved_out_on__isnull=True
    )
    found = []
    for plan in plans.select_related("stay").prefetch_related("evaluations"):
        evaluated = [e.evaluated_on for e in plan.evaluations.all()]
        last = max([plan.made_on, *evaluated])
        due_on = dates.deadline(dates.add_months(last, 3))
        found.append(
            Deadline(
                kind=Kind.PLAN_EVALUATION,
                due_on=due_on,
                state=state_for(due_on, today=today),
                obj=plan.stay,
                title=str(KIND_LABELS[Kind.PLAN_EVALUATION]),
            )
        )
    return found


def _clearance_renewals(user: Viewer, today: dt.date) -> list[Deadline]:
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    visible = policy.visible(user, SecurityClearance, Perm.RECORD_CLEARANCE).filter(
        dwelling__in_use=True
    )
    latest: dict[int, Any] = {}
    for clearance in visible.select_related("dwelling").order_by("dwelling_id", "valid_until"):
        latest[clearance.dwelling_id] = clearance  # the last one per dwelling wins
    found = []
    for clearance in latest.values():
        due_on = dates.deadline(clearance.valid_until)
        if due_on > horizon:
            continue
        found.append(
            Deadline(
                kind=Kind.CLEARANCE_RENEWAL,
                due_on=due_on,
                state=state_for(due_on, today=today),
                obj=clearance.dwelling,
                title=str(KIND_LABELS[Kind.CLEARANCE_RENEWAL]),
                url=reverse("housing:dwelling_detail", args=[clearance.dwelling_id]),
            )
        )
    return found


def _consent_expiries(user: Viewer, today: dt.date) -> list[Deadline]:
    visible = policy.visible(user, Consent, Perm.RECORD_CONSENT).filter(
        withdrawn_on__isnull=True,
        expires_on__isnull=False,
        expires_on__gte=today - dt.timedelta(days=EXPIRED_CONSENT_DAYS),
        expires_on__lte=today + dt.timedelta(days=HORIZON_DAYS),
    )
    return [
        Deadline(
            kind=Kind.CONSENT_EXPIRY,
            # Expiry is a fact, not a task date: it does not move to a working day.
            due_on=consent.expires_on,
            state=state_for(consent.expires_on, today=today),
            obj=consent,
            title=str(KIND_LABELS[Kind.CONSENT_EXPIRY]),
        )
        for consent in visible.only("pk", "expires_on")
        if consent.expires_on is not None  # filtered above; says so to the type checker
    ]


def _hold_expiries(user: Viewer, today: dt.date) -> list[Deadline]:
    ids: set[int] = set()
    for perm in (Perm.ANSWER_ALLOCATIONS, Perm.ALLOCATE_PLACES):
        ids |= set(
            policy.visible(user, Allocation, perm)
            .filter(status="proposed")
            .values_list("pk", flat=True)
        )
    return [
        Deadline(
            kind=Kind.HOLD_EXPIRY,
            due_on=allocation.hold_expires_on,
            state=state_for(allocation.hold_expires_on, today=today),
            obj=allocation,
            title=str(KIND_LABELS[Kind.HOLD_EXPIRY]),
        )
        for allocation in Allocation._default_manager.filter(pk__in=ids).only(
            "pk", "hold_expires_on"
        )
    ]


def _appeal_deadlines(user: Viewer, today: dt.date) -> list[Deadline]:
    """Refused or partly granted decisions not appealed, for the staff who record decisions.

    The deadline is stored on the decision (computed by default, editable), so
    it is shown as recorded and not moved again.
    """
    visible = policy.visible(user, Decision, Perm.RECORD_DECISIONS).filter(
        outcome__in=APPEALABLE,
        appealed_on__isnull=True,
        appeal_deadline__gte=today - dt.timedelta(days=PASSED_APPEAL_DAYS),
        appeal_deadline__lte=today + dt.timedelta(days=HORIZON_DAYS),
        stay__status__in=("allocated", "living", "moved_out"),
    )
    return [
        Deadline(
            kind=Kind.APPEAL_DEADLINE,
            subkind=decision.service,
            due_on=decision.appeal_deadline,
            state=state_for(decision.appeal_deadline, today=today),
            obj=decision.stay,
            title=str(KIND_LABELS[Kind.APPEAL_DEADLINE]),
            url=reverse("decisions:decisions", args=[decision.stay_id]),
        )
        for decision in visible.select_related("stay").only(
            "pk", "service", "appeal_deadline", "stay"
        )
    ]


def _meeting_tasks(user: Viewer, today: dt.date) -> list[Deadline]:
    """Open tasks from meetings: about the resident (named by the naming rule), never their text.

    The due date is the one agreed in the meeting, kept as it is.
    """
    return [
        Deadline(
            kind=Kind.MEETING_TASK,
            due_on=task.due_on,
            state=state_for(task.due_on, today=today),
            obj=task.stay,
            title=str(KIND_LABELS[Kind.MEETING_TASK]),
            subkind=str(task.pk),
            url=reverse("meetings:meeting_detail", args=[task.stay_id, task.meeting_id]),
        )
        for task in meeting_selectors.open_tasks(user)
    ]


def _routine_reviews(user: Viewer, today: dt.date) -> list[Deadline]:
    """The next review of each routine in force (the newest approved version) the user manages."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    approved = policy.visible(user, RoutineVersion, Perm.MANAGE_ROUTINES).filter(
        approved_on__isnull=False
    )
    current: dict[tuple[int, str], Any] = {}
    for version in approved.only("pk", "offer_id", "kind", "number", "next_review_on").order_by(
        "offer_id", "kind", "number"
    ):
        current[(version.offer_id, version.kind)] = version  # the newest approved wins
    found = []
    for version in current.values():
        due_on = dates.deadline(version.next_review_on)
        if due_on > horizon:
            continue
        found.append(
            Deadline(
                kind=Kind.ROUTINE_REVIEW,
                due_on=due_on,
                state=state_for(due_on, today=today),
                obj=version,
                title=str(KIND_LABELS[Kind.ROUTINE_REVIEW]),
                url=reverse("routines:routine", args=[version.offer_id, version.kind]),
            )
        )
    return found


# --- per user ---------------------------------------------------------------------


def deadlines_for(user: Viewer, *, today: dt.date | None = None) -> list[Deadline]:
    """Everything ``user`` must act on, most urgent first; [] without VIEW_MY_DEADLINES."""
    if not policy.has_perm(user, Perm.VIEW_MY_DEADLINES):
        return []
    today = today or dates.today()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    stays = may_still_owe(
        reportable_stays(policy.visible(user, ReportedStay, Perm.SUBMIT_MILESTONE_REPORT))
    )
    found = [d for d in milestone_deadlines(stays, today=today) if d.due_on <= horizon]
    found += _plan_evaluations(user, today)
    found += _clearance_renewals(user, today)
    found += _consent_expiries(user, today)
    found += _hold_expiries(user, today)
    found += _appeal_deadlines(user, today)
    found += _meeting_tasks(user, today)
    found += _routine_reviews(user, today)
    return sorted(found, key=lambda d: (d.due_on, d.kind, d.subkind, d.obj.pk))


def counts(deadlines: Iterable[Deadline]) -> dict[str, int]:
    tally = Counter(d.state for d in deadlines)
    return {
        state: tally.get(state, 0) for state in (State.OVERDUE, State.DUE, State.SOON, State.LATER)
    }


def grouped(deadlines: Iterable[Deadline]) -> dict[str, list[Deadline]]:
    """The three groups of the "Mine frister" page: overdue, due soon (today + soon), later."""
    groups: dict[str, list[Deadline]] = {"overdue": [], "soon": [], "later": []}
    for d in deadlines:
        if d.state == State.OVERDUE:
            groups["overdue"].append(d)
        elif d.state in (State.DUE, State.SOON):
            groups["soon"].append(d)
        elif d.state == State.LATER:
            groups["later"].append(d)
    return groups
