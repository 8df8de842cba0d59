"""The reads of the reporting pages that show a resident's stay or milestone reports.

Milestone reports and the stays that owe them name no one, but each is about
one resident (offer, dates, the plan for a permanent home), so the pages are
audited like the resident's other records (``audit.services.Read``, recorded
by ``reporting.selectors``). The report itself is audited when read
(``reporting.milestone_report.viewed``).
"""

from __future__ import annotations

from audit.services import Read
from reporting.prefill import INDICATOR_FIELDS

_STAY_DATES = ("offer", "moved_in_on", "planned_move_out_on", "moved_out_on")

STAY_REPORTS = Read(
    action="reporting.stay_reports.viewed",
    model="reporting.ReportedStay",
    fields=(*_STAY_DATES, "milestone_reports.kind", "milestone_reports.submitted_on"),
    purpose="milepælsrapporter for oppholdet",
)
# The form starts from what the record says (reporting.prefill): the plan for a
# permanent home, the stay's status and dates, the follow-up areas' statuses and
# the goal indicators where they exist; the prefill names which it read.
MILESTONE_FORM = Read(
    action="reporting.milestone_form.opened",
    model="reporting.ReportedStay",
    fields=("offer",),
    on_show=(
        "housing_plan",
        "status",
        "moved_in_on",
        "planned_move_out_on",
        "moved_out_on",
        "followup_areas.area",
        "followup_areas.status",
        *INDICATOR_FIELDS,
    ),
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
