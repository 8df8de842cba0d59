"""URL arguments for the follow-up routes (see access/tests/route_samples.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.tests.route_samples import Sample, SampleContext


def _world(ctx: SampleContext) -> dict[str, Any]:
    """A stay in municipality A, living there for 30 days, with a measure and a plan goal."""
    if "followup" not in ctx.cache:
        from core import dates
        from followup import services
        from housing.models import Offer
        from stays.models import Stay

        today = dates.today()
        offer = Offer.objects.create(
            municipality=ctx.orgs["municipality_a"],
            name="Oppfølging A",
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
        worker = ctx.cast["followup_worker_a"]
        measure = services.measure_save(
            stay=stay, by=worker, kind="code_6", chosen=True, reason="Høy risiko", applied_on=today
        )
        plan = services.plan_save(stay=stay, by=worker, made_on=today, own_words="Egne ord")
        goal = services.goal_create(plan=plan, by=worker, text="Skole")
        contact = services.contact_create(
            stay=stay,
            by=worker,
            contact_on=today,
            minutes=30,
            form="phone",
            with_whom="resident",
        )
        ctx.cache["followup"] = {"stay": stay, "measure": measure, "goal": goal, "contact": contact}
    world: dict[str, Any] = ctx.cache["followup"]
    return world


def _stay(ctx: SampleContext) -> dict[str, Any]:
    return {"stay_id": _world(ctx)["stay"].pk}


STAY_ROUTES = (
    "security",
    "security_edit",
    "measures",
    "measure_create",
    "threat_change_create",
    "plan",
    "plan_edit",
    "goal_create",
    "action_create",
    "evaluation_create",
    "areas",
    "areas_edit",
    "contacts",
    "contact_create",
)

SAMPLES: dict[str, Sample] = {
    **{f"followup:{name}": _stay for name in STAY_ROUTES},
    "followup:measure_edit": lambda ctx: {
        "stay_id": _world(ctx)["stay"].pk,
        "measure_id": _world(ctx)["measure"].pk,
    },
    **{
        f"followup:{name}": lambda ctx: {
            "stay_id": _world(ctx)["stay"].pk,
            "contact_id": _world(ctx)["contact"].pk,
        }
        for name in ("contact_correct", "contact_history")
    },
    "followup:progress_set": lambda ctx: {
        "stay_id": _world(ctx)["stay"].pk,
        "kind": "mal",
        "item_id": _world(ctx)["goal"].pk,
    },
}
