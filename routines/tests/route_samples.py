"""URL arguments for the routines routes (see access/tests/route_samples.py)."""

from __future__ import annotations

from typing import Any

from access.tests.route_samples import Sample, SampleContext

# Any of the required routines: the pages answer the same way for each.
KIND = "security_work"


def _offer(ctx: SampleContext) -> dict[str, Any]:
    if "routines" not in ctx.cache:
        from tests.factories import OfferFactory

        offer: Any = OfferFactory.create(municipality=ctx.orgs["municipality_a"], name="Rutiner A")
        ctx.cache["routines"] = offer.pk
    return {"offer_pk": ctx.cache["routines"]}


def _routine(ctx: SampleContext) -> dict[str, Any]:
    return {**_offer(ctx), "kind": KIND}


SAMPLES: dict[str, Sample] = {
    **{
        f"routines:{name}": _offer
        for name in ("offer", "sharing", "information", "information_edit", "pdf_nb", "pdf_en")
    },
    **{f"routines:{name}": _routine for name in ("routine", "edit", "approve", "confirm")},
}
