"""URL arguments for the meeting routes (see access/tests/route_samples.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from access.tests.route_samples import Sample, SampleContext


def _world(ctx: SampleContext) -> dict[str, Any]:
    """A stay in municipality A with a consent, a meeting, a participant and a task."""
    if "meetings" not in ctx.cache:
        from core import dates
        from housing.models import Offer, PartnerService
        from meetings import services
        from stays.models import Stay

        today = dates.today()
        offer = Offer.objects.create(
            municipality=ctx.orgs["municipality_a"],
            name="Møter A",
            offer_type=Offer.Type.APARTMENT,
            intensity=Offer.Intensity.MEDIUM,
            on_call=Offer.OnCall.CRISIS_CENTRE,
        )
        partner = PartnerService.objects.create(offer=offer, kind="nav", name="NAV Møter A")
        stay = Stay.objects.create(
            offer=offer,
            status=Stay.Status.LIVING,
            allocated_on=today - dt.timedelta(days=35),
            moved_in_on=today - dt.timedelta(days=30),
        )
        worker = ctx.cast["followup_worker_a"]
        consent = services.consent_create(
            stay=stay, by=worker, partner=partner, given_on=today - dt.timedelta(days=20)
        )
        meeting = services.meeting_create(
            stay=stay,
            by=worker,
            kind="responsibility_group",
            held_at=dates.now() - dt.timedelta(days=2),
            agenda="Skole og bolig",
            resident_takes_part=True,
        )
        services.participant_add(meeting=meeting, by=worker, partner=partner)
        task = services.task_create(
            meeting=meeting,
            by=worker,
            description="Søke skoleplass",
            responsible_user=None,
            responsible_partner=partner,
            due_on=today + dt.timedelta(days=10),
        )
        ctx.cache["meetings"] = {"stay": stay, "consent": consent, "meeting": meeting, "task": task}
    world: dict[str, Any] = ctx.cache["meetings"]
    return world


def _stay(ctx: SampleContext) -> dict[str, Any]:
    return {"stay_id": _world(ctx)["stay"].pk}


def _meeting(ctx: SampleContext) -> dict[str, Any]:
    w = _world(ctx)
    return {"stay_id": w["stay"].pk, "meeting_id": w["meeting"].pk}


SAMPLES: dict[str, Sample] = {
    **{f"meetings:{name}": _stay for name in ("meetings", "meeting_create", "consent_create")},
    "meetings:consent_withdraw": lambda ctx: {
        "stay_id": _world(ctx)["stay"].pk,
        "consent_id": _world(ctx)["consent"].pk,
    },
    **{
        f"meetings:{name}": _meeting
        for name in (
            "meeting_detail",
            "minutes_edit",
            "minutes_pdf",
            "participant_add",
            "task_create",
        )
    },
    "meetings:task_done": lambda ctx: {
        **_meeting(ctx),
        "task_id": _world(ctx)["task"].pk,
    },
}
