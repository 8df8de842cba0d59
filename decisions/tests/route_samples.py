"""URL arguments for the decision routes (see access/tests/route_samples.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.tests.route_samples import Sample, SampleContext


def _world(ctx: SampleContext) -> dict[str, Any]:
    """A stay in municipality A, living there for 30 days, with one refused decision."""
    if "decisions" not in ctx.cache:
        from core import dates
        from decisions import services
        from housing.models import Offer
        from stays.models import Stay

        today = dates.today()
        offer = Offer.objects.create(
            municipality=ctx.orgs["municipality_a"],
            name="Vedtak A",
            offer_type=Offer.Type.APARTMENT,
            intensity=Offer.Intensity.MEDIUM,
            on_call=Offer.OnCall.CRISIS_CENTRE,
        )
        stay = Stay.objects.create(
            offer=offer,
            status=Stay.Status.LIVING,
            allocated_on=today - dt.timedelta(days=35),
            moved_in_on=today - dt.timedelta(days=30),
        )
        decision = services.decision_save(
            stay=stay,
            by=ctx.cast["followup_worker_a"],
            service="nav",
            decided_on=today - dt.timedelta(days=3),
            outcome="refused",
            what="Avslag på sosialhjelp",
        )
        ctx.cache["decisions"] = {"stay": stay, "decision": decision}
    world: dict[str, Any] = ctx.cache["decisions"]
    return world


def _stay(ctx: SampleContext) -> dict[str, Any]:
    return {"stay_id": _world(ctx)["stay"].pk}


SAMPLES: dict[str, Sample] = {
    **{f"decisions:{name}": _stay for name in ("decisions", "decision_create", "plan_edit")},
    "decisions:decision_edit": lambda ctx: {
        "stay_id": _world(ctx)["stay"].pk,
        "decision_id": _world(ctx)["decision"].pk,
    },
}
