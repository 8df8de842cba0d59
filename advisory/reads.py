"""The reads of the advisory pages, as audit rows name them (``audit.services.Read``).

The list writes one row per contact shown (who asked, topics, date; never
the name or the note); the contact's page and the form that turns it into an
inquiry write one row on the contact with every field shown.
"""

from __future__ import annotations

from audit.services import Read

_TOPICS_AND_ACTIONS = (
    "topic_forced_marriage",
    "topic_left_abroad",
    "topic_honour_violence",
    "topic_social_control",
    "topic_other",
    "action_advice",
    "action_referral",
    "action_police",
    "action_place_inquiry",
)

CONTACT_LIST = Read(
    action="advisory.contact.listed",
    model="advisory.AdvisoryContact",
    fields=("contact_on", "asked_by", "service_kind", *_TOPICS_AND_ACTIONS, "inquiry"),
    purpose="oversikt over rådgivning",
)
CONTACT = Read(
    action="advisory.contact.viewed",
    model="advisory.AdvisoryContact",
    fields=(
        "contact_on",
        "asked_by",
        "service_kind",
        "channel",
        *_TOPICS_AND_ACTIONS,
        "age_group",
        "gender",
        "name_consent",
        "name",
        "note",
        "inquiry",
        "recorded_by",
    ),
    purpose="rådgivning",
)
