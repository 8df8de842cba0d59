"""The reads of the reporting pages that show a resident's stay or milestone reports.

Milestone reports and the stays that owe them name no one, but each is about
one resident (offer, dates, the plan for a permanent home), so the pages are
audited like the resident's other records (``audit.services.Read``, recorded
by ``reporting.selectors``). The report itself is audited when read
(``reporting.milestone_report.viewed``).
"""

from __future__ import annotations

from audit.services import Read

_STAY_DATES = ("offer", "moved_in_on", "planned_move_out_on", "moved_out_on")

STAY_REPORTS = Read(
    action="reporting.stay_reports.viewed",
    model="reporting.ReportedStay",
    fields=(*_STAY_DATES, "milestone_reports.kind", "milestone_reports.submitted_on"),
    purpose="milepælsrapporter for oppholdet",
)
# The form starts from what the record says (reporting.selectors.milestone_prefill):
# the plan for a permanent home, the planned move-out or the move-out day.
MILESTONE_FORM = Read(
    action="reporting.milestone_form.opened",
    model="reporting.ReportedStay",
    fields=("offer",),
    on_show=("housing_plan", "planned_move_out_on", "moved_out_on"),
    purpose="skrive milepælsrapport",
)
REPORT_LIST = Read(
    action="reporting.milestone_report.listed",
    model="reporting.MilestoneReport",
    fields=("stay", "stay.offer", "kind", "submitted_on", "read_at"),
    purpose="innboks for milepælsrapporter",
)
LATE_LIST = Read(
    action="reporting.late_report.listed",
    model="reporting.ReportedStay",
    fields=(*_STAY_DATES, "milestone_reports.kind"),
    purpose="forsinkede milepælsrapporter",
)
# What each kind of report's form shows from the stay.
PREFILLED = {
    "three_months": ("housing_plan", "planned_move_out_on"),
    "before_move_out": ("planned_move_out_on",),
    "nine_months": ("moved_out_on",),
}
