"""Which stays a user may see, and what each resident page shows, audited (SECURITY.md 21).

Every function takes the acting user (``fetched_by``) and goes through
``access.policy`` (404 for hidden and missing alike). The ones a page shows
record the page's read (``stays.reads``) in the same request: one row on the
stay, or one per resident on a list, in one batch. Forms record on GET, when
they show the stored values; a POST shows back what was typed, and the
service that saves it writes its own row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from audit.services import Read
from core import dates
from housing.models import PartnerContact, PartnerService
from stays import reads
from stays.models import (
    ArrivalTimetableItem,
    GoalIndicatorAssessment,
    HouseholdMember,
    PlannedMoveOutChange,
    Stay,
    StayPartner,
    TransferItem,
)
from stays.selectors.facts import (
    PHASE_LABELS,
    Marker,
    ResidentRow,
    resident_row,
    transfer_rows,
)
from stays.selectors.naming import resident_label, resident_labels


def _base() -> QuerySet[Stay]:
    return Stay.objects.select_related("offer", "offer__municipality", "person")


def _is_get(request: HttpRequest | None) -> bool:
    return request is None or request.method == "GET"


def stay_get(*, fetched_by: Viewer, pk: int, perm: Perm = Perm.VIEW_RESIDENTS) -> Stay:
    """One stay the user may see for ``perm``, else 404 (nothing shown yet: no audit row)."""
    return policy.get_object_for(fetched_by, _base(), perm, pk=pk)


def stay_read(
    *,
    fetched_by: Viewer,
    pk: int,
    read: Read,
    perm: Perm = Perm.VIEW_RESIDENTS,
    purpose: str = "",
    request: HttpRequest | None = None,
) -> Stay:
    """One stay for a page that shows what ``read`` names, else 404; the read is recorded."""
    stay = stay_get(fetched_by=fetched_by, pk=pk, perm=perm)
    if _is_get(request):
        read.record(actor=fetched_by, objects=[stay], request=request, purpose=purpose)
    return stay


# --- lists -------------------------------------------------------------------------------


def resident_list(*, fetched_by: Viewer, include_finished: bool = False) -> QuerySet[Stay]:
    """Residents of the user's own offers: allocated, living, moved out (and aftercare)."""
    queryset = policy.visible(fetched_by, _base(), Perm.VIEW_RESIDENTS)
    if not include_finished:
        queryset = queryset.exclude(status__in=[Stay.Status.CLOSED, Stay.Status.WITHDRAWN])
    return queryset.order_by("offer__name", "moved_in_on", "pk")


def resident_rows(
    *,
    fetched_by: Viewer,
    include_finished: bool = False,
    phase: str = "",
    sort: str = "",
    today: dt.date | None = None,
    request: HttpRequest | None = None,
    deadlines: Callable[[list[Stay]], dict[int, list[Marker]]] | None = None,
) -> list[ResidentRow]:
    """The resident list's rows, filtered by phase («forfalt»: overdue) and sorted; each one logged.

    ``deadlines`` gives, per stay pk, the markers of what is owed for it (the
    reports reporting tracks): the page that shows them passes it
    (``oversight.residents``), since those apps sit above stays.
    """
    today = today or dates.today()
    stays = list(resident_list(fetched_by=fetched_by, include_finished=include_finished))
    owed = deadlines(stays) if deadlines is not None else {}
    rows = [resident_row(stay, today, owed.get(stay.pk)) for stay in stays]
    if phase in PHASE_LABELS:
        rows = [r for r in rows if r.phase == phase]
    elif phase == "forfalt":
        rows = [r for r in rows if r.overdue]
    if sort == "utflytting":
        rows.sort(
            key=lambda r: (r.stay.planned_move_out_on is None, r.stay.planned_move_out_on or today)
        )
    elif sort == "dager":
        rows.sort(key=lambda r: -(r.days_since_arrival or -1))
    else:
        rows.sort(key=lambda r: (r.stay.moved_in_on is None, r.stay.moved_in_on or today))
    reads.RESIDENT_LIST.record(actor=fetched_by, objects=[r.stay for r in rows], request=request)
    _label(rows, fetched_by=fetched_by, request=request, covered_by=reads.RESIDENT_LIST)
    return rows


def security_list(*, fetched_by: Viewer) -> QuerySet[Stay]:
    """Residents in offers of the police user's district (the scope decides which statuses)."""
    return policy.visible(fetched_by, _base(), Perm.VIEW_STAY_SECURITY).order_by(
        "offer__municipality__name", "offer__name", "moved_in_on", "pk"
    )


def security_rows(*, fetched_by: Viewer, request: HttpRequest | None = None) -> list[ResidentRow]:
    """The local police's list: the security subset of every resident in the district; logged."""
    today = dates.today()
    rows = [resident_row(stay, today) for stay in security_list(fetched_by=fetched_by)]
    reads.SECURITY_LIST.record(actor=fetched_by, objects=[r.stay for r in rows], request=request)
    _label(rows, fetched_by=fetched_by, request=request, covered_by=reads.SECURITY_LIST)
    return rows


def _label(
    rows: list[ResidentRow], *, fetched_by: Viewer, request: HttpRequest | None, covered_by: Read
) -> None:
    labels = resident_labels(
        [r.stay for r in rows], fetched_by=fetched_by, request=request, covered_by=covered_by
    )
    for row in rows:
        row.label = labels[row.stay.pk]


@dataclass
class SummaryList:
    """Stays still under way (all of them) and one page of ended ones, each with its label."""

    current: list[tuple[Stay, str]]
    ended: list[tuple[Stay, str]]
    ended_page: Page[Stay]


ENDED_STAYS_PER_PAGE = 50
_ENDED = (Stay.Status.CLOSED, Stay.Status.WITHDRAWN)


def summary_list(
    *, fetched_by: Viewer, page: int | str | None = 1, request: HttpRequest | None = None
) -> SummaryList:
    """The competence team's minimal view: status, offer and dates, never the person; logged.

    Stays under way are all shown; ended ones (closed, withdrawn) a page at a
    time, newest first, so the page does not grow with twenty years of
    history. Each stay comes with its label (``naming``): the team gets pseudonyms.
    """
    visible = policy.visible(
        fetched_by, Stay.objects.select_related("offer__municipality"), Perm.VIEW_STAY_SUMMARY
    ).defer("extension_reason", "housing_plan", "aftercare_reason")
    current = list(
        visible.exclude(status__in=_ENDED).order_by(
            "offer__municipality__name", "offer__name", "-allocated_on", "pk"
        )
    )
    ended_page = Paginator(
        visible.filter(status__in=_ENDED).order_by("-allocated_on", "-pk"), ENDED_STAYS_PER_PAGE
    ).get_page(page)
    ended = list(ended_page.object_list)
    shown = [*current, *ended]
    reads.SUMMARY_LIST.record(actor=fetched_by, objects=shown, request=request)
    labels = resident_labels(
        shown, fetched_by=fetched_by, request=request, covered_by=reads.SUMMARY_LIST
    )
    return SummaryList(
        current=[(stay, labels[stay.pk]) for stay in current],
        ended=[(stay, labels[stay.pk]) for stay in ended],
        ended_page=ended_page,
    )


# --- one resident --------------------------------------------------------------------------


@dataclass
class SecurityDetail:
    stay: Stay
    label: str
    household: list[HouseholdMember]
    security_item: TransferItem | None
    police_meetings: list[ArrivalTimetableItem]


def security_detail(
    *, fetched_by: Viewer, pk: int, request: HttpRequest | None = None
) -> SecurityDetail:
    """The police's page: name, dates, household, the new address's assessment, police meetings."""
    stay = stay_read(
        fetched_by=fetched_by,
        pk=pk,
        read=reads.SECURITY_DETAIL,
        perm=Perm.VIEW_STAY_SECURITY,
        request=request,
    )
    meetings = ArrivalTimetableItem.objects.filter(stay_id=stay.pk).defer("description")
    return SecurityDetail(
        stay=stay,
        label=resident_label(
            stay, fetched_by=fetched_by, request=request, covered_by=reads.SECURITY_DETAIL
        ),
        household=list(HouseholdMember.objects.filter(stay_id=stay.pk).defer("first_name")),
        security_item=TransferItem.objects.filter(
            stay_id=stay.pk, item=TransferItem.Item.SECURITY_ASSESSMENT
        )
        .defer("note")
        .first(),
        police_meetings=[t for t in meetings if "politi" in f"{t.title} {t.attendees}".lower()],
    )


@dataclass
class StayRecords:
    """What the overview and the notes page list of one stay (the pages choose the fields)."""

    household: list[HouseholdMember]
    timetable: list[ArrivalTimetableItem]
    partners: list[StayPartner]
    changes: list[PlannedMoveOutChange]
    transfer: list[TransferItem]
    indicators: GoalIndicatorAssessment | None


def stay_records(stay: Stay) -> StayRecords:
    """The records of a stay already fetched (and its read recorded) through the policy."""
    return StayRecords(
        household=list(stay.household.all()),
        timetable=list(stay.timetable.all()),
        partners=list(stay.partners.select_related("partner", "contact")),
        changes=list(stay.move_out_changes.select_related("changed_by")),
        transfer=transfer_rows(stay),
        indicators=GoalIndicatorAssessment.objects.filter(stay=stay).first(),
    )


def partner_choices(stay: Stay) -> tuple[QuerySet[PartnerService], QuerySet[PartnerContact]]:
    """The offer's own partner services and their contacts, to link one to the resident."""
    return (
        PartnerService.objects.filter(offer=stay.offer),
        PartnerContact.objects.filter(partner__offer=stay.offer).select_related("partner"),
    )


def notes_read(*, fetched_by: Viewer, stay: Stay, request: HttpRequest | None = None) -> None:
    """The deliberate «show notes» (a POST): every note of the stay is about to be shown."""
    reads.NOTES.record(actor=fetched_by, objects=[stay], request=request)


def timetable(
    *,
    fetched_by: Viewer,
    pk: int,
    read: Read,
    perm: Perm = Perm.VIEW_RESIDENTS,
    request: HttpRequest | None = None,
) -> tuple[Stay, list[ArrivalTimetableItem]]:
    """The arrival timetable: on its page (``reads.TIMETABLE``) or printed (``TIMETABLE_PDF``).

    The printout carries the appointments' descriptions (notes), so its view
    asks for ``READ_STAY_NOTES``. Nothing to show (no item yet) is no read; a
    printout of nothing answers 404.
    """
    stay = stay_get(fetched_by=fetched_by, pk=pk, perm=perm)
    items = list(ArrivalTimetableItem.objects.filter(stay_id=stay.pk))
    if items or read is reads.TIMETABLE:
        read.record(actor=fetched_by, objects=[stay], request=request)
    return stay, items


def timetable_item_for_form(
    *, fetched_by: Viewer, stay: Stay, pk: int, request: HttpRequest | None = None
) -> ArrivalTimetableItem:
    """One item of the stay's timetable to edit (its description is in the form), or 404."""
    item = ArrivalTimetableItem.objects.filter(stay_id=stay.pk, pk=pk).first()
    if item is None:
        raise Http404
    item.stay = stay
    if _is_get(request):
        reads.TIMETABLE_ITEM.record(actor=fetched_by, objects=[item], request=request)
    return item


def household_member_for_form(
    *, fetched_by: Viewer, stay: Stay, pk: int, request: HttpRequest | None = None
) -> HouseholdMember:
    """One member of the stay's household (the removal page names them), or 404."""
    member = HouseholdMember.objects.filter(stay_id=stay.pk, pk=pk).defer("first_name").first()
    if member is None:
        raise Http404
    member.stay = stay
    if _is_get(request):
        reads.HOUSEHOLD_MEMBER.record(actor=fetched_by, objects=[member], request=request)
    return member


def stay_partner_for_form(
    *, fetched_by: Viewer, stay: Stay, pk: int, request: HttpRequest | None = None
) -> StayPartner:
    """One of the resident's partner services (the removal page names it), or 404."""
    link = StayPartner.objects.filter(stay_id=stay.pk, pk=pk).select_related("partner").first()
    if link is None:
        raise Http404
    link.stay = stay
    if _is_get(request):
        reads.STAY_PARTNER.record(actor=fetched_by, objects=[link], request=request)
    return link
