"""The demo meetings: residents with meetings and open tasks, one overdue, idempotent."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from core import dates
from meetings.models import Meeting, MeetingParticipant, MeetingTask


@override_settings(DEMO_MODE=True)
def test_it_loads_meetings_with_an_overdue_task_once(db):
    from housing.models import Offer, PartnerService
    from meetings.demo import load_meetings
    from oversight.demo import load_organisations_and_users
    from reporting import deadlines
    from stays.models import Stay

    orgs = load_organisations_and_users()
    today = dates.today()
    stays = []
    for municipality in ("Kommune A", "Kommune B"):
        offer = Offer.objects.create(
            municipality=orgs[municipality],
            name=f"Demo {municipality}",
            offer_type=Offer.Type.APARTMENT,
            intensity=Offer.Intensity.MEDIUM,
            on_call=Offer.OnCall.CRISIS_CENTRE,
            is_synthetic=True,
        )
        PartnerService.objects.create(offer=offer, kind="nav", name="NAV", is_synthetic=True)
        PartnerService.objects.create(offer=offer, kind="gp", name="Lege", is_synthetic=True)
        stays.append(
            Stay.objects.create(
                offer=offer,
                status=Stay.Status.LIVING,
                allocated_on=today - dt.timedelta(days=63),
                moved_in_on=today - dt.timedelta(days=60),
                is_synthetic=True,
            )
        )
    load_meetings()
    load_meetings()  # idempotent
    assert Meeting.objects.count() == 4
    assert Meeting.objects.filter(is_synthetic=False).count() == 0
    assert MeetingParticipant.objects.count() == 6
    open_tasks = MeetingTask.objects.filter(done_on__isnull=True)
    assert open_tasks.count() == 4
    assert open_tasks.filter(due_on__lt=today).count() == 2  # one overdue per resident
    from accounts.models import User

    worker = User.objects.get(username="miljo.a")
    states = sorted(
        d.state for d in deadlines.deadlines_for(worker) if d.kind == deadlines.Kind.MEETING_TASK
    )
    assert states == [deadlines.State.OVERDUE, deadlines.State.SOON]
