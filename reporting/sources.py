"""Reading the records into the plain facts ``reporting.statistics`` counts.

Stays are read through exactly the fields of ``docs/stay-contract.md``.
Figures only live records have (inquiries, threat assessments, goal
indicators, follow-up time, confidential address) are read from the apps
that own them when those are installed; imported history has none of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast

from followup.models import Contact, ContactTheme, SecurityMeasure
from housing.models import Place, PlaceBooking
from referrals.models import Assessment, Inquiry, ThreatAssessment
from reporting.statistics import GOAL_INDICATORS, LiveFacts, StayFact
from stays.models import GoalIndicatorAssessment, Stay

DAYS_PER_MONTH = 365.25 / 12


def load_stay_facts(*, offer_ids: Collection[int] | None = None) -> list[StayFact]:
    stays = Stay._default_manager.all()
    if offer_ids is not None:
        stays = stays.filter(offer_id__in=list(offer_ids))
    rows = stays.values(
        "offer__name",
        "offer__municipality__name",
        "offer__offer_type",
        "status",
        "allocated_on",
        "moved_in_on",
        "moved_out_on",
        "destination",
        "gender",
        "with_partner",
        "children_count",
    )
    return [
        StayFact(
            offer=row["offer__name"],
            municipality=row["offer__municipality__name"],
            offer_type=row["offer__offer_type"],
            status=row["status"],
            allocated_on=row["allocated_on"],
            moved_in_on=row["moved_in_on"],
            moved_out_on=row["moved_out_on"],
            destination=row["destination"] or "",
            gender=row["gender"] or "",
            with_partner=bool(row["with_partner"]),
            children_count=row["children_count"] or 0,
            withdrawn=row["moved_in_on"] is None and row["status"] == "withdrawn",
        )
        for row in rows.order_by("pk")
    ]


def _overlap_days(start: dt.date, end: dt.date, first: dt.date, last: dt.date | None) -> int:
    """Days of [first, last) inside [start, end] (end inclusive)."""
    lo = max(start, first)
    hi = min(end + dt.timedelta(days=1), last or end + dt.timedelta(days=1))
    return max((hi - lo).days, 0)


def load_live_facts(
    *, start: dt.date, end: dt.date, offer_ids: Collection[int] | None = None
) -> LiveFacts:
    """Figures from live records for the period. National intake only when not narrowed."""
    live = LiveFacts()
    stays = Stay._default_manager.all()
    if offer_ids is not None:
        stays = stays.filter(offer_id__in=list(offer_ids))
    live_stays = stays.filter(is_imported=False)

    if offer_ids is None:  # intake is national: it belongs to no offer
        live.inquiry_outcomes = Counter(
            outcome or "open"
            for outcome in Inquiry._default_manager.filter(
                received_on__gte=start, received_on__lte=end
            ).values_list("outcome", flat=True)
        )
        # A withdrawn assessment was recorded twice or by mistake: it never happened.
        live.assessments = (
            Assessment._default_manager.filter(assessed_on__gte=start, assessed_on__lte=end)
            .exclude(status="withdrawn")
            .count()
        )

    # Threat assessment before arrival: stays allocated in the period that moved in.
    # One counting query, whatever the number of stays.
    arrived = live_stays.filter(
        allocated_on__gte=start,
        allocated_on__lte=end,
        moved_in_on__isnull=False,
        allocation__isnull=False,
    ).aggregate(
        checked=Count("pk"),
        with_threat=Count(
            "pk",
            filter=Q(
                Exists(
                    ThreatAssessment._default_manager.filter(
                        assessment_id=OuterRef("allocation__assessment_id"),
                        assessed_on__lte=OuterRef("moved_in_on"),
                    )
                )
            ),
        ),
    )
    live.moved_in_checked_for_threat += arrived["checked"]
    live.moved_in_with_threat_before += arrived["with_threat"]

    # Resident months in the period (the denominator of follow-up hours).
    resident_days = sum(
        _overlap_days(start, end, moved_in, moved_out)
        for moved_in, moved_out in live_stays.filter(moved_in_on__isnull=False).values_list(
            "moved_in_on", "moved_out_on"
        )
        if moved_in is not None  # filtered above, for the type checker
    )
    live.resident_months = round(resident_days / DAYS_PER_MONTH, 1)

    for theme, minutes in _minutes_by_theme(live_stays, start, end).items():
        live.followup_minutes_by_theme[theme] = minutes
    live.confidential_address_wait_days = [
        (granted - applied).days
        for applied, granted in SecurityMeasure._default_manager.filter(
            stay__in=live_stays,
            kind__in=["code_6", "code_7"],
            applied_on__isnull=False,
            granted_on__gte=start,
            granted_on__lte=end,
        ).values_list("applied_on", "granted_on")
        if applied is not None and granted is not None  # filtered above, for the type checker
    ]

    _goal_indicators(live, live_stays, start, end)
    _occupancy(live, start, end, offer_ids)
    return live


def _minutes_by_theme(stays: Any, start: dt.date, end: dt.date) -> dict[str, float]:
    """Follow-up minutes per theme in the period, summed in SQL.

    A contact with several themes counts an equal share for each; one with
    none counts under "none". Two aggregate queries, whatever the number of
    contacts: no contact is loaded or decrypted to be counted.
    """
    contacts = Contact._default_manager.filter(
        stay__in=stays, contact_on__gte=start, contact_on__lte=end
    )
    themes_of_contact = Subquery(
        ContactTheme._default_manager.filter(contact=OuterRef("contact"))
        .values("contact")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shares = (
        ContactTheme._default_manager.filter(contact__in=contacts)
        .values("theme")
        .annotate(
            total=Sum(
                Cast(F("contact__minutes"), FloatField()) / Cast(themes_of_contact, FloatField())
            )
        )
    )
    minutes = {row["theme"]: float(row["total"]) for row in shares.order_by("theme")}
    without = contacts.filter(themes__isnull=True).aggregate(total=Sum("minutes"))["total"]
    if without:
        minutes["none"] = float(without)
    return minutes


def _goal_indicators(live: LiveFacts, stays: Any, start: dt.date, end: dt.date) -> None:
    """Indicators assessed in the period (at closure), counting "yes" per indicator (platform §6)."""
    rows = GoalIndicatorAssessment._default_manager.filter(
        stay__in=stays, assessed_on__gte=start, assessed_on__lte=end
    )
    for row in rows:
        live.closed_with_indicators += 1
        for indicator in GOAL_INDICATORS:
            if getattr(row, indicator, "") == "yes":
                live.goal_indicators[indicator] = live.goal_indicators.get(indicator, 0) + 1


def _occupancy(
    live: LiveFacts, start: dt.date, end: dt.date, offer_ids: Collection[int] | None
) -> None:
    places = Place._default_manager.filter(active_from__lte=end).filter(
        Q(active_until__isnull=True) | Q(active_until__gte=start)
    )
    if offer_ids is not None:
        places = places.filter(dwelling__offer_id__in=list(offer_ids))
    for first, until in places.values_list("active_from", "active_until"):
        last = until + dt.timedelta(days=1) if until else None
        live.place_days_available += _overlap_days(start, end, first, last)
    occupied = PlaceBooking._default_manager.filter(
        place__in=places, status__in=["occupied", "ended"], starts_on__lte=end
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=start))
    for first, last in occupied.values_list("starts_on", "ends_on"):
        live.place_days_taken += _overlap_days(start, end, first, last)
