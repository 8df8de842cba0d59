"""URL arguments for the reporting routes (access/tests/route_samples.py collects them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.tests.route_samples import Sample, SampleContext


def _world(ctx: SampleContext) -> dict[str, Any]:
    if "reporting" not in ctx.cache:
        from reporting.models import MilestoneReport
        from stays.models import Stay
        from tests.factories import OfferFactory

        offer = OfferFactory.create(municipality=ctx.orgs["municipality_a"])
        stay = Stay.objects.create(
            offer=offer,
            allocated_on=dt.date(2025, 1, 2),
            moved_in_on=dt.date(2025, 1, 6),
            planned_move_out_on=dt.date(2025, 10, 6),
            status="living",
            gender="female",
            is_synthetic=True,
        )
        report = MilestoneReport.objects.create(
            stay=stay,
            kind="nine_months",
            due_on=dt.date(2025, 10, 6),
            place_vacant=False,
            submitted_by=ctx.cast["project_lead_a"],
            submitted_on=dt.date(2025, 10, 6),
            is_synthetic=True,
        )
        ctx.cache["reporting"] = {"stay": stay, "report": report}
    world: dict[str, Any] = ctx.cache["reporting"]
    return world


SAMPLES: dict[str, Sample] = {
    "reporting:stay_reports": lambda ctx: {"pk": _world(ctx)["stay"].pk},
    "reporting:milestone_submit": lambda ctx: {
        "pk": _world(ctx)["stay"].pk,
        "kind": "three_months",
    },
    "reporting:report_detail": lambda ctx: {"pk": _world(ctx)["report"].pk},
    "reporting:report_mark_read": lambda ctx: {"pk": _world(ctx)["report"].pk},
    "reporting:statistics_export": lambda ctx: {"fmt": "csv"},
}
