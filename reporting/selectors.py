"""Reads for reporting, each taking the acting user and asking the access policy.

The pages that show a stay's reports, the report inbox and the milestone form
record what they show (``reporting.reads``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from reporting import deadlines as dl
from reporting import prefill, reads
from reporting.models import MilestoneReport, ReportedOffer, ReportedStay
from stays import selectors as stay_selectors


def my_deadlines(*, fetched_by: Viewer, today: dt.date | None = None) -> list[dl.Deadline]:
    return dl.deadlines_for(fetched_by, today=today)


def deadline_subjects(
    deadlines: Iterable[dl.Deadline], *, fetched_by: Viewer, request: HttpRequest | None = None
) -> dict[int, str]:
    """id(deadline) -> what it is about: a resident by the naming rule, anything else by name."""
    from stays.models import Stay

    deadlines = list(deadlines)
    # One stay owes several reports: each resident is named (and audited) once.
    stays = list({d.obj.pk: d.obj for d in deadlines if isinstance(d.obj, Stay)}.values())
    labels = stay_selectors.resident_labels(stays, fetched_by=fetched_by, request=request)
    return {id(d): labels[d.obj.pk] if isinstance(d.obj, Stay) else str(d.obj) for d in deadlines}


def open_deadlines(
    *, fetched_by: Viewer, objects: Iterable[Model], today: dt.date | None = None
) -> dict[int, list[dl.Deadline]]:
    """For a list page: object pk -> its overdue, due and due-soon deadlines, most urgent first.

    Works for any object a deadline can concern (a stay, a dwelling, a consent,
    an allocation). Only deadlines the user may see count, so the markers on a
    list say the same as "Mine frister".
    """
    # A proxy row (FollowedStay, ReportedStay) marks the same stay.
    wanted = {(_concrete_label(obj), obj.pk) for obj in objects}
    found: dict[int, list[dl.Deadline]] = {}
    for deadline in dl.deadlines_for(fetched_by, today=today):
        if deadline.state not in (dl.State.OVERDUE, dl.State.DUE, dl.State.SOON):
            continue
        if (_concrete_label(deadline.obj), deadline.obj.pk) in wanted:
            found.setdefault(deadline.obj.pk, []).append(deadline)
    return found


def overdue_markers(
    *, fetched_by: Viewer, objects: Iterable[Model], today: dt.date | None = None
) -> dict[int, dl.Deadline]:
    """Object pk -> its most urgent overdue deadline (deadlines_for sorts by date)."""
    found: dict[int, dl.Deadline] = {}
    for pk, deadlines in open_deadlines(
        fetched_by=fetched_by, objects=objects, today=today
    ).items():
        overdue = [d for d in deadlines if d.state == dl.State.OVERDUE]
        if overdue:
            found[pk] = overdue[0]
    return found


def _concrete_label(obj: Model) -> str:
    concrete = obj._meta.concrete_model or type(obj)
    return str(concrete._meta.label)


def stay_for_report(*, fetched_by: Viewer, pk: int) -> ReportedStay:
    return policy.get_object_for(fetched_by, ReportedStay, Perm.SUBMIT_MILESTONE_REPORT, pk=pk)


def report_inbox(*, fetched_by: Viewer) -> QuerySet[MilestoneReport]:
    """Submitted reports the directorate representative may read, newest first."""
    return (
        policy.visible(fetched_by, MilestoneReport, Perm.READ_MILESTONE_REPORTS)
        .select_related("stay", "stay__offer", "stay__offer__municipality")
        .order_by("read_at", "-submitted_on", "-pk")
    )


def unread_report_count(*, fetched_by: Viewer) -> int:
    """Reports sent to the directorate that nobody there has opened yet: a count, nobody read."""
    return report_inbox(fetched_by=fetched_by).filter(read_at__isnull=True).count()


def report_get(*, fetched_by: Viewer, pk: int, perm: Perm = Perm.READ_MILESTONE_REPORTS) -> Any:
    return policy.get_object_for(
        fetched_by,
        MilestoneReport.objects.select_related("stay", "stay__offer", "stay__offer__municipality"),
        perm,
        pk=pk,
    )


@dataclass(frozen=True)
class LateReport:
    stay: Any
    stay_id: int
    offer: Any
    kind: str
    kind_label: str
    due_on: dt.date
    days_late: int
    # How the viewer sees the resident (stays.selectors.naming): the directorate, a pseudonym.
    label: str = ""


def late_reports(*, fetched_by: Viewer, today: dt.date | None = None) -> list[LateReport]:
    """Milestones past due without a submitted report, across every offer the user reads."""
    today = today or dates.today()
    stays = dl.may_still_owe(
        dl.reportable_stays(policy.visible(fetched_by, ReportedStay, Perm.READ_MILESTONE_REPORTS))
    )
    late = [
        LateReport(
            stay=d.obj,
            stay_id=d.obj.pk,
            offer=d.obj.offer,  # type: ignore[attr-defined]
            kind=d.subkind,
            kind_label=d.title,
            due_on=d.due_on,
            days_late=(today - d.due_on).days,
        )
        for d in dl.milestone_deadlines(stays, today=today)
        if d.state == dl.State.OVERDUE
    ]
    return sorted(late, key=lambda r: (r.due_on, r.stay_id))


def stay_reports(*, fetched_by: Viewer, stay: Any) -> list[dl.Deadline]:
    """The milestone reports a stay owes, submitted or not (for the stay's report page)."""
    return dl.milestone_deadlines([stay], today=dates.today(), include_done=True)


def stay_reports_page(
    *, fetched_by: Viewer, pk: int, request: HttpRequest | None = None
) -> tuple[ReportedStay, list[dl.Deadline]]:
    """The stay's report page: its offer and the reports it owes, with their dates; audited."""
    stay = stay_for_report(fetched_by=fetched_by, pk=pk)
    owed = stay_reports(fetched_by=fetched_by, stay=stay)
    reads.STAY_REPORTS.record(actor=fetched_by, objects=[stay], request=request)
    return stay, owed


def milestone_form_start(
    *, fetched_by: Viewer, stay: ReportedStay, kind: str, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The milestone form's initial values from the stay's record; on GET that read is logged.

    A POST carries the user's own text, so it reads nothing from the record.
    """
    if request is not None and request.method != "GET":
        return {}
    filled = prefill.milestone_prefill(stay=stay, kind=kind)
    reads.MILESTONE_FORM.record(
        actor=fetched_by, objects=[stay], request=request, shown=filled.fields
    )
    return filled.initial


@dataclass(frozen=True)
class InboxReport:
    """A report in the inbox and how many days after its deadline it was sent (0: on time)."""

    report: MilestoneReport
    days_sent_late: int
    label: str = ""


@dataclass
class Inbox:
    """New reports (all of them: open work), one page of read ones, and the late list."""

    new: list[InboxReport]
    read: list[InboxReport]
    read_page: Page[MilestoneReport]
    late: list[LateReport]

    @property
    def sent_late_count(self) -> int:
        """Reports sent after their deadline, among the new ones."""
        return sum(1 for row in self.new if row.days_sent_late)


READ_REPORTS_PER_PAGE = 25


def sent_late(report: MilestoneReport) -> int:
    """Days after the deadline the report was sent, by the deadline rule (``deadlines``).

    The deadline is the one stored when the report was sent: a planned
    move-out changed afterwards does not make an on-time report late.
    """
    return dl.days_sent_late(due_on=report.due_on, submitted_on=report.submitted_on)


def inbox_page(
    *, fetched_by: Viewer, page: int | str | None = 1, request: HttpRequest | None = None
) -> Inbox:
    """The directorate's inbox: new reports, one page of read ones, those past due; audited.

    Read reports are paged (newest first), so the page costs the same after
    twenty years of reports as after one; only what is shown is audited.
    """
    inbox = report_inbox(fetched_by=fetched_by)
    new = list(inbox.filter(read_at__isnull=True))
    read_page = Paginator(
        inbox.filter(read_at__isnull=False).order_by("-submitted_on", "-pk"),
        READ_REPORTS_PER_PAGE,
    ).get_page(page)
    read = list(read_page.object_list)
    late = late_reports(fetched_by=fetched_by)
    reads.REPORT_LIST.record(actor=fetched_by, objects=[*new, *read], request=request)
    stays = {row.stay_id: row.stay for row in late}
    reads.LATE_LIST.record(actor=fetched_by, objects=list(stays.values()), request=request)
    labels = stay_selectors.resident_labels(
        [*stays.values(), *(r.stay for r in [*new, *read])], fetched_by=fetched_by, request=request
    )
    return Inbox(
        new=[InboxReport(r, sent_late(r), labels[r.stay_id]) for r in new],
        read=[InboxReport(r, sent_late(r), labels[r.stay_id]) for r in read],
        read_page=read_page,
        late=[dataclasses.replace(row, label=labels[row.stay_id]) for row in late],
    )


def statistics_offers(*, fetched_by: Viewer, perm: Perm = Perm.VIEW_STATISTICS) -> QuerySet[Any]:
    return policy.visible(fetched_by, ReportedOffer, perm).select_related("municipality")


def statistics_municipalities(
    *, fetched_by: Viewer, perm: Perm = Perm.VIEW_STATISTICS
) -> QuerySet[Any]:
    """The municipalities the user's reach covers for ``perm``, with or without offers."""
    from accounts.models import Organisation

    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    if not policy.has_perm(fetched_by, perm):
        return municipalities.none()
    allowed = policy.reporting_municipality_filter(fetched_by, perm)
    return municipalities if allowed is None else municipalities.filter(allowed)


def statistics_is_national(*, fetched_by: Viewer, perm: Perm = Perm.VIEW_STATISTICS) -> bool:
    """Does the user reach every offer (national figures) for ``perm``?"""
    return policy.has_perm(fetched_by, perm) and (
        policy.reporting_filter(fetched_by, perm, "municipality") is None
    )
