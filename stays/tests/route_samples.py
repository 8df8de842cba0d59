"""URL arguments for the stays routes (see access/tests/route_samples.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.tests.route_samples import Sample, SampleContext


def _world(ctx: SampleContext) -> dict[str, Any]:
    """A stay in municipality A, living there for 30 days, with one of each row."""
    if "stays" not in ctx.cache:
        from core import dates
        from housing.models import Offer, PartnerService
        from stays import services
        from stays.models import HouseholdMember, Stay

        today = dates.today()
        offer = Offer.objects.create(
            municipality=ctx.orgs["municipality_a"],
            name="Beboere A",
            offer_type=Offer.Type.APARTMENT,
            intensity=Offer.Intensity.MEDIUM,
            on_call=Offer.OnCall.CRISIS_CENTRE,
        )
        stay = Stay.objects.create(
            offer=offer,
            status=Stay.Status.LIVING,
            gender="female",
            allocated_on=today - dt.timedelta(days=35),
            moved_in_on=today - dt.timedelta(days=30),
        )
        worker = ctx.cast["project_lead_a"]
        member = HouseholdMember.objects.create(stay=stay, kind="child", birth_year=today.year - 2)
        item = services.timetable_generate(stay=stay, by=worker)[0]
        partner = PartnerService.objects.create(offer=offer, kind="nav", name="NAV A")
        link = services.stay_partner_add(stay=stay, partner=partner, by=worker)
        template_item = services.template_seed_defaults(offer=offer, by=worker)[0]
        ctx.cache["stays"] = {
            "pk": stay.pk,
            "member_pk": member.pk,
            "item_pk": item.pk,
            "link_pk": link.pk,
            "offer_pk": offer.pk,
            "template_item_pk": template_item.pk,
        }
    world: dict[str, Any] = ctx.cache["stays"]
    return world


def _stay(ctx: SampleContext) -> dict[str, Any]:
    return {"pk": _world(ctx)["pk"]}


def _with(*names: str) -> Sample:
    def build(ctx: SampleContext) -> dict[str, Any]:
        world = _world(ctx)
        return {name: world[name] for name in ("pk", *names) if name in world}

    return build


def _template(ctx: SampleContext) -> dict[str, Any]:
    return {"offer_pk": _world(ctx)["offer_pk"]}


def _template_item(ctx: SampleContext) -> dict[str, Any]:
    world = _world(ctx)
    return {"offer_pk": world["offer_pk"], "item_pk": world["template_item_pk"]}


SAMPLES: dict[str, Sample] = {
    **{
        f"stays:{name}": _stay
        for name in (
            "security_detail",
            "overview",
            "notes",
            "move_in",
            "household_add",
            "timetable",
            "timetable_item_create",
            "timetable_pdf",
            "planned_move_out",
            "housing_plan",
            "transfer",
            "move_out",
            "aftercare",
            "close",
            "partner_add",
        )
    },
    "stays:household_remove": _with("member_pk"),
    "stays:timetable_item_edit": _with("item_pk"),
    "stays:partner_remove": _with("link_pk"),
    "stays:template": _template,
    "stays:template_seed": _template,
    "stays:template_item_create": _template,
    "stays:template_item_edit": _template_item,
    "stays:template_item_delete": _template_item,
}
