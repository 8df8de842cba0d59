"""One rule for the end of the stay: 9 months from the day the person actually moved in.

Found when the story was played: the planned move-out (9.9.2027) counted from
the expected arrival and disagreed with the end of the 9 months (6.9.2027)
counted from the real move-in three days earlier.
"""

from __future__ import annotations

import datetime as dt

from audit.models import AuditEntry
from core import dates
from housing.models import PlaceBooking
from stays import services
from tests.factories import stay_through_services


def _allocated(cast, orgs):
    return stay_through_services(
        municipality=orgs["municipality_a"],
        coordinator=cast["coordinator"],
        police=cast["police_representative"],
        lead=cast["project_lead_a"],
        allocated_days_ago=10,
    )


def test_the_planned_move_out_follows_the_real_move_in(cast, orgs):
    stay = _allocated(cast, orgs)
    today = dates.today()
    # Proposed with the expected arrival today: 9 months from today.
    assert stay.planned_move_out_on == dates.add_months(today, 9)
    moved_in = today - dt.timedelta(days=3)

    stay = services.stay_move_in(stay=stay, moved_in_on=moved_in, by=cast["followup_worker_a"])

    assert stay.planned_move_out_on == dates.add_months(moved_in, 9)
    assert stay.booking is not None
    assert PlaceBooking.objects.get(pk=stay.booking.pk).planned_end_on == stay.planned_move_out_on
    row = AuditEntry.objects.get(action="stays.stay.moved_in")
    assert row.fields == ["moved_in_on", "status", "planned_move_out_on"]


def test_a_date_someone_chose_is_kept(cast, orgs):
    stay = _allocated(cast, orgs)
    chosen = dates.today() + dt.timedelta(days=200)
    stay = services.planned_move_out_change(
        stay=stay, new_date=chosen, reason="Skoleåret slutter da", by=cast["followup_worker_a"]
    )
    stay = services.stay_move_in(stay=stay, moved_in_on=dates.today(), by=cast["followup_worker_a"])
    assert stay.planned_move_out_on == chosen
