"""Follow-up facts at a glance, for the pages of this app and for other apps.

The helpers for other apps (``next_plan_evaluation_due``,
``missing_child_plans``, ``last_contacts``, ``open_measures``,
``plan_status``) take a stay the caller has already fetched through the
policy; those that show what was recorded (``last_contacts``,
``open_measures``, ``plan_status``) also take the acting user and answer only
within that user's follow-up reach, and with no user they answer nothing.
They never return encrypted text (notes, reasons). The page that
shows them records the read: the resident overview names these fields in its
own audit row (``stays.selectors``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from followup.models import (
    ActionPlan,
    Area,
    AreaStatus,
    Contact,
    FollowedStay,
    FollowupArea,
    SecurityConversation,
    SecurityMeasure,
)

# The platform's rhythm: the action plan is evaluated at least every 3 months.
EVALUATION_INTERVAL_MONTHS = 3
DUE_SOON_DAYS = 14


# --- children ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRef:
    pk: int  # the stays.HouseholdMember
    label: str  # never the name: «Barn 1 (født 2019)»

    def __str__(self) -> str:
        return self.label


def accompanying_children(stay: Any) -> list[ChildRef]:
    """The children living with the resident, as the stays app records them (household)."""
    from stays.models import HouseholdMember

    children = HouseholdMember.objects.filter(
        stay_id=stay.pk, kind=HouseholdMember.Kind.CHILD
    ).only("pk", "birth_year")
    return [
        ChildRef(
            child.pk,
            _("Barn %(number)s (født %(year)s)") % {"number": index, "year": child.birth_year},
        )
        for index, child in enumerate(children, start=1)
    ]


def area_rows(children: list[ChildRef]) -> list[tuple[str, int, str]]:
    """(area, child pk or 0, label) for every row of the follow-up areas, in platform order."""
    rows = [(value, 0, str(label)) for value, label in Area.choices if value != Area.CHILD_PLAN]
    rows += [
        (
            Area.CHILD_PLAN,
            child.pk,
            _("Egen oppfølgingsplan for %(child)s") % {"child": child.label},
        )
        for child in children
    ]
    return rows


def missing_child_plans(stay: Any) -> list[ChildRef]:
    """Children living there without an own follow-up plan (in progress or done).

    Non-empty means: show a warning, and closing the stay is blocked.
    """
    children = accompanying_children(stay)
    if not children:
        return []
    planned = set(
        FollowupArea.objects.filter(
            stay_id=stay.pk,
            area=Area.CHILD_PLAN,
            status__in=[AreaStatus.IN_PROGRESS, AreaStatus.DONE],
        ).values_list("child_id", flat=True)
    )
    return [child for child in children if child.pk not in planned]


# --- action plan ---------------------------------------------------------------------


def next_plan_evaluation_due(stay: Any) -> dt.date | None:
    """When the action plan must next be evaluated; None without a plan or after move-out.

    Three months after the latest evaluation (or after the plan was made),
    moved to the next working day like every other deadline.
    """
    if getattr(stay, "moved_out_on", None) is not None:
        return None
    plan = ActionPlan.objects.filter(stay_id=stay.pk).only("pk", "made_on").first()
    if plan is None:
        return None
    last = plan.evaluations.order_by("-evaluated_on").values_list("evaluated_on", flat=True).first()
    base = last or plan.made_on
    return dates.deadline(dates.add_months(base, EVALUATION_INTERVAL_MONTHS))


@dataclass(frozen=True)
class PlanStatus:
    made_on: dt.date
    next_evaluation_due: dt.date | None  # None after move-out
    due_state: str  # ok | due_soon | overdue | none
    goals: int
    goals_done: int

    def __str__(self) -> str:
        text = _("Laget %(made)s. %(done)s av %(goals)s mål er nådd.") % {
            "made": self.made_on.strftime("%d.%m.%Y"),
            "done": self.goals_done,
            "goals": self.goals,
        }
        if self.next_evaluation_due is None:
            return text
        state = {"overdue": _("forfalt"), "due_soon": _("snart"), "ok": _("i rute")}
        return f"{text} " + _("Neste evaluering %(due)s (%(state)s).") % {
            "due": self.next_evaluation_due.strftime("%d.%m.%Y"),
            "state": state.get(self.due_state, ""),
        }


def plan_status(
    stay: Any, *, fetched_by: Viewer, today: dt.date | None = None
) -> PlanStatus | None:
    """The action plan at a glance (no encrypted text); None when there is no plan."""
    if not _allowed(fetched_by, Perm.VIEW_FOLLOWUP, stay):
        return None
    plan = ActionPlan.objects.filter(stay_id=stay.pk).only("pk", "made_on").first()
    if plan is None:
        return None
    due = next_plan_evaluation_due(stay)
    goals = plan.goals.filter(parent__isnull=True)
    return PlanStatus(
        made_on=plan.made_on,
        next_evaluation_due=due,
        due_state=deadline_state(due, today),
        goals=goals.count(),
        goals_done=goals.filter(status="done").count(),
    )


def deadline_state(due: dt.date | None, today: dt.date | None = None) -> str:
    """«overdue», «due_soon» (within 14 days) or «ok»; «none» without a date."""
    if due is None:
        return "none"
    today = today or dates.today()
    if due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "ok"


def security_conversation_held(stay: Any, *, fetched_by: Viewer) -> bool | None:
    """Is the security conversation (sikkerhetssamtale) recorded? None outside the user's reach."""
    if not _allowed(fetched_by, Perm.VIEW_FOLLOWUP, stay):
        return None
    return SecurityConversation.objects.filter(stay_id=stay.pk).exists()


def contact_recorded_since(stay: Any, day: dt.date, *, fetched_by: Viewer) -> bool | None:
    """Has a contact with the resident been logged on or after ``day``? None outside the reach.

    Going through the arrival timetable with the resident is a contact; once
    one is logged on the day of arrival, that step is done.
    """
    if not _allowed(fetched_by, Perm.VIEW_FOLLOWUP, stay):
        return None
    return Contact.objects.filter(stay_id=stay.pk, contact_on__gte=day).exists()


# --- measures ------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureSummary:
    pk: int
    kind: str
    label: str
    state: str  # planned | waiting | active
    applied_on: dt.date | None
    granted_on: dt.date | None
    waiting_days: int | None

    def __str__(self) -> str:
        text = f"{self.label}: {_measure_state_labels().get(self.state, self.state)}"
        if self.state == "waiting" and self.waiting_days is not None:
            text += " " + _("(%(days)s dager så langt)") % {"days": self.waiting_days}
        return text


def _measure_state_labels() -> dict[str, str]:
    return {
        "planned": _("ikke søkt ennå"),
        "waiting": _("venter på svar"),
        "active": _("aktivt"),
        "ended": _("avsluttet"),
        "not_chosen": _("ikke valgt"),
    }


def measure_state(measure: SecurityMeasure) -> str:
    if not measure.chosen:
        return "not_chosen"
    if measure.ended_on is not None:
        return "ended"
    if measure.granted_on is not None:
        return "active"
    if measure.applied_on is not None:
        return "waiting"
    return "planned"


def _allowed(fetched_by: Viewer, perm: Perm, stay: Any) -> bool:
    """Answer only within the acting user's follow-up reach (none without a user)."""
    # Through the proxy: policy.can(user, perm, stay) would ask the stays scope.
    return policy.visible(fetched_by, FollowedStay, perm).filter(pk=stay.pk).exists()


def open_measures(
    stay: Any, *, fetched_by: Viewer, today: dt.date | None = None
) -> list[MeasureSummary]:
    """Chosen measures not yet ended: planned, waiting for a grant, or active.

    ``waiting_days`` runs from the application to the grant (or to today while
    waiting), so a code 6 that has waited 8 weeks shows 56. The answer is
    empty unless ``fetched_by`` may see the stay's security measures.
    """
    if not _allowed(fetched_by, Perm.VIEW_SECURITY_MEASURES, stay):
        return []
    today = today or dates.today()
    rows = (
        SecurityMeasure.objects.filter(stay_id=stay.pk, chosen=True, ended_on__isnull=True)
        .defer("reason")
        .order_by("kind", "pk")
    )
    return [
        MeasureSummary(
            pk=m.pk,
            kind=m.kind,
            label=str(m.get_kind_display()),
            state=measure_state(m),
            applied_on=m.applied_on,
            granted_on=m.granted_on,
            waiting_days=m.waiting_days(today),
        )
        for m in rows
    ]


# --- contacts ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactSummary:
    pk: int
    contact_on: dt.date
    minutes: int
    form: str
    with_whom: str
    themes: tuple[str, ...]
    heavy_strain: bool
    is_aftercare: bool

    def __str__(self) -> str:
        text = _("%(date)s: %(minutes)s min, %(form)s, %(with_whom)s") % {
            "date": self.contact_on.strftime("%d.%m.%Y"),
            "minutes": self.minutes,
            "form": self.form.lower(),
            "with_whom": self.with_whom.lower(),
        }
        if self.themes:
            text += f" ({', '.join(self.themes)})"
        return text


def contact_rows(stay: Any) -> QuerySet[Contact]:
    """The stay's contacts, newest first, without decrypting the notes."""
    return (
        Contact.objects.filter(stay_id=stay.pk)
        .defer("note")
        .select_related("partner")
        .prefetch_related("themes")
    )


def last_contacts(stay: Any, n: int = 5, *, fetched_by: Viewer) -> list[ContactSummary]:
    """The ``n`` most recent contacts (no notes), for the resident overview page.

    The answer is empty unless ``fetched_by`` may see the stay's follow-up.
    """
    if not _allowed(fetched_by, Perm.VIEW_FOLLOWUP, stay):
        return []
    return [
        ContactSummary(
            pk=c.pk,
            contact_on=c.contact_on,
            minutes=c.minutes,
            form=str(c.get_form_display()),
            with_whom=str(c.get_with_whom_display()),
            themes=tuple(str(t.get_theme_display()) for t in c.themes.all()),
            heavy_strain=c.heavy_strain,
            is_aftercare=c.is_aftercare,
        )
        for c in contact_rows(stay)[:n]
    ]
