"""Reads for the follow-up during the stay (oppfølging).

* ``pages``: what each follow-up page shows, for one acting user, audited
  as declared in ``followup.reads``.
* ``summaries``: facts at a glance (plan status, open measures, last
  contacts, children) for these pages and for other apps; no encrypted text.
* ``contacts``: the contact log, correcting a contact and its earlier
  versions, audited like the pages.
* ``hours``: hours of follow-up per week and per theme.

Import from ``followup.selectors``; the split is only to keep modules short.
"""

from followup.selectors.contacts import (
    ContactEdit,
    ContactHistory,
    ContactLog,
    contact_for_correction,
    contact_history,
    contact_log,
)
from followup.selectors.hours import (
    Week,
    WeeklyHours,
    format_hours,
    hours_by_theme,
    weekly_hours,
)
from followup.selectors.pages import (
    AreasPage,
    MeasuresPage,
    PlanPage,
    SecurityPage,
    action_of,
    areas_for_form,
    areas_page,
    form_opened,
    goal_choices,
    goal_of,
    goal_of_stay,
    measure_for_form,
    measures_page,
    partner_choices,
    partner_of,
    plan_for_form,
    plan_of,
    plan_page,
    security_for_form,
    security_page,
    stay_get,
)
from followup.selectors.summaries import (
    DUE_SOON_DAYS,
    EVALUATION_INTERVAL_MONTHS,
    ChildRef,
    ContactSummary,
    MeasureSummary,
    PlanStatus,
    accompanying_children,
    area_rows,
    contact_recorded_since,
    contact_rows,
    deadline_state,
    last_contacts,
    measure_state,
    missing_child_plans,
    next_plan_evaluation_due,
    open_measures,
    plan_status,
    security_conversation_held,
)

__all__ = [
    "DUE_SOON_DAYS",
    "EVALUATION_INTERVAL_MONTHS",
    "AreasPage",
    "ChildRef",
    "ContactEdit",
    "ContactHistory",
    "ContactLog",
    "ContactSummary",
    "MeasureSummary",
    "MeasuresPage",
    "PlanPage",
    "PlanStatus",
    "SecurityPage",
    "Week",
    "WeeklyHours",
    "accompanying_children",
    "action_of",
    "area_rows",
    "areas_for_form",
    "areas_page",
    "contact_for_correction",
    "contact_history",
    "contact_log",
    "contact_recorded_since",
    "contact_rows",
    "deadline_state",
    "form_opened",
    "format_hours",
    "goal_choices",
    "goal_of",
    "goal_of_stay",
    "hours_by_theme",
    "last_contacts",
    "measure_for_form",
    "measure_state",
    "measures_page",
    "missing_child_plans",
    "next_plan_evaluation_due",
    "open_measures",
    "partner_choices",
    "partner_of",
    "plan_for_form",
    "plan_of",
    "plan_page",
    "plan_status",
    "security_conversation_held",
    "security_for_form",
    "security_page",
    "stay_get",
    "weekly_hours",
]
