import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from audit.models import AuditEntry
from core import dates
from housing.models import PlaceBooking
from referrals import services
from referrals.models import Allocation, Assessment
from stays import services as stay_services
from stays.models import Stay
from tests import factories as f


def propose(case, cast, **extra):
    args = {
        "assessment": case.assessment,
        "place": case.place_a,
        "expected_arrival_on": dates.today() + dt.timedelta(days=3),
        "by": cast["coordinator"],
    }
    args.update(extra)
    return services.allocation_propose(**args)


def test_it_proposes_and_holds_the_place(case, cast):
    before = AuditEntry.objects.count()
    allocation = propose(case, cast)
    assert allocation.status == Allocation.Status.PROPOSED
    assert allocation.booking.status == PlaceBooking.Status.HELD
    assert allocation.hold_expires_on == services.hold_expiry_for(dates.today())
    # housing's booking row and ours
    assert AuditEntry.objects.count() == before + 2
    assert (
        AuditEntry.objects.filter(action="referrals.allocation.proposed").get().roles
        == "coordinator"
    )


def test_it_counts_hold_days_in_working_days():
    # Monday 21 December 2026 + 5 working days skips Christmas Day and the weekend.
    assert services.hold_expiry_for(dt.date(2026, 12, 21)) == dt.date(2026, 12, 29)
    assert services.hold_expiry_for(dt.date(2026, 3, 2)) == dt.date(2026, 3, 9)


def test_it_refuses_a_person_under_18(case, cast):
    person = case.assessment.person
    person.birth_date = f.years_ago(17)
    person.identity_number = None
    person.save()
    with pytest.raises(ValidationError, match="under 18"):
        propose(case, cast)
    assert not Allocation.objects.exists()
    assert not PlaceBooking.objects.exists()


@pytest.mark.parametrize("residence", ["no", "unclear"])
def test_it_refuses_without_lawful_residence(case, cast, residence):
    Assessment.objects.filter(pk=case.assessment.pk).update(lawful_residence=residence)
    case.assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="Lovlig opphold"):
        propose(case, cast)
    assert not PlaceBooking.objects.exists()


def test_it_refuses_a_dwelling_without_valid_clearance(case, cast, orgs):
    place = f.PlaceFactory.create(dwelling__offer__municipality=orgs["municipality_a"])
    with pytest.raises(ValidationError) as err:
        propose(case, cast, place=place)
    assert "Ingen gyldig sikkerhetsklarering" in str(err.value) or "klarering" in str(err.value)
    assert not PlaceBooking.objects.exists()


def test_it_refuses_a_place_that_was_just_taken(case, cast):
    other = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    f.ThreatAssessmentFactory.create(assessment=other, written_by=cast["police_representative"])
    propose(case, cast)
    with pytest.raises(ValidationError) as err:
        services.allocation_propose(
            assessment=other,
            place=case.place_a,
            expected_arrival_on=dates.today(),
            by=cast["coordinator"],
        )
    assert services.PLACE_TAKEN in err.value.message_dict["place"]
    assert Allocation.objects.count() == 1
    assert PlaceBooking.objects.count() == 1


def test_it_refuses_without_threat_assessment_unless_urgent_with_reason(case, cast):
    case.threat.delete()
    with pytest.raises(ValidationError) as err:
        propose(case, cast)
    assert "urgent" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        propose(case, cast, urgent=True)
    assert "urgent_reason" in err.value.message_dict
    allocation = propose(case, cast, urgent=True, urgent_reason="Må flytte i kveld")
    assert allocation.urgent is True


def test_it_refuses_an_offer_on_the_avoid_list(case, cast, orgs):
    case.threat.avoid_municipalities.add(orgs["municipality_a"])
    with pytest.raises(ValidationError, match="unngå-liste"):
        propose(case, cast)


def test_it_refuses_a_second_live_allocation(case, cast):
    propose(case, cast)
    with pytest.raises(ValidationError, match="allerede"):
        propose(case, cast, place=case.place_b)


def test_it_accepts_and_creates_the_stay(proposed, cast):
    stay = stay_services.allocation_accept(allocation=proposed, by=cast["project_lead_a"])
    proposed.refresh_from_db()
    assert proposed.status == Allocation.Status.ACCEPTED
    assert stay.status == Stay.Status.ALLOCATED
    assert stay.booking == proposed.booking
    assert stay.offer == proposed.place.dwelling.offer
    assert stay.planned_move_out_on == proposed.planned_end_on
    # Held until arrival: the booking becomes occupied only when the person moves in.
    assert stay.booking.status == PlaceBooking.Status.HELD
    assert proposed.assessment.status == Assessment.Status.ALLOCATED
    assert AuditEntry.objects.filter(action="stays.stay.created").count() == 1


def test_it_lets_only_the_offers_project_lead_answer(proposed, cast, member, orgs):
    from django.core.exceptions import PermissionDenied

    from accounts.models import Role

    lead_b = member(Role.PROJECT_LEAD, orgs["municipality_b"])
    for user in (lead_b, cast["followup_worker_a"], cast["coordinator"]):
        with pytest.raises(PermissionDenied):
            stay_services.allocation_accept(allocation=proposed, by=user)


def test_it_declines_with_a_reason_and_releases_the_place(proposed, cast):
    with pytest.raises(ValidationError):
        services.allocation_decline(allocation=proposed, reason=" ", by=cast["project_lead_a"])
    services.allocation_decline(allocation=proposed, reason="Fullt", by=cast["project_lead_a"])
    proposed.refresh_from_db()
    assert proposed.status == Allocation.Status.DECLINED
    assert proposed.booking.status == PlaceBooking.Status.CANCELLED


def test_it_records_a_withdrawal_before_moving_in(proposed, cast):
    stay = stay_services.allocation_accept(allocation=proposed, by=cast["project_lead_a"])
    stay_services.allocation_withdraw(
        allocation=proposed, reason="Dro til slekt", by=cast["coordinator"]
    )
    proposed.refresh_from_db()
    stay.refresh_from_db()
    assert proposed.status == Allocation.Status.WITHDRAWN
    assert stay.status == Stay.Status.WITHDRAWN
    assert proposed.booking.status == PlaceBooking.Status.CANCELLED
    assert proposed.assessment.status == Assessment.Status.OPEN


def test_it_expires_holds_idempotently(proposed, cast):
    later = proposed.hold_expires_on + dt.timedelta(days=1)
    assert services.allocations_expire(on=proposed.hold_expires_on) == 0
    assert services.allocations_expire(on=later) == 1
    assert services.allocations_expire(on=later) == 0
    proposed.refresh_from_db()
    assert proposed.status == Allocation.Status.EXPIRED
    assert proposed.booking.status == PlaceBooking.Status.CANCELLED
    assert AuditEntry.objects.filter(action="referrals.allocation.expired").count() == 1


def test_it_runs_expire_holds_as_a_command(proposed):
    call_command("expire_holds")
    proposed.refresh_from_db()
    assert proposed.status == Allocation.Status.PROPOSED


def test_it_leaves_no_audit_row_when_the_service_rolls_back(case, cast, monkeypatch):
    from housing import services as housing_services

    before = AuditEntry.objects.count()

    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(housing_services, "place_book", boom)
    with pytest.raises(RuntimeError):
        propose(case, cast)
    assert AuditEntry.objects.count() == before
    assert not Allocation.objects.exists()
