"""The reads of the follow-up pages: what each one shows, as audit rows name it.

One ``Read`` per page (``audit.services.Read``). The row's object is the
resident's stay as the follow-up pages see it (``followup.FollowedStay``),
except where a form shows one record (a security measure); the fields are
dotted from it (``action_plan.goals.text``: the text of every goal of the
stay's plan), so one row per page view says everything the page showed,
however many goals or contacts there are. A break-the-glass read says so
in its purpose (``access.policy.break_glass_covers``).
"""

from __future__ import annotations

from audit.services import Read

STAY = "followup.FollowedStay"
# Every follow-up page's heading: the stay's number, offer and dates.
HEADER = ("offer", "moved_in_on", "moved_out_on")
_CONVERSATION = (
    "security_conversation.held_on",
    "security_conversation.police_participants",
    "security_conversation.staff_participants",
    "security_conversation.items.item",
    "security_conversation.items.covered",
)
_CONVERSATION_NOTES = (
    "security_conversation.items.note",
    "crisis_scenarios.scenario",
    "crisis_scenarios.response",
)

SECURITY = Read(
    action="followup.security.viewed",
    model=STAY,
    fields=(*HEADER, *_CONVERSATION),
    on_show=_CONVERSATION_NOTES,
    purpose="sikkerhetssamtale og kriseplan",
)
SECURITY_FORM = Read(
    action="followup.security.opened",
    model=STAY,
    fields=(*HEADER, *_CONVERSATION, *_CONVERSATION_NOTES),
    purpose="endre sikkerhetssamtale og kriseplan",
)
MEASURES = Read(
    action="followup.measures.viewed",
    model=STAY,
    fields=(
        *HEADER,
        "security_measures.kind",
        "security_measures.chosen",
        "security_measures.applied_on",
        "security_measures.granted_on",
        "security_measures.ended_on",
        "threat_changes.recorded_on",
        "threat_changes.risk_level",
        # What the police recommended, offered as measures to register.
        "allocation.assessment.threat_assessments.measure_violence_alarm",
        "allocation.assessment.threat_assessments.measure_code_6",
        "allocation.assessment.threat_assessments.measure_code_7",
    ),
    # Two separate «vis»: the reasons, and (police only) the threat details.
    on_show=("security_measures.reason", "threat_changes.detail"),
    purpose="sikkerhetstiltak og trusselbilde",
)
MEASURE_FORM = Read(
    action="followup.measure.opened",
    model="followup.SecurityMeasure",
    fields=(
        "kind",
        "chosen",
        "reason",
        "applied_on",
        "granted_on",
        "ended_on",
        *(f"stay.{name}" for name in HEADER),
    ),
    purpose="endre sikkerhetstiltak",
)
# Forms that show nothing stored but the heading (a new measure, a new
# change in the threat picture).
FORM = Read(
    action="followup.stay.opened",
    model=STAY,
    fields=HEADER,
    purpose="registrere oppfølging",
)
PLAN = Read(
    action="followup.plan.viewed",
    model=STAY,
    fields=(
        *HEADER,
        "action_plan.made_on",
        "action_plan.goals.text",
        "action_plan.goals.status",
        "action_plan.goals.actions.text",
        "action_plan.goals.actions.responsible",
        "action_plan.goals.actions.status",
        "action_plan.evaluations.evaluated_on",
    ),
    on_show=("action_plan.own_words", "action_plan.evaluations.summary"),
    purpose="handlingsplan",
)
# The plan's form shows the resident's own words; the evaluation form only the date.
PLAN_FORM = Read(
    action="followup.plan.opened",
    model=STAY,
    fields=(*HEADER, "action_plan.made_on"),
    on_show=("action_plan.own_words",),
    purpose="endre handlingsplan",
)
GOALS_FORM = Read(
    action="followup.plan_goals.opened",
    model=STAY,
    fields=(*HEADER, "action_plan.goals.text"),
    purpose="nytt mål eller tiltak i handlingsplanen",
)
_AREAS = (
    "followup_areas.area",
    "followup_areas.status",
    # A child's plan is named «Barn 1 (født 2019)» from the household.
    "household.kind",
    "household.birth_year",
)
AREAS = Read(
    action="followup.areas.viewed",
    model=STAY,
    fields=(*HEADER, *_AREAS),
    on_show=("followup_areas.notes",),
    purpose="oppfølgingsområder",
)
AREAS_FORM = Read(
    action="followup.areas.opened",
    model=STAY,
    fields=(*HEADER, *_AREAS, "followup_areas.notes"),
    purpose="endre oppfølgingsområder",
)
CONTACTS = Read(
    action="followup.contacts.viewed",
    model=STAY,
    fields=(
        *HEADER,
        "contacts.contact_on",
        "contacts.minutes",
        "contacts.form",
        "contacts.with_whom",
        "contacts.partner",
        "contacts.themes.theme",
        "contacts.heavy_strain",
        "contacts.is_aftercare",
        # «Rettet» on a corrected contact; what stood before is its own read.
        "contacts.corrections.created_at",
    ),
    # The notes after «vis»; the plan's goals in the form, to a user who records.
    on_show=("contacts.note", "action_plan.goals.text"),
    purpose="kontaktlogg",
)
_CONTACT = (
    "contact_on",
    "minutes",
    "form",
    "with_whom",
    "partner",
    "themes.theme",
    *(f"stay.{name}" for name in HEADER),
)
# The correction form shows the contact as it is, its note included.
CONTACT_FORM = Read(
    action="followup.contact.opened",
    model="followup.Contact",
    fields=(*_CONTACT, "note"),
    purpose="rette kontakt",
)
# The earlier versions of one contact: who corrected it, when, why and what
# stood before; the notes, now and before, only after «Vis notater».
CONTACT_HISTORY = Read(
    action="followup.contact_history.viewed",
    model="followup.Contact",
    fields=(
        *_CONTACT,
        "corrections.created_at",
        "corrections.corrected_by",
        "corrections.fields",
        "corrections.content",
    ),
    on_show=("note", "corrections.previous_note"),
    purpose="tidligere versjoner av kontakt",
)
