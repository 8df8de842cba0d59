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


def _file(ctx: SampleContext) -> dict[str, Any]:
    """An approved version of the routine with a small PDF attached."""
    if "routines_file" not in ctx.cache:
        import datetime as dt

        from core.files.samples import minimal_pdf
        from routines.models import RoutineVersion

        offer_pk = _offer(ctx)["offer_pk"]
        data = minimal_pdf("Rutine")
        version = RoutineVersion.objects.create(
            offer_id=offer_pk,
            kind=KIND,
            number=1,
            file=data,
            file_content_type="application/pdf",
            file_size=len(data),
            written_by=ctx.cast["coordinator"],
            approved_by=ctx.cast["coordinator"],
            approved_on=dt.date(2026, 1, 5),
            next_review_on=dt.date(2027, 1, 5),
            is_synthetic=True,
        )
        ctx.cache["routines_file"] = version.pk
    return {**_routine(ctx), "version_pk": ctx.cache["routines_file"]}


SAMPLES: dict[str, Sample] = {
    **{
        f"routines:{name}": _offer
        for name in ("offer", "sharing", "information", "information_edit", "pdf_nb", "pdf_en")
    },
    **{f"routines:{name}": _routine for name in ("routine", "edit", "approve", "confirm")},
    "routines:file": _file,
}
