"""The demo follow-up: decreasing weekly hours, a code 6 waiting ~8 weeks, idempotent."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from core import dates
from followup import selectors
from followup.models import Contact, SecurityMeasure


@override_settings(DEMO_MODE=True)
def test_it_loads_follow_up_for_demo_stays_once(db, add_child):
    from housing.models import Offer
    from oversight.demo import load_organisations_and_users
    from stays.models import Stay

    orgs = load_organisations_and_users()
    today = dates.today()
    stays = []
    for municipality, days in (("Kommune A", 120), ("Kommune B", 200), ("Kommune A", 210)):
        offer = Offer.objects.create(
            municipality=orgs[municipality],
            name=f"Demo {municipality} {days}",
            offer_type=Offer.Type.APARTMENT,
            intensity=Offer.Intensity.MEDIUM,
            on_call=Offer.OnCall.CRISIS_CENTRE,
            is_synthetic=True,
        )
        moved_out = today - dt.timedelta(days=20) if days == 210 else None
        stays.append(
            Stay.objects.create(
                offer=offer,
                status=Stay.Status.MOVED_OUT if moved_out else Stay.Status.LIVING,
                allocated_on=today - dt.timedelta(days=days + 3),
                moved_in_on=today - dt.timedelta(days=days),
                moved_out_on=moved_out,
                is_synthetic=True,
            )
        )
    add_child(stays[0])
    add_child(stays[0], 2021)

    from followup.demo import load_followup

    load_followup()
    count = Contact.objects.count()
    load_followup()
    assert Contact.objects.count() == count > 0
    assert not Contact.objects.filter(is_synthetic=False).exists()

    weeks = selectors.weekly_hours(stays[0]).weeks
    assert weeks[0].hours == 6.5
    assert weeks[-2].hours == 2.0
    assert "gått ned" in selectors.weekly_hours(stays[0]).summary()

    code_6 = SecurityMeasure.objects.get(stay=stays[0], kind="code_6")
    assert code_6.granted_on is None
    assert code_6.waiting_days(today) == 56

    assert Contact.objects.filter(stay=stays[2], is_aftercare=True).exists()
    from accounts.models import User

    worker = {
        orgs["Kommune A"].pk: User.objects.get(username="miljo.a"),
        orgs["Kommune B"].pk: User.objects.get(username="miljo.b"),
    }
    states = [
        selectors.plan_status(s, fetched_by=worker[s.offer.municipality_id]).due_state  # type: ignore[union-attr]
        for s in stays
    ]
    assert states == ["ok", "overdue", "none"]  # evaluated on time; never evaluated; moved out
    assert len(selectors.missing_child_plans(stays[0])) == 1
