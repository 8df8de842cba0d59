"""Writes for intake and allocation. Every function is atomic, validated and audited.

Split by stage; import from here: ``from referrals import services``.
"""

from referrals.services.allocation import (
    ALLOCATION_RETRIES,
    PLACE_TAKEN,
    allocation_decline,
    allocation_mark_accepted,
    allocation_mark_withdrawn,
    allocation_propose,
    allocations_expire,
    hold_expiry_for,
)
from referrals.services.consent import (
    CONSENT_AFTER_SHARING,
    SharingRefused,
    consent_record,
    consent_withdraw,
    share_with_offer,
    share_with_police,
    valid_consent,
)
from referrals.services.corrections import (
    WithdrawReason,
    assessment_correct,
    assessment_withdraw,
    inquiry_correct,
    may_correct,
    may_correct_inquiry,
)
from referrals.services.intake import (
    allocation_blockers,
    assessment_create,
    inquiry_close_without_place,
    inquiry_create,
    inquiry_led_to_place,
    threat_assessment_record,
)

__all__ = [
    "ALLOCATION_RETRIES",
    "CONSENT_AFTER_SHARING",
    "PLACE_TAKEN",
    "SharingRefused",
    "WithdrawReason",
    "allocation_blockers",
    "allocation_decline",
    "allocation_mark_accepted",
    "allocation_mark_withdrawn",
    "allocation_propose",
    "allocations_expire",
    "assessment_correct",
    "assessment_create",
    "assessment_withdraw",
    "consent_record",
    "consent_withdraw",
    "hold_expiry_for",
    "inquiry_close_without_place",
    "inquiry_correct",
    "inquiry_create",
    "inquiry_led_to_place",
    "may_correct",
    "may_correct_inquiry",
    "share_with_offer",
    "share_with_police",
    "threat_assessment_record",
    "valid_consent",
]
