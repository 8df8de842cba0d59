"""Reads for stays (opphold).

* ``pages``: which stays a user may see and what each resident page shows,
  audited as declared in ``stays.reads``.
* ``facts``: the derived facts other apps share (phase, markers, progress)
  for a stay already fetched through the policy.
* ``naming``: how a resident is named to a viewer (name or pseudonym).
* ``header``: the resident header and tabs every resident page shows.
* ``template``: the offer's arrival timetable template.

Import from ``stays.selectors``; the split is only to keep modules short.
"""

from stays.selectors.facts import (
    FOLLOWUP_MONTHS,
    JUST_ARRIVED_DAYS,
    PHASE_LABELS,
    Marker,
    Phase,
    Progress,
    ResidentRow,
    followup_ends_on,
    is_overdue,
    markers,
    nine_months_end,
    phase,
    progress,
    resident_row,
    transfer_rows,
)
from stays.selectors.header import ResidentHeader, Tab, resident_day, resident_header
from stays.selectors.naming import pseudonym, resident_label, resident_labels
from stays.selectors.pages import (
    ENDED_STAYS_PER_PAGE,
    SecurityDetail,
    StayRecords,
    SummaryList,
    household_member_for_form,
    notes_read,
    partner_choices,
    resident_list,
    resident_rows,
    security_detail,
    security_list,
    security_rows,
    stay_get,
    stay_partner_for_form,
    stay_read,
    stay_records,
    summary_list,
    timetable,
    timetable_item_for_form,
)
from stays.selectors.template import (
    DEFAULT_TEMPLATE,
    template_item_get,
    template_items,
    template_offer_get,
)

__all__ = [
    "DEFAULT_TEMPLATE",
    "ENDED_STAYS_PER_PAGE",
    "FOLLOWUP_MONTHS",
    "JUST_ARRIVED_DAYS",
    "PHASE_LABELS",
    "Marker",
    "Phase",
    "Progress",
    "ResidentHeader",
    "ResidentRow",
    "SecurityDetail",
    "StayRecords",
    "SummaryList",
    "Tab",
    "followup_ends_on",
    "household_member_for_form",
    "is_overdue",
    "markers",
    "nine_months_end",
    "notes_read",
    "partner_choices",
    "phase",
    "progress",
    "pseudonym",
    "resident_day",
    "resident_header",
    "resident_label",
    "resident_labels",
    "resident_list",
    "resident_row",
    "resident_rows",
    "security_detail",
    "security_list",
    "security_rows",
    "stay_get",
    "stay_partner_for_form",
    "stay_read",
    "stay_records",
    "summary_list",
    "template_item_get",
    "template_items",
    "template_offer_get",
    "timetable",
    "timetable_item_for_form",
    "transfer_rows",
]
