"""Writes for stays: taking in, creation, arrival, timetable, move-out, extension, aftercare, closure.

Every function is atomic, checks the domain rules (raising a ValidationError
keyed by form field, so nothing is saved and the form shows the message next
to the field) and writes its audit row in the same transaction: field names
only, never values. Callers have checked access through the policy.

Split by stage; import from here: ``from stays import services``.
"""

from stays.services.admission import allocation_accept, allocation_withdraw
from stays.services.arrival import (
    stay_move_in,
    template_item_delete,
    template_item_save,
    template_seed_defaults,
    timetable_generate,
    timetable_item_save,
    working_day,
)
from stays.services.base import MISSING_INDICATORS, OVER_NINE_MONTHS
from stays.services.closure import stay_close
from stays.services.household import (
    household_member_add,
    household_member_remove,
    stay_partner_add,
    stay_partner_remove,
)
from stays.services.lifecycle import (
    housing_plan_save,
    planned_move_out_change,
    stay_create,
    stay_withdraw_before_arrival,
)
from stays.services.transfer import aftercare_save, stay_move_out, transfer_checklist_save

__all__ = [
    "MISSING_INDICATORS",
    "OVER_NINE_MONTHS",
    "aftercare_save",
    "allocation_accept",
    "allocation_withdraw",
    "household_member_add",
    "household_member_remove",
    "housing_plan_save",
    "planned_move_out_change",
    "stay_close",
    "stay_create",
    "stay_move_in",
    "stay_move_out",
    "stay_partner_add",
    "stay_partner_remove",
    "stay_withdraw_before_arrival",
    "template_item_delete",
    "template_item_save",
    "template_seed_defaults",
    "timetable_generate",
    "timetable_item_save",
    "transfer_checklist_save",
    "working_day",
]
