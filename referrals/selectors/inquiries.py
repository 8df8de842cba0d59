"""The inquiry list (henvendelser): who each one is about, a status filter and a search.

Part of ``referrals.selectors``. The name lives on the person of the
inquiry's assessment, so a row names someone only once an assessment exists,
and only to a user who may see that assessment (``VIEW_ASSESSMENTS``); every
person named is logged, one row each (``reads.PERSON_LIST``).

Names are encrypted without a blind index, so the database cannot search
them. The search is by identity number instead, exactly, through the blind
index the duplicate check uses; the view takes it by POST so the number never
lands in a URL, the browser history or an access log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from access import policy
from accounts.actors import Viewer
from core.fields import blind_index_for
from referrals import reads
from referrals.models import Assessment, Inquiry
from referrals.models.intake import IDENTITY_INDEX_CONTEXT


@dataclass(frozen=True)
class InquiryRow:
    inquiry: Inquiry
    # The names of the persons the inquiry led to an assessment of ([] when none,
    # or when the user may not see them).
    names: list[str]


INQUIRIES_PER_PAGE = 50


@dataclass(frozen=True)
class InquiryListPage:
    rows: list[InquiryRow]
    page: Page[Inquiry]


def inquiry_rows(
    *,
    fetched_by: Viewer,
    outcome: str = "",
    identity_number: str = "",
    page: int | str | None = 1,
    request: HttpRequest | None = None,
) -> InquiryListPage:
    """Inquiries the user may see, newest first, with who each is about; every read logged.

    ``outcome``: one of ``Inquiry.Outcome`` or "" for all. ``identity_number``:
    a valid number (the form checks it) to show only the inquiries about that person.
    A page at a time (``INQUIRIES_PER_PAGE``): twenty years of inquiries are
    not read, nor logged, to show the newest fifty.
    """
    inquiries = policy.visible(fetched_by, Inquiry, policy.Perm.VIEW_INQUIRIES)
    if outcome in Inquiry.Outcome.values:
        inquiries = inquiries.filter(outcome=outcome)
    assessments = (
        policy.visible(fetched_by, Assessment, policy.Perm.VIEW_ASSESSMENTS)
        .exclude(status=Assessment.Status.WITHDRAWN)
        .select_related("person")
    )
    if identity_number:
        index = blind_index_for(
            identity_number, context=IDENTITY_INDEX_CONTEXT, normalise="identity_number"
        )
        # Only assessments the user may see can tie a number to an inquiry.
        assessments = assessments.filter(person__identity_number_index=index or "-")
        inquiries = inquiries.filter(pk__in=assessments.values("inquiry_id"))
    shown_page = Paginator(inquiries.order_by("-received_on", "-pk"), INQUIRIES_PER_PAGE).get_page(
        page
    )
    found = list(shown_page.object_list)
    by_inquiry: dict[int, list[Assessment]] = {}
    for assessment in assessments.filter(inquiry__in=found).order_by("pk"):
        if assessment.inquiry_id is not None:
            by_inquiry.setdefault(assessment.inquiry_id, []).append(assessment)
    rows, persons = [], {}
    for inquiry in found:
        shown = by_inquiry.get(inquiry.pk, [])
        for assessment in shown:
            persons[assessment.person_id] = assessment.person
        rows.append(InquiryRow(inquiry, list(dict.fromkeys(a.person.name for a in shown))))
    reads.INQUIRY_LIST.record(actor=fetched_by, objects=found, request=request, shown=True)
    reads.PERSON_LIST.record(
        actor=fetched_by,
        objects=list(persons.values()),
        request=request,
        purpose="oversikt over henvendelser",
    )
    return InquiryListPage(rows, shown_page)
