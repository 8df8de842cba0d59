"""Reads for the meetings (møter), each taking the acting user and asking the access policy.

The pages record what they show (``meetings.reads``); the start pages'
deadlines read the open tasks through ``open_tasks``, and the statistics the
counts through ``meetings_per_stay``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from access import policy
from access.policy import Perm
from accounts.actors import Viewer, signed_in
from core import dates
from housing.models import PartnerContact, PartnerService
from meetings import reads
from meetings.models import (
    Meeting,
    MeetingConsent,
    MeetingParticipant,
    MeetingStay,
    MeetingTask,
)
from meetings.services import meeting_day, offer_staff, valid_consent
from stays.models import Stay


def stay_get(*, fetched_by: Viewer, pk: Any, perm: Perm = Perm.VIEW_MEETINGS) -> MeetingStay:
    """The stay, if the user may see its meetings for ``perm``; 404 otherwise."""
    return policy.get_object_for(
        fetched_by, MeetingStay.objects.select_related("offer__municipality"), perm, pk=pk
    )


def _is_get(request: HttpRequest | None) -> bool:
    return request is None or request.method == "GET"


@dataclass
class ConsentRow:
    consent: MeetingConsent
    valid_today: bool


@dataclass
class MeetingsPage:
    meetings: list[Meeting]
    consents: list[ConsentRow]
    open_tasks: int


def meetings_page(
    *, fetched_by: Viewer, stay: MeetingStay, request: HttpRequest | None = None
) -> MeetingsPage:
    """The stay's meetings (without their text) and the consents to take part."""
    meetings = list(
        Meeting.objects.filter(stay_id=stay.pk)
        .defer("agenda", "minutes", "decisions")
        .prefetch_related(
            Prefetch("tasks", queryset=MeetingTask.objects.defer("description")),
            Prefetch("participants", queryset=MeetingParticipant.objects.select_related("partner")),
        )
    )
    today = dates.today()
    consents = [
        ConsentRow(c, c.valid_on(today))
        for c in MeetingConsent.objects.filter(stay_id=stay.pk).select_related("partner")
    ]
    open_tasks = sum(1 for m in meetings for t in m.tasks.all() if t.done_on is None)
    reads.MEETINGS.record(actor=fetched_by, objects=[stay], request=request)
    return MeetingsPage(meetings, consents, open_tasks)


def meeting_get(
    *,
    fetched_by: Viewer,
    stay: MeetingStay,
    pk: Any,
    read: reads.Read | None = None,
    request: HttpRequest | None = None,
) -> Meeting:
    """One of the stay's meetings with participants and tasks, or 404; ``read`` recorded on GET."""
    meeting = (
        Meeting.objects.filter(stay_id=stay.pk, pk=pk)
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.select_related("partner", "contact"),
            ),
            Prefetch(
                "tasks",
                queryset=MeetingTask.objects.select_related(
                    "responsible_user", "responsible_partner"
                ),
            ),
        )
        .first()
    )
    if meeting is None:
        raise Http404
    meeting.stay = stay  # the heading's fields, without another query
    if read is not None and _is_get(request):
        read.record(actor=fetched_by, objects=[meeting], request=request)
    return meeting


def form_opened(
    *, fetched_by: Viewer, stay: MeetingStay, request: HttpRequest | None = None
) -> None:
    """A form that shows nothing stored but the stay's heading."""
    if _is_get(request):
        reads.FORM.record(actor=fetched_by, objects=[stay], request=request)


def consent_get(*, stay: MeetingStay, pk: Any) -> MeetingConsent:
    consent = (
        MeetingConsent.objects.filter(stay_id=stay.pk, pk=pk).select_related("partner").first()
    )
    if consent is None:
        raise Http404
    return consent


def task_get(*, meeting: Meeting, pk: Any) -> MeetingTask:
    task = MeetingTask.objects.filter(meeting_id=meeting.pk, pk=pk).first()
    if task is None:
        raise Http404
    return task


# --- choices for the forms ---------------------------------------------------------------


def partner_choices(stay: Stay) -> QuerySet[PartnerService]:
    """The offer's partner register, the only services that can take part."""
    return PartnerService.objects.filter(offer_id=stay.offer_id).order_by("kind", "name")


def contact_choices(stay: Stay) -> QuerySet[PartnerContact]:
    return PartnerContact.objects.filter(partner__offer_id=stay.offer_id).select_related("partner")


def staff_choices(stay: MeetingStay) -> Any:
    return offer_staff(stay)


def consent_status(meeting: Meeting) -> list[tuple[PartnerService, bool]]:
    """Each service of the register and whether a consent covers it on the meeting day."""
    day = meeting_day(meeting)
    return [
        (p, valid_consent(meeting.stay, p, day) is not None) for p in partner_choices(meeting.stay)
    ]


# --- deadlines and statistics -------------------------------------------------------------


def open_tasks(user: Viewer) -> list[MeetingTask]:
    """The open tasks ``user`` must follow: their own, and those of a service, for the offer's staff.

    A task given to one staff member is that person's deadline; a task given
    to a partner service is followed up by everyone who records meetings for
    the resident. Finished stays' tasks are history.
    """
    actor = signed_in(user)
    if actor is None:
        return []
    visible = policy.visible(user, MeetingTask, Perm.RECORD_MEETINGS).filter(done_on__isnull=True)
    visible = visible.exclude(stay__status__in=("closed", "withdrawn"))
    mine = visible.filter(responsible_user=actor) | visible.filter(
        responsible_partner__isnull=False
    )
    return list(mine.select_related("stay").defer("description"))


def meetings_per_stay(stays: Iterable[Any], *, start: dt.date, end: dt.date) -> Counter[int]:
    """Meetings held from ``start`` to ``end`` (inclusive, Oslo days) per stay id."""
    ids = [s.pk for s in stays]
    counts: Counter[int] = Counter()
    for meeting in Meeting.objects.filter(stay_id__in=ids).only("stay_id", "held_at"):
        if start <= meeting_day(meeting) <= end:
            counts[meeting.stay_id] += 1
    return counts
