"""Proposing, accepting, declining, withdrawing and expiring allocations.

A place can never be held or booked twice: ``allocation_propose`` books the
place through ``housing.services.place_book`` (which locks the place row and
refuses overlaps; PostgreSQL also has an exclusion constraint) inside the
same transaction as the allocation and its audit row. Lock and serialization
failures are retried a bounded number of times (ADR 0004).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from access import policy
from accounts.actors import Actor, SystemActor
from audit.services import record
from core import dates, faults
from housing import selectors as housing_selectors
from housing import services as housing_services
from housing.models import Place, PlaceBooking
from referrals.models import Allocation, Assessment
from referrals.services.intake import allocation_blockers

logger = logging.getLogger(__name__)

PLACE_TAKEN = "Plassen ble nettopp tatt av en annen tildeling. Velg en annen plass."
MAX_ATTEMPTS = 5


class _RetryCounter:
    """Thread-safe counters for the concurrency test and operations (``retries``, ``taken``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()

    def add(self, key: str, amount: int = 1) -> None:
        with self._lock:
            self.counts[key] += amount

    def reset(self) -> None:
        with self._lock:
            self.counts.clear()


ALLOCATION_RETRIES = _RetryCounter()


def _add_working_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if dates.is_working_day(day):
            count -= 1
    return day


def hold_expiry_for(proposed_on: dt.date) -> dt.date:
    """The last day a proposed place is held: ALLOCATION_HOLD_DAYS working days later.

    Working days (not calendar days) so a proposal sent before Easter or a
    weekend still gives the offer the same number of days to answer.
    """
    return _add_working_days(proposed_on, int(getattr(settings, "ALLOCATION_HOLD_DAYS", 5)))


def _is_retryable(exc: BaseException) -> bool:
    # psycopg: 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available.
    cause = getattr(exc, "__cause__", None)
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code in {"40001", "40P01", "55P03"}:
        return True
    # SQLite under load: "database is locked".
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


def _is_overlap(exc: BaseException) -> bool:
    cause = getattr(exc, "__cause__", None)
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    # 23P01 exclusion_violation: the database's last line of defence.
    return code == "23P01" or "overlap" in str(exc).lower()


def allocation_propose(
    *,
    assessment: Assessment,
    place: Place,
    expected_arrival_on: dt.date,
    arrival_notes: str = "",
    urgent: bool = False,
    urgent_reason: str = "",
    by: Actor,
) -> Allocation:
    """Propose a place to its offer and hold it until the offer answers.

    Refuses (ValidationError, nothing changed) when the person can never be
    allocated, when the offer is excluded by a hard constraint, without a
    threat assessment unless it is an urgent placement with a written reason,
    and when the place was just taken by another allocation.
    """
    if not policy.has_perm(by, policy.Perm.ALLOCATE_PLACES):
        raise PermissionDenied
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _propose_once(
                    assessment=assessment,
                    place=place,
                    expected_arrival_on=expected_arrival_on,
                    arrival_notes=arrival_notes,
                    urgent=urgent,
                    urgent_reason=urgent_reason,
                    by=by,
                )
        except (OperationalError, IntegrityError, DatabaseError) as exc:
            if isinstance(exc, IntegrityError) and _is_overlap(exc):
                ALLOCATION_RETRIES.add("taken")
                raise ValidationError({"place": _(PLACE_TAKEN)}, code="place_taken") from None
            if isinstance(exc, IntegrityError) and "allocation_one_active" in str(exc):
                raise ValidationError(
                    _("Personen har allerede et forslag eller en tildeling som gjelder.")
                ) from None
            if not _is_retryable(exc) or attempt == MAX_ATTEMPTS:
                raise
            ALLOCATION_RETRIES.add("retries")
            logger.info("allocation_propose retry %s after lock/serialization failure", attempt)
            time.sleep(0.005 * attempt)
    raise AssertionError("unreachable")


def _propose_once(
    *,
    assessment: Assessment,
    place: Place,
    expected_arrival_on: dt.date,
    arrival_notes: str,
    urgent: bool,
    urgent_reason: str,
    by: Actor,
) -> Allocation:
    from referrals.selectors import latest_threat_assessment, offer_exclusions

    today = dates.today()
    # Lock the place first: concurrent proposals for it queue here, and the
    # ones that lose see the winner's booking at once instead of validating
    # everything else first. place_book locks the same row again (a no-op).
    Place.objects.select_for_update().filter(pk=place.pk).values_list("pk").get()
    if PlaceBooking.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today),
        place_id=place.pk,
        status__in=PlaceBooking.TAKING,
    ).exists():
        ALLOCATION_RETRIES.add("taken")
        raise ValidationError({"place": _(PLACE_TAKEN)}, code="place_taken")
    assessment = (
        Assessment.objects.select_for_update().select_related("person").get(pk=assessment.pk)
    )
    blockers = allocation_blockers(assessment, on=today)
    if blockers:
        raise ValidationError(blockers, code="not_allocatable")
    if Allocation.objects.filter(assessment=assessment, status__in=Allocation.ACTIVE).exists():
        raise ValidationError(
            _("Personen har allerede et forslag eller en tildeling som gjelder."),
            code="already_allocated",
        )
    if expected_arrival_on < today:
        raise ValidationError(
            {"expected_arrival_on": _("Forventet innflytting kan ikke være tilbake i tid.")}
        )
    threat = latest_threat_assessment(assessment)
    if threat is None and not urgent:
        raise ValidationError(
            {
                "urgent": _(
                    "Det finnes ingen trusselvurdering. Vent på den, eller kryss av for "
                    "hasteplassering og skriv hvorfor det haster."
                )
            },
            code="no_threat_assessment",
        )
    if urgent and not urgent_reason.strip():
        raise ValidationError(
            {"urgent_reason": _("Skriv hvorfor plasseringen haster uten trusselvurdering.")}
        )
    offer = place.dwelling.offer
    hard = offer_exclusions(assessment, offer, threat=threat, on=expected_arrival_on)
    if hard:
        raise ValidationError({"place": hard}, code="offer_excluded")
    cleared, _reason = housing_selectors.dwelling_is_allocatable(place.dwelling, today)
    if not cleared:
        raise ValidationError(
            {"place": _("Boligen har ingen gyldig sikkerhetsklarering.")}, code="no_clearance"
        )
    hold_expires_on = hold_expiry_for(today)
    planned_end_on = dates.add_months(expected_arrival_on, 9)
    allocation = Allocation(
        assessment=assessment,
        place=place,
        proposed_by=by,
        proposed_on=today,
        hold_expires_on=hold_expires_on,
        expected_arrival_on=expected_arrival_on,
        planned_end_on=planned_end_on,
        arrival_notes=arrival_notes,
        urgent=urgent and threat is None,
        urgent_reason=urgent_reason if urgent and threat is None else "",
    )
    allocation.full_clean(exclude=["booking"])
    allocation.save()
    faults.point("allocation.propose.after_allocation")
    try:
        booking = housing_services.place_book(
            place=place,
            starts_on=today,
            planned_end_on=planned_end_on,
            status=PlaceBooking.Status.HELD,
            # The hold's end lives on the allocation and expire_holds cancels the
            # booking; an accepted allocation keeps its place held until arrival.
            hold_expires_on=None,
            by=by,
            reference=f"referrals.allocation:{allocation.pk}",
        )
    except ValidationError as exc:
        # place_book refuses an overlap it sees under its row lock.
        ALLOCATION_RETRIES.add("taken")
        raise ValidationError({"place": _(PLACE_TAKEN)}, code="place_taken") from exc
    allocation.booking = booking
    allocation.save(update_fields=["booking", "updated_at"])
    faults.point("allocation.propose.after_booking")
    record(
        actor=by,
        action="referrals.allocation.proposed",
        obj=allocation,
        fields=[
            "assessment",
            "place",
            "proposed_on",
            "hold_expires_on",
            "expected_arrival_on",
            "arrival_notes",
            "urgent",
            "urgent_reason",
        ],
        purpose="tildeling",
    )
    faults.point("allocation.propose.after_audit")
    return allocation


def _locked(allocation: Allocation, *statuses: str) -> Allocation:
    locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if locked.status not in statuses:
        raise ValidationError(
            _("Tildelingen er allerede %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="wrong_status",
        )
    return locked


def _release(allocation: Allocation, *, by: SystemActor) -> None:
    if allocation.booking is not None:
        housing_services.booking_cancel(booking=allocation.booking, by=by)


@transaction.atomic
def allocation_mark_accepted(*, allocation: Allocation, by: Actor) -> Allocation:
    """The offer's project lead accepts: the allocation's half of taking the person in.

    ``stays.services.allocation_accept`` calls this and creates the stay in the
    same transaction; the place stays held until arrival.
    """
    if not policy.can(by, policy.Perm.ANSWER_ALLOCATIONS, allocation):
        raise PermissionDenied
    allocation = _locked(allocation, Allocation.Status.PROPOSED)
    today = dates.today()
    allocation.status = Allocation.Status.ACCEPTED
    allocation.answered_by = by
    allocation.answered_on = today
    allocation.save(update_fields=["status", "answered_by", "answered_on", "updated_at"])
    assessment = allocation.assessment
    assessment.status = Assessment.Status.ALLOCATED
    assessment.save(update_fields=["status", "updated_at"])
    faults.point("allocation.accept.after_status")
    record(
        actor=by,
        action="referrals.allocation.accepted",
        obj=allocation,
        fields=["status", "answered_by", "answered_on"],
        purpose="svar på tildeling",
    )
    faults.point("allocation.accept.after_audit")
    return allocation


@transaction.atomic
def allocation_decline(*, allocation: Allocation, reason: str, by: Actor) -> Allocation:
    """The offer declines with a reason; the place is released at once."""
    if not policy.can(by, policy.Perm.ANSWER_ALLOCATIONS, allocation):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Skriv hvorfor dere takker nei.")})
    allocation = _locked(allocation, Allocation.Status.PROPOSED)
    allocation.status = Allocation.Status.DECLINED
    allocation.answered_by = by
    allocation.answered_on = dates.today()
    allocation.decline_reason = reason
    allocation.save(
        update_fields=["status", "answered_by", "answered_on", "decline_reason", "updated_at"]
    )
    _release(allocation, by=by)
    record(
        actor=by,
        action="referrals.allocation.declined",
        obj=allocation,
        fields=["status", "answered_by", "answered_on", "decline_reason"],
        purpose="svar på tildeling",
    )
    return allocation


@transaction.atomic
def allocation_mark_withdrawn(*, allocation: Allocation, reason: str, by: Actor) -> Allocation:
    """The person withdrew before moving in (counted in statistics); the place is released.

    The allocation's half: ``stays.services.allocation_withdraw`` refuses once
    the person has moved in and ends a stay not yet begun in the same transaction.
    """
    if not policy.can(by, policy.Perm.ALLOCATE_PLACES, allocation):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": _("Skriv hvorfor personen trakk seg.")})
    allocation = _locked(allocation, Allocation.Status.PROPOSED, Allocation.Status.ACCEPTED)
    allocation.status = Allocation.Status.WITHDRAWN
    allocation.withdrawn_on = dates.today()
    allocation.withdrawal_reason = reason
    allocation.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "updated_at"])
    assessment = allocation.assessment
    if assessment.status == Assessment.Status.ALLOCATED:
        assessment.status = Assessment.Status.OPEN
        assessment.save(update_fields=["status", "updated_at"])
    _release(allocation, by=by)
    record(
        actor=by,
        action="referrals.allocation.withdrawn",
        obj=allocation,
        fields=["status", "withdrawn_on", "withdrawal_reason"],
        purpose="trakk seg før innflytting",
    )
    return allocation


def allocations_expire(*, on: dt.date | None = None, by: SystemActor = None) -> int:
    """Release every hold past its last day. Idempotent: run it as often as you like.

    Each allocation expires in its own transaction so one failure does not
    keep the others' places locked.
    """
    day = on or dates.today()
    expired = 0
    due = Allocation.objects.filter(
        status=Allocation.Status.PROPOSED, hold_expires_on__lt=day
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            allocation = Allocation.objects.select_for_update().get(pk=pk)
            if allocation.status != Allocation.Status.PROPOSED or allocation.hold_expires_on >= day:
                continue
            allocation.status = Allocation.Status.EXPIRED
            allocation.save(update_fields=["status", "updated_at"])
            _release(allocation, by=by)
            record(
                actor=by,
                action="referrals.allocation.expired",
                obj=allocation,
                fields=["status"],
                purpose="plassen ble ikke besvart i tide",
            )
            expired += 1
    return expired
