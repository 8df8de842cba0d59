"""The domain rules of a stay, arrival to closure: each refused case changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from core import dates
from housing.models import PlaceBooking
from oversight import residents
from stays import selectors, services
from stays.models import (
    GOAL_INDICATORS,
    ArrivalTemplateItem,
    GoalIndicatorAssessment,
    HouseholdMember,
    PlannedMoveOutChange,
    Stay,
    TransferItem,
)

DAY = dt.timedelta(days=1)
ALL_YES = {code: "yes" for code, _label in GOAL_INDICATORS}


def actions():
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def test_it_moves_in_starts_the_clock_and_occupies_the_place(stay, cast):
    services.stay_move_in(stay=stay, moved_in_on=dates.today(), by=cast["followup_worker_a"])
    stay.refresh_from_db()
    assert stay.status == Stay.Status.LIVING
    assert stay.moved_in_on == dates.today()
    assert PlaceBooking.objects.get(pk=stay.booking_id).status == PlaceBooking.Status.OCCUPIED
    assert "stays.stay.moved_in" in actions()
    assert "housing.booking.occupied" in actions()
    assert selectors.nine_months_end(stay) == dates.add_months(dates.today(), 9)


def test_it_refuses_moving_in_before_the_allocation(stay, cast):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.stay_move_in(
            stay=stay, moved_in_on=stay.allocated_on - DAY, by=cast["followup_worker_a"]
        )
    assert "før tildelingen" in str(err.value.message_dict["moved_in_on"])
    stay.refresh_from_db()
    assert stay.status == Stay.Status.ALLOCATED and stay.moved_in_on is None
    assert PlaceBooking.objects.get(pk=stay.booking_id).status == PlaceBooking.Status.HELD
    assert AuditEntry.objects.count() == before


def test_it_refuses_a_moving_in_date_in_the_future(stay, cast):
    with pytest.raises(ValidationError):
        services.stay_move_in(stay=stay, moved_in_on=dates.today() + DAY, by=cast["project_lead_a"])


def test_it_lays_out_the_timetable_on_working_days_from_the_template(stay, cast):
    services.stay_move_in(stay=stay, moved_in_on=dates.today(), by=cast["followup_worker_a"])
    items = list(stay.timetable.all())
    assert len(items) == len(selectors.DEFAULT_TEMPLATE)
    assert all(dates.is_working_day(item.on) for item in items)
    assert any("politiet" in item.title for item in items)
    assert "stays.timetable.generated" in actions()


def test_it_counts_working_days_over_easter():
    # Maundy Thursday 2 April 2026: next working days are 7 and 8 April.
    assert services.working_day(dt.date(2026, 4, 2), 0) == dt.date(2026, 4, 7)
    assert services.working_day(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 8)


def test_it_uses_the_offers_own_template(stay, cast):
    lead = cast["project_lead_a"]
    services.template_item_save(
        offer=stay.offer,
        values={"day_offset": 3, "title": "Tur i nærmiljøet", "attendees": "Miljøterapeut"},
        by=lead,
    )
    assert ArrivalTemplateItem.objects.filter(offer=stay.offer).count() == (
        len(selectors.DEFAULT_TEMPLATE) + 1
    )
    services.stay_move_in(stay=stay, moved_in_on=dates.today(), by=lead)
    assert stay.timetable.filter(title="Tur i nærmiljøet").exists()


def test_it_records_the_household_and_updates_the_snapshot(stay, cast):
    worker = cast["followup_worker_a"]
    services.household_member_add(stay=stay, kind="partner", birth_year=1999, by=worker)
    services.household_member_add(
        stay=stay, kind="child", birth_year=2021, first_name="A", by=worker
    )
    stay.refresh_from_db()
    assert stay.with_partner is True and stay.children_count == 1
    child = HouseholdMember.objects.get(kind="child")
    assert child.first_name == "A"
    with pytest.raises(ValidationError):
        services.household_member_add(stay=stay, kind="child", birth_year=1800, by=worker)
    services.household_member_remove(member=child, by=worker)
    stay.refresh_from_db()
    assert stay.children_count == 0


def test_it_keeps_the_history_of_the_planned_move_out(living, cast):
    worker = cast["followup_worker_a"]
    old = living.planned_move_out_on
    assert living.moved_in_on is not None
    new = living.moved_in_on + 200 * DAY
    services.planned_move_out_change(stay=living, new_date=new, reason="Fikk leilighet", by=worker)
    change = PlannedMoveOutChange.objects.get()
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        old,
        new,
        "Fikk leilighet",
        worker,
    )
    assert PlaceBooking.objects.get(pk=living.booking_id).planned_end_on == new


def test_it_refuses_a_stay_past_nine_months_without_a_reason(living, cast):
    end = selectors.nine_months_end(living)
    assert end is not None
    late = end + 30 * DAY
    with pytest.raises(ValidationError) as err:
        services.planned_move_out_change(
            stay=living, new_date=late, reason="Trenger mer tid", by=cast["followup_worker_a"]
        )
    assert err.value.message_dict["extension_reason"] == [services.OVER_NINE_MONTHS]
    assert not PlannedMoveOutChange.objects.exists()
    services.planned_move_out_change(
        stay=living,
        new_date=late,
        reason="Trenger mer tid",
        extension_reason="Venter på kode 6",
        by=cast["followup_worker_a"],
    )
    living.refresh_from_db()
    assert living.extended_until == late and living.extension_reason == "Venter på kode 6"
    assert "stays.stay.extended" in actions()


def test_it_refuses_move_out_before_moving_in(living, cast):
    with pytest.raises(ValidationError) as err:
        services.stay_move_out(
            stay=living,
            moved_out_on=living.moved_in_on - DAY,
            destination="own_home_alone",
            by=cast["followup_worker_a"],
        )
    assert "før innflyttingsdatoen" in str(err.value.message_dict["moved_out_on"])
    living.refresh_from_db()
    assert living.status == Stay.Status.LIVING and living.moved_out_on is None


def test_it_moves_out_and_frees_the_place(living, cast):
    services.stay_move_out(
        stay=living,
        moved_out_on=dates.today(),
        destination="family_mother",
        by=cast["followup_worker_a"],
    )
    living.refresh_from_db()
    assert living.status == Stay.Status.MOVED_OUT
    assert living.get_destination_display() == "Familie – mor"
    booking = PlaceBooking.objects.get(pk=living.booking_id)
    assert booking.status == PlaceBooking.Status.ENDED and booking.ends_on == dates.today()
    assert "stays.stay.moved_out" in actions()


def test_it_refuses_a_move_out_past_nine_months_without_a_reason(stay_factory, cast):
    stay = stay_factory(days_ago=320)
    stay = services.stay_move_in(
        stay=stay, moved_in_on=dates.today() - 300 * DAY, by=cast["project_lead_a"]
    )
    with pytest.raises(ValidationError) as err:
        services.stay_move_out(
            stay=stay, moved_out_on=dates.today(), destination="unknown", by=cast["project_lead_a"]
        )
    assert err.value.message_dict["extension_reason"] == [services.OVER_NINE_MONTHS]
    assert selectors.is_overdue(stay)


def test_it_requires_a_date_for_a_done_transfer_item(living, cast):
    values: dict[str, dict[str, object]] = {"gp": {"state": "done", "done_on": None, "note": ""}}
    with pytest.raises(ValidationError) as err:
        services.transfer_checklist_save(stay=living, values=values, by=cast["followup_worker_a"])
    assert "gp_done_on" in err.value.message_dict
    values = {"gp": {"state": "done", "done_on": dates.today(), "note": "Ny fastlege"}}
    services.transfer_checklist_save(stay=living, values=values, by=cast["followup_worker_a"])
    assert TransferItem.objects.get().note == "Ny fastlege"


def moved_out(stay, cast, days=10):
    services.stay_move_out(
        stay=stay,
        moved_out_on=dates.today() - days * DAY,
        destination="own_home_alone",
        by=cast["followup_worker_a"],
    )
    stay.refresh_from_db()
    return stay


def test_it_requires_a_reason_for_aftercare_beyond_the_ordinary(living, cast):
    stay = moved_out(living, cast)
    worker = cast["followup_worker_a"]
    stay = services.aftercare_save(
        stay=stay, starts_on=stay.moved_out_on, ends_on=dates.today() + 30 * DAY, by=worker
    )
    assert selectors.phase(stay) == selectors.Phase.AFTERCARE
    end = selectors.nine_months_end(stay)
    assert end is not None and stay.moved_out_on is not None
    far = end + 60 * DAY
    with pytest.raises(ValidationError) as err:
        services.aftercare_save(stay=stay, starts_on=stay.moved_out_on, ends_on=far, by=worker)
    assert "reason" in err.value.message_dict
    services.aftercare_save(
        stay=stay, starts_on=stay.moved_out_on, ends_on=far, reason="Særskilt behov", by=worker
    )


def test_it_refuses_closing_without_all_seven_indicators(living, cast):
    stay = moved_out(living, cast)
    partial = dict(ALL_YES, social_network="")
    with pytest.raises(ValidationError) as err:
        services.stay_close(
            stay=stay,
            closed_on=dates.today(),
            indicators=partial,
            notes={},
            destination="own_home_alone",
            by=cast["project_lead_a"],
        )
    assert err.value.message_dict["social_network"] == [services.MISSING_INDICATORS]
    stay.refresh_from_db()
    assert stay.status == Stay.Status.MOVED_OUT
    assert not GoalIndicatorAssessment.objects.exists()


def test_it_closes_with_the_indicators(living, cast):
    stay = moved_out(living, cast)
    services.stay_close(
        stay=stay,
        closed_on=dates.today(),
        indicators=dict(ALL_YES, day_activity="partly"),
        notes={"day_activity": "Startet på kurs"},
        destination="own_home_alone",
        by=cast["project_lead_a"],
    )
    stay.refresh_from_db()
    assert stay.status == Stay.Status.CLOSED and stay.closed_on == dates.today()
    assessment = GoalIndicatorAssessment.objects.get(stay=stay)
    assert assessment.day_activity == "partly" and assessment.day_activity_note == "Startet på kurs"
    assert selectors.phase(stay) == selectors.Phase.CLOSED
    entry = AuditEntry.objects.get(action="stays.stay.closed")
    assert "Startet" not in str(entry.__dict__)


def test_it_links_partners_only_from_the_offers_register(living, stay_factory, cast):
    from housing.models import PartnerService

    own = PartnerService.objects.get(offer=living.offer)
    services.stay_partner_add(
        stay=living, partner=own, contact=own.contacts.get(), by=cast["followup_worker_a"]
    )
    other = stay_factory(municipality="municipality_b")
    foreign = PartnerService.objects.get(offer=other.offer)
    with pytest.raises(ValidationError):
        services.stay_partner_add(stay=living, partner=foreign, by=cast["followup_worker_a"])


def test_phase_and_milestones(living):
    today = dates.today()
    assert selectors.phase(living, today) == selectors.Phase.MID_STAY
    assert selectors.phase(living, living.moved_in_on + 3 * DAY) == selectors.Phase.JUST_ARRIVED
    assert selectors.phase(living, living.moved_in_on - DAY) == selectors.Phase.ALLOCATED
    codes = {m.code: m.due_on for m in residents.milestones(living, today)}
    assert codes["three_months"] == dates.deadline(dates.add_months(living.moved_in_on, 3))
    assert codes["nine_months"] == dates.deadline(dates.add_months(living.moved_in_on, 9))
    assert codes["before_move_out"] == dates.deadline(
        dates.add_months(living.planned_move_out_on, -1)
    )
    Stay.objects.filter(pk=living.pk).update(extended_until=today + 60 * DAY)
    living.refresh_from_db()
    end = selectors.nine_months_end(living)
    assert end is not None
    later = end + DAY
    assert selectors.phase(living, later) == selectors.Phase.EXTENDED


def test_withdrawal_before_arrival_marks_the_stay_withdrawn(stay, cast):
    services.stay_withdraw_before_arrival(stay=stay, by=cast["coordinator"])
    stay.refresh_from_db()
    assert selectors.phase(stay) == selectors.Phase.WITHDRAWN
