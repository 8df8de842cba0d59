"""URL arguments for the advisory routes (access/tests/route_samples.py collects them)."""

from __future__ import annotations

from typing import Any

from access.tests.route_samples import Sample, SampleContext


def _contact(ctx: SampleContext) -> dict[str, Any]:
    if "advisory" not in ctx.cache:
        from advisory import services
        from core import dates

        ctx.cache["advisory"] = services.contact_create(
            contact_on=dates.today(),
            asked_by="service",
            service_kind="nav",
            channel="phone",
            topics=["forced_marriage"],
            actions=["advice"],
            note="Ringte om en ung kvinne",
            by=ctx.cast["coordinator"],
        )
    return {"pk": ctx.cache["advisory"].pk}


SAMPLES: dict[str, Sample] = {
    "advisory:contact_detail": _contact,
    "advisory:contact_to_inquiry": _contact,
}
