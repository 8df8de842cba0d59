"""The reads of the resident pages: what each one shows, as audit rows name it.

One ``Read`` per page or form (``audit.services.Read``), recorded by
``stays.selectors``. The row's object is the stay (``stays.Stay``), or the
one row a form is about (a timetable item, a household member); the fields
are dotted from it (``person.name`` is the resident's name). Lists write one
row per resident shown.
"""

from __future__ import annotations

from audit.services import Read

STAY = "stays.Stay"
# The name and offer every resident form shows in its heading (stays/form.html).
NAMED = ("person.name", "offer")
_DATES = ("status", "allocated_on", "moved_in_on", "planned_move_out_on", "moved_out_on")
_HOUSEHOLD = ("household.kind", "household.birth_year")

# The resident's name where the page's own read does not name it (the header
# of a follow-up or report page, the timetable): stays.selectors.naming.
NAME = Read(
    action="stays.resident.named",
    model=STAY,
    fields=NAMED,
    purpose="navn på beboeren",
)
RESIDENT_LIST = Read(
    action="stays.resident.listed",
    model=STAY,
    # The phase and days left come from the dates, the deadline tags from the
    # reports and plan evaluations still owed.
    fields=(*NAMED, *_DATES, "extended_until", "aftercare_from", "aftercare_until"),
    purpose="beboerliste",
)
SECURITY_LIST = Read(
    action="stays.security.listed",
    model=STAY,
    fields=(*NAMED, *_DATES),
    purpose="sikkerhet for beboere i distriktet",
)
SUMMARY_LIST = Read(
    action="stays.summary.listed",
    model=STAY,
    # No name, but a stay's offer and dates are still about one person.
    fields=("offer", *_DATES),
    purpose="oversikt over opphold for kapasitet",
)
SECURITY_DETAIL = Read(
    action="stays.security.viewed",
    model=STAY,
    fields=(
        *NAMED,
        # The break-the-glass reference the alarm central and the police hold.
        "reference",
        *_DATES,
        *_HOUSEHOLD,
        "transfer_items.item",
        "transfer_items.state",
        "transfer_items.done_on",
        "timetable.on",
        "timetable.at",
        "timetable.title",
    ),
    purpose="sikkerhet for beboer",
)
# What the follow-up app adds to the overview for a user who may see the follow-up.
OVERVIEW_FOLLOWUP = (
    "security_measures.kind",
    "security_measures.applied_on",
    "security_measures.granted_on",
    "contacts.contact_on",
    "contacts.minutes",
    "contacts.form",
    "contacts.with_whom",
    "action_plan.evaluations.evaluated_on",
)
# What the decisions app adds for a user who may see the decisions: open appeal
# deadlines and whether there is an individual plan, never the texts.
OVERVIEW_DECISIONS = (
    "decisions.service",
    "decisions.outcome",
    "decisions.appeal_deadline",
    "decisions.appealed_on",
    "individual_plan.has_right",
    "individual_plan.has_plan",
    "individual_plan.plan_since",
)
OVERVIEW = Read(
    action="stays.resident.viewed",
    model=STAY,
    fields=(
        *NAMED,
        "reference",
        *_DATES,
        "extended_until",
        "destination",
        "aftercare_from",
        "aftercare_until",
        "closed_on",
        *_HOUSEHOLD,
        "timetable.on",
        "partners.partner",
        "partners.contact",
        "move_out_changes.old_date",
        "move_out_changes.new_date",
        "move_out_changes.changed_by",
        "transfer_items.item",
        "transfer_items.state",
        *(
            f"goal_indicators.{code}"
            for code in (
                "safe_dwelling",
                "needs_mapped",
                "adapted_followup",
                "safe_housing",
                "services_contact",
                "day_activity",
                "social_network",
            )
        ),
    ),
    # What the apps above add for a user who may see them (oversight.residents).
    on_show=(*OVERVIEW_FOLLOWUP, *OVERVIEW_DECISIONS),
    purpose="oversikt over beboer",
)
NOTES = Read(
    action="stays.note.viewed",
    model=STAY,
    fields=(
        # The page's header names the resident (stays.selectors.header).
        "person.name",
        "housing_plan",
        "extension_reason",
        "extended_until",
        "aftercare_reason",
        "household.kind",
        "household.first_name",
        "household.birth_year",
        "move_out_changes.old_date",
        "move_out_changes.new_date",
        "move_out_changes.reason",
        "transfer_items.note",
        "timetable.on",
        "timetable.title",
        "timetable.description",
        *(
            f"goal_indicators.{code}_note"
            for code in (
                "safe_dwelling",
                "needs_mapped",
                "adapted_followup",
                "safe_housing",
                "services_contact",
                "day_activity",
                "social_network",
            )
        ),
    ),
    purpose="lese notater",
)
_TIMETABLE = ("timetable.on", "timetable.at", "timetable.title", "timetable.attendees")
TIMETABLE = Read(
    action="stays.timetable.viewed",
    model=STAY,
    # The page's header names the resident (stays.selectors.header).
    fields=(*NAMED, *_TIMETABLE),
    purpose="timeplan",
)
TIMETABLE_PDF = Read(
    action="stays.timetable.printed",
    model=STAY,
    fields=(*_TIMETABLE, "timetable.description"),
    purpose="timeplan til beboeren",
)
TIMETABLE_ITEM = Read(
    action="stays.timetable_item.opened",
    model="stays.ArrivalTimetableItem",
    fields=(
        "on",
        "at",
        "title",
        "attendees",
        "description",
        *(f"stay.{name}" for name in NAMED),
    ),
    purpose="endre timeplan",
)
# A form that shows nothing stored but the heading: the purpose says which.
FORM = Read(
    action="stays.resident.opened",
    model=STAY,
    fields=NAMED,
    purpose="skjema for beboeren",
)
HOUSEHOLD_MEMBER = Read(
    action="stays.household_member.opened",
    model="stays.HouseholdMember",
    fields=("kind", "birth_year", *(f"stay.{name}" for name in NAMED)),
    purpose="fjerne fra husstanden",
)
STAY_PARTNER = Read(
    action="stays.stay_partner.opened",
    model="stays.StayPartner",
    fields=("partner", *(f"stay.{name}" for name in NAMED)),
    purpose="fjerne samarbeidspartner",
)
PLANNED_MOVE_OUT = Read(
    action="stays.planned_move_out.opened",
    model=STAY,
    fields=(*NAMED, "moved_in_on", "planned_move_out_on"),
    purpose="endre planlagt utflytting",
)
HOUSING_PLAN = Read(
    action="stays.housing_plan.opened",
    model=STAY,
    fields=(*NAMED, "housing_plan"),
    purpose="endre plan for bolig",
)
TRANSFER = Read(
    action="stays.transfer.opened",
    model=STAY,
    fields=(
        *NAMED,
        "transfer_items.item",
        "transfer_items.state",
        "transfer_items.done_on",
        "transfer_items.note",
    ),
    purpose="overføringsliste",
)
AFTERCARE = Read(
    action="stays.aftercare.opened",
    model=STAY,
    fields=(*NAMED, "moved_out_on", "aftercare_from", "aftercare_until", "aftercare_reason"),
    purpose="endre ettervern",
)
CLOSE = Read(
    action="stays.close.opened",
    model=STAY,
    fields=(*NAMED, "destination"),
    purpose="avslutte oppholdet",
)
