"""Henvendelser, kartlegging, samtykke, trusselvurdering og tildeling.

The competence team's intake: an inquiry (``Inquiry``) may lead to an
assessment (``Assessment``) of a person (``Person``); the person consents
(``Consent``) to sharing with the police and with the receiving offer; the
police write a threat assessment (``ThreatAssessment``); the coordinator
proposes a place (``Allocation``), which the offer's project lead accepts
(creating a ``stays.Stay``) or declines.

Personal data (names, identity numbers, phone numbers, free text) is stored
encrypted (ADR 0002). Statuses, outcomes and reasons are plain choices so the
statistics can count them without decrypting anything.

One module per stage (``intake``, ``assessments``, ``consent``,
``allocation``); import from ``referrals.models``.
"""

from referrals.models.allocation import Allocation
from referrals.models.assessments import (
    INTENSITY_RANK,
    Assessment,
    AssessmentChild,
    AssessmentCorrection,
    Criterion,
    Intensity,
    ThreatAssessment,
    YesNoUnclear,
)
from referrals.models.consent import (
    Consent,
    Disclosure,
)
from referrals.models.intake import (
    IDENTITY_INDEX_CONTEXT,
    Channel,
    ContactKind,
    Gender,
    Inquiry,
    InquiryCorrection,
    Person,
)

__all__ = [
    "IDENTITY_INDEX_CONTEXT",
    "INTENSITY_RANK",
    "Allocation",
    "Assessment",
    "AssessmentChild",
    "AssessmentCorrection",
    "Channel",
    "Consent",
    "ContactKind",
    "Criterion",
    "Disclosure",
    "Gender",
    "Inquiry",
    "InquiryCorrection",
    "Intensity",
    "Person",
    "ThreatAssessment",
    "YesNoUnclear",
]
