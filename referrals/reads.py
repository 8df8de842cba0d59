"""The reads of the intake pages: what each one shows, as audit rows name it.

One ``Read`` per kind of read (``audit.services.Read``), recorded by
``referrals.selectors``. Lists write one row per person (or inquiry) shown;
a page about one case writes one row on its record, with the fields dotted
from it (``assessment.person.name``). Where the same read is made on pages
that show more or less of the record, the fields only some pages show are
``on_show`` and the page says which it showed.
"""

from __future__ import annotations

from audit.services import Read

# The threat assessment's summary (referrals/_threat_summary.html), as seen
# from the assessment: never the details.
_THREAT_SUMMARY = (
    "threat_assessments.assessed_on",
    "threat_assessments.assessed_by",
    "threat_assessments.police_district",
    "threat_assessments.risk_level",
    "threat_assessments.avoid_municipalities",
    "threat_assessments.measure_violence_alarm",
    "threat_assessments.measure_code_6",
    "threat_assessments.measure_code_7",
    "threat_assessments.measure_other",
    "threat_assessments.measures_note",
)
_NEEDS = (
    "need_mental_health",
    "need_practical",
    "need_language",
    "need_society_knowledge",
    "need_children",
    "interpreter_language",
    "needs_note",
    "followup_intensity",
    "wishes",
)

INQUIRY_LIST = Read(
    action="referrals.inquiry.listed",
    model="referrals.Inquiry",
    fields=("contact_kind", "received_on"),
    on_show=("channel", "outcome"),
    purpose="oversikt over henvendelser",
)
INQUIRY = Read(
    action="referrals.inquiry.viewed",
    model="referrals.Inquiry",
    fields=(
        "contact_kind",
        "channel",
        "received_on",
        "reason",
        "outcome",
        "guidance",
        # What stood before each correction, who corrected it and why.
        "corrections.created_at",
        "corrections.corrected_by",
        "corrections.fields",
        "corrections.content",
    ),
    purpose="henvendelse",
)
PERSON_LIST = Read(
    action="referrals.person.listed",
    model="referrals.Person",
    fields=("name",),
    purpose="oversikt over kartlegginger",
)
ASSESSMENT = Read(
    action="referrals.assessment.viewed",
    model="referrals.Assessment",
    # What the police see to write the threat assessment (threat_form.html)…
    fields=(
        "person.name",
        "person.birth_date",
        "threat_status",
        "threat_note",
        "has_partner",
        "children.birth_year",
    ),
    # …and what only the team's assessment page shows.
    on_show=(
        "person.identity_number",
        "person.phone",
        "person.gender",
        "assessed_on",
        "assessed_by",
        "assisting_service",
        "status",
        "age_status",
        "age_note",
        "need_status",
        "ground_forced_marriage",
        "ground_fear_forced_marriage",
        "ground_left_abroad",
        "ground_other_violence",
        "need_note",
        "benefit_status",
        "fit_to_live_alone",
        "needs_followup",
        "wants_it",
        "accepts_rules",
        "accepts_limited_stay",
        "benefit_note",
        "lawful_residence",
        "residence_note",
        *_NEEDS,
        "person.consents.purpose",
        "person.consents.recipient_organisation",
        "person.consents.given_on",
        "person.consents.expires_on",
        "disclosures.purpose",
        "disclosures.recipient_organisation",
        *_THREAT_SUMMARY,
        "allocations.place",
        "allocations.status",
        "allocations.proposed_on",
        "allocations.hold_expires_on",
        "corrections.created_at",
        "corrections.corrected_by",
        "corrections.fields",
    ),
    purpose="kartlegging",
)
THREAT_LIST = Read(
    action="referrals.threat_assessment.listed",
    model="referrals.ThreatAssessment",
    fields=("assessment.person.name", "risk_level", "assessed_on"),
    purpose="oversikt over trusselvurderinger",
)
THREAT = Read(
    action="referrals.threat_assessment.viewed",
    model="referrals.ThreatAssessment",
    fields=(
        "assessment.person.name",
        "assessed_on",
        "assessed_by",
        "police_district",
        "risk_level",
        "details",
        "avoid_municipalities",
        "measure_violence_alarm",
        "measure_code_6",
        "measure_code_7",
        "measure_other",
        "measures_note",
    ),
    purpose="trusselvurdering",
)
# The information package for the receiving offer (docs/data-model.md).
PACKAGE = Read(
    action="referrals.package.viewed",
    model="referrals.Allocation",
    fields=(
        "place",
        "status",
        "hold_expires_on",
        "expected_arrival_on",
        "arrival_notes",
        "proposed_by",
        "assessment.inquiry.contact_kind",
        "assessment.inquiry.channel",
        "assessment.inquiry.received_on",
        "assessment.person.name",
        "assessment.person.gender",
        "assessment.person.birth_date",
        "assessment.has_partner",
        "assessment.children.birth_year",
        *(f"assessment.{name}" for name in _NEEDS),
        *(f"assessment.{name}" for name in _THREAT_SUMMARY),
    ),
    purpose="informasjonspakke til botilbudet",
)
