"""Reads for intake and allocation. Each takes the acting user and shows only what the policy allows.

List selectors log every person shown; single-object reads of case content
are logged by the view-facing selectors here too, so no view forgets it. What
each read names is declared in ``referrals.reads``.

* ``intake``: inquiries and the coordinator's workbench.
* ``inquiries``: the inquiry list with names, filter and search.
* ``assessments``: assessments, police consent and threat assessments.
* ``matching``: which offers and places fit an assessment.
* ``package``: the receiving offer's inbox and information package.

Import from ``referrals.selectors``; the split is only to keep modules short.
"""

from referrals.selectors.assessments import (
    AssessmentPage,
    Step,
    assessment_for_correction,
    assessment_list,
    assessment_page,
    latest_threat_assessment,
    police_consent,
    police_queue,
    police_queue_count,
    read_assessment,
    read_for_threat_assessment,
    read_threat_details,
    threat_list,
)
from referrals.selectors.inquiries import InquiryRow, inquiry_rows
from referrals.selectors.intake import (
    HOLD_WARNING_DAYS,
    InquiryPage,
    Workbench,
    inquiry_for_correction,
    inquiry_page,
    read_inquiry,
    waiting_work,
    workbench,
)
from referrals.selectors.matching import (
    MATCH_SOON_DAYS,
    OfferMatch,
    match_offers,
    offer_exclusions,
    place_bookable,
)
from referrals.selectors.package import (
    InformationPackage,
    inbox,
    information_package,
)

__all__ = [
    "HOLD_WARNING_DAYS",
    "MATCH_SOON_DAYS",
    "AssessmentPage",
    "InformationPackage",
    "InquiryPage",
    "InquiryRow",
    "OfferMatch",
    "Step",
    "Workbench",
    "assessment_for_correction",
    "assessment_list",
    "assessment_page",
    "inbox",
    "information_package",
    "inquiry_for_correction",
    "inquiry_page",
    "inquiry_rows",
    "latest_threat_assessment",
    "match_offers",
    "offer_exclusions",
    "place_bookable",
    "police_consent",
    "police_queue",
    "police_queue_count",
    "read_assessment",
    "read_for_threat_assessment",
    "read_inquiry",
    "read_threat_details",
    "threat_list",
    "waiting_work",
    "workbench",
]
