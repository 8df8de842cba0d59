"""Demo milestone reports: most past-due reports sent, one left late (demo mode only).

Runs after the stays loader: the demo residents' dates are relative to today,
so "Mine frister" shows overdue, soon and later deadlines, and the
directorate's inbox shows new reports and one late report.
"""

from __future__ import annotations

from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import Membership, Role
from core import dates
from reporting.deadlines import milestone_due_dates
from reporting.models import MilestoneKind, MilestoneReport
from stays.models import Stay

TEXT = {
    MilestoneKind.THREE_MONTHS: (
        "Søkt om kommunal utleiebolig og startlån. Beboeren ser på visninger med miljøterapeut."
    ),
    MilestoneKind.BEFORE_MOVE_OUT: (
        "Leiekontrakt er klar. NAV-saken og fastlegen flyttes til ny kommune."
    ),
    MilestoneKind.NINE_MONTHS: "Plassen er klar for en ny beboer.",
}


@transaction.atomic
def load_milestone_reports() -> None:
    require_demo_mode()
    if MilestoneReport.objects.filter(is_synthetic=True).exists():
        return
    today = dates.today()
    left_late = False
    stays = Stay.objects.filter(
        is_synthetic=True, is_imported=False, moved_in_on__isnull=False
    ).select_related("offer")
    for stay in stays.order_by("pk"):
        lead = (
            Membership.objects.filter(
                role__in=[Role.PROJECT_LEAD, Role.FOLLOWUP_WORKER],
                organisation_id=stay.offer.municipality_id,
            )
            .order_by("role")
            .select_related("user")
            .first()
        )
        if lead is None:
            continue
        owed = milestone_due_dates(
            moved_in_on=stay.moved_in_on,
            planned_move_out_on=stay.planned_move_out_on,
            moved_out_on=stay.moved_out_on,
        )
        for kind, due_on in owed.items():
            if due_on > today:
                continue
            if not left_late:
                left_late = True  # one report stays late, for the inbox and "Mine frister"
                continue
            MilestoneReport.objects.create(
                stay=stay,
                kind=kind,
                due_on=due_on,
                housing_plan=TEXT[MilestoneKind(kind)]
                if kind == MilestoneKind.THREE_MONTHS
                else "",
                status_text="" if kind == MilestoneKind.THREE_MONTHS else TEXT[MilestoneKind(kind)],
                place_vacant=True if kind == MilestoneKind.NINE_MONTHS else None,
                vacant_from=(stay.moved_out_on or due_on)
                if kind == MilestoneKind.NINE_MONTHS
                else None,
                submitted_by=lead.user,
                submitted_on=due_on,
                is_synthetic=True,
            )
