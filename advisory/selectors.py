"""Reads of the advisory work: through the policy, every read of a contact audited.

Counts for the statistics (``yearly_counts``) name nobody and are read by
``reporting``; they write no read rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils.translation import gettext as _

from access import policy
from accounts.actors import Viewer
from advisory import reads
from advisory.models import ACTIONS, TOPICS, AdvisoryContact, AskedBy, Course, ServiceKind
from referrals.models import ContactKind

PER_PAGE = 50
P = policy.Perm


@dataclass(frozen=True)
class ContactListPage:
    page: Page[AdvisoryContact]
    courses: list[Course]


def list_years(*, fetched_by: Viewer) -> list[int]:
    """The years with a contact the user may see or a course, newest first (for the filter)."""
    contacts = policy.visible(fetched_by, AdvisoryContact, P.VIEW_ADVISORY)
    return sorted(
        {d.year for d in contacts.dates("contact_on", "year")}
        | {d.year for d in Course.objects.dates("held_on", "year")},
        reverse=True,
    )


def contact_list(
    *,
    fetched_by: Viewer,
    year: int | None = None,
    topic: str = "",
    page: int | str | None = 1,
    request: HttpRequest | None = None,
) -> ContactListPage:
    """The team's contacts, newest first, a page at a time; filtered by year and topic."""
    contacts = policy.visible(fetched_by, AdvisoryContact, P.VIEW_ADVISORY)
    if year is not None:
        contacts = contacts.filter(contact_on__year=year)
    flags = {code: flag for code, flag, _label in TOPICS}
    if topic in flags:
        contacts = contacts.filter(**{flags[topic]: True})
    shown = Paginator(contacts.order_by("-contact_on", "-pk"), PER_PAGE).get_page(page)
    reads.CONTACT_LIST.record(actor=fetched_by, objects=list(shown.object_list), request=request)
    courses = Course.objects.order_by("-held_on", "-pk")
    if year is not None:
        courses = courses.filter(held_on__year=year)
    return ContactListPage(shown, list(courses[:PER_PAGE]))


def contact_page(
    *, contact: AdvisoryContact, fetched_by: Viewer, request: HttpRequest | None = None
) -> AdvisoryContact:
    """One contact with its name and note, as its page and the inquiry form show it."""
    reads.CONTACT.record(actor=fetched_by, objects=[contact], request=request)
    return contact


# Who asked, as the statistics count it: each kind of service on its own.
ASKED_BY_KEYS = (
    AskedBy.PERSON.value,
    *(f"service_{kind}" for kind in ServiceKind.values),
    AskedBy.VOLUNTEER.value,
    AskedBy.FAMILY.value,
    AskedBy.OTHER.value,
)


def _asked_by_key(asked_by: str, service_kind: str) -> str:
    return f"service_{service_kind}" if asked_by == AskedBy.SERVICE else asked_by


def yearly_counts(*, start: dt.date, end: dt.date) -> dict[int, dict[str, Any]]:
    """Raw counts per calendar year of ``start``–``end`` (both inclusive): contacts, courses.

    A year at the period's edge counts only its days inside the period.
    Three queries whatever the number of years. Keys are documented in
    docs/statistics.md (``advisory``).
    """
    out: dict[int, dict[str, Any]] = {
        year: {
            "contacts": 0,
            "asked_by": dict.fromkeys(ASKED_BY_KEYS, 0),
            "topics": dict.fromkeys((code for code, _f, _l in TOPICS), 0),
            "actions": dict.fromkeys((code for code, _f, _l in ACTIONS), 0),
            "turned_into_inquiry": 0,
            "courses": 0,
            "course_participants": 0,
        }
        for year in range(start.year, end.year + 1)
    }
    contacts = AdvisoryContact.objects.filter(contact_on__gte=start, contact_on__lte=end).annotate(
        year=ExtractYear("contact_on")
    )
    flags = {
        **{f"topic:{code}": Count("pk", filter=Q(**{flag: True})) for code, flag, _l in TOPICS},
        **{f"action:{code}": Count("pk", filter=Q(**{flag: True})) for code, flag, _l in ACTIONS},
    }
    for row in (
        contacts.values("year")
        .annotate(n=Count("pk"), inquiries=Count("pk", filter=Q(inquiry__isnull=False)), **flags)
        .order_by()
    ):
        year = out[row["year"]]
        year["contacts"] = row["n"]
        year["turned_into_inquiry"] = row["inquiries"]
        for code, _flag, _label in TOPICS:
            year["topics"][code] = row[f"topic:{code}"]
        for code, _flag, _label in ACTIONS:
            year["actions"][code] = row[f"action:{code}"]
    for row in (
        contacts.values("year", "asked_by", "service_kind").annotate(n=Count("pk")).order_by()
    ):
        out[row["year"]]["asked_by"][_asked_by_key(row["asked_by"], row["service_kind"])] += row[
            "n"
        ]
    courses = Course.objects.filter(held_on__gte=start, held_on__lte=end).annotate(
        year=ExtractYear("held_on")
    )
    for row in (
        courses.values("year").annotate(n=Count("pk"), people=Sum("participants")).order_by()
    ):
        out[row["year"]]["courses"] = row["n"]
        out[row["year"]]["course_participants"] = row["people"] or 0
    return out


# Who asked -> who contacted, as an inquiry names it (referrals.ContactKind);
# anyone else is «Annen tjeneste», which the coordinator can change on the form.
_CONTACT_KIND = {
    AskedBy.PERSON.value: ContactKind.YOUNG_PERSON,
    **{
        kind: ContactKind(kind)
        for kind in ServiceKind.values
        if kind in ContactKind.values and kind != ContactKind.OTHER_SERVICE
    },
}


def inquiry_facts(contact: AdvisoryContact) -> dict[str, Any]:
    """What the contact already says, as the inquiry form's starting values (not typed twice)."""
    key = contact.service_kind if contact.asked_by == AskedBy.SERVICE else contact.asked_by
    reason = _("Fra rådgivning %(date)s. Tema: %(topics)s.") % {
        "date": contact.contact_on.strftime("%d.%m.%Y"),
        "topics": ", ".join(contact.topic_labels).lower(),
    }
    if contact.note:
        reason = f"{reason}\n{contact.note}"
    return {
        "contact_kind": _CONTACT_KIND.get(key, ContactKind.OTHER_SERVICE),
        "channel": contact.channel,
        "received_on": contact.contact_on,
        "reason": reason,
    }
