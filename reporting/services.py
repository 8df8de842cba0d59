"""Writes for reporting: milestone reports (submit, view, mark read) and audited exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import Actor
from audit.services import record
from core import dates
from reporting.deadlines import milestone_due_dates
from reporting.models import MilestoneKind, MilestoneReport

REPORT_FIELDS = ["kind", "housing_plan", "status_text", "place_vacant", "vacant_from"]


@transaction.atomic
def milestone_report_submit(
    *,
    stay: Any,
    kind: str,
    by: Actor,
    housing_plan: str = "",
    status_text: str = "",
    place_vacant: bool | None = None,
    vacant_from: dt.date | None = None,
    request: HttpRequest | None = None,
) -> MilestoneReport:
    """The municipality sends one milestone report for a stay to the directorate.

    Each report is sent once; it must be one the stay owes (platform §4b).
    """
    owed = milestone_due_dates(
        moved_in_on=stay.moved_in_on,
        planned_move_out_on=stay.planned_move_out_on,
        moved_out_on=stay.moved_out_on,
    )
    if kind not in owed:
        raise ValidationError(_("Denne rapporten skal ikke sendes for dette oppholdet."))
    if MilestoneReport.objects.filter(stay_id=stay.pk, kind=kind).exists():
        raise ValidationError(_("Denne rapporten er allerede sendt."))
    errors: dict[str, str] = {}
    if kind == MilestoneKind.THREE_MONTHS and not housing_plan.strip():
        errors["housing_plan"] = _("Skriv planen for flytting til permanent bolig.")
    if kind == MilestoneKind.BEFORE_MOVE_OUT and not status_text.strip():
        errors["status_text"] = _("Skriv kort hvordan det går.")
    if kind == MilestoneKind.NINE_MONTHS:
        if place_vacant is None:
            errors["place_vacant"] = _("Svar ja eller nei.")
        elif place_vacant and vacant_from is None:
            errors["vacant_from"] = _("Skriv datoen plassen er ledig fra, for eksempel 01.09.2026.")
    if not place_vacant:
        vacant_from = None
    if errors:
        raise ValidationError(errors)
    report = MilestoneReport(
        stay_id=stay.pk,
        kind=kind,
        due_on=owed[kind],
        housing_plan=housing_plan.strip(),
        status_text=status_text.strip(),
        place_vacant=place_vacant,
        vacant_from=vacant_from,
        submitted_by=by,
        submitted_on=dates.today(),
        is_synthetic=bool(getattr(stay, "is_synthetic", False)),
    )
    report.full_clean()
    report.save()
    record(
        actor=by,
        action="reporting.milestone_report.submitted",
        obj=report,
        fields=REPORT_FIELDS,
        purpose="milepælsrapport til Bufdir",
        request=request,
    )
    return report


@transaction.atomic
def milestone_report_view(
    *, report: MilestoneReport, by: Actor, request: HttpRequest | None = None
) -> MilestoneReport:
    """Log that the directorate representative read the report's content."""
    record(
        actor=by,
        action="reporting.milestone_report.viewed",
        obj=report,
        fields=REPORT_FIELDS,
        purpose="milepælsrapport",
        request=request,
    )
    return report


@transaction.atomic
def milestone_report_mark_read(
    *, report: MilestoneReport, by: Actor, request: HttpRequest | None = None
) -> MilestoneReport:
    report = MilestoneReport.objects.select_for_update().get(pk=report.pk)
    if report.read_at is not None:
        return report
    report.read_at = timezone.now()
    report.read_by = by
    report.save(update_fields=["read_at", "read_by", "updated_at"])
    record(
        actor=by,
        action="reporting.milestone_report.read",
        obj=report,
        fields=["read_at", "read_by"],
        purpose="milepælsrapport lest",
        request=request,
    )
    return report


def export_created(
    *,
    by: Actor,
    kind: str,
    scope: str,
    start: dt.date,
    end: dt.date,
    suppressed: bool,
    request: HttpRequest | None = None,
) -> None:
    """Audit one statistics export (aggregates only: no person is in it)."""
    record(
        actor=by,
        action="reporting.export.created",
        object_type="reporting.statistics",
        object_id=scope[:100],
        fields=[kind],
        purpose=(
            f"statistikk {start.isoformat()}–{end.isoformat()}"
            f"{' skjult småtall' if suppressed else ' uten skjuling'}"
        ),
        request=request,
    )
