"""Reading the records into the plain facts ``reporting.statistics`` counts.

Stays are read through exactly the fields of ``docs/stay-contract.md``.
Figures only live records have (inquiries, threat assessments, goal
indicators, follow-up time, confidential address) are read from the apps
that own them when those are installed; imported history has none of them.

``load_blocks`` reads a span's building blocks (``reporting.statistics.blocks``)
with grouped SQL aggregates: a fixed number of queries whatever the span, and
no model instance (nothing is decrypted to be counted). Rows come back only
grouped by the dates a figure needs, at most one per distinct pair of dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from followup.models import Contact, ContactTheme, SecurityMeasure
from housing.models import Offer, Place, PlaceBooking
from referrals.models import Assessment, Inquiry, ThreatAssessment
from reporting.statistics import GOAL_INDICATORS, Blocks, LiveFacts, StayFact
from reporting.statistics.blocks import overlap_days
from stays.models import GoalIndicatorAssessment, Stay


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


def _stays(offer_ids: Collection[int] | None) -> Any:
    stays = Stay._default_manager.all()
    if offer_ids is not None:
        stays = stays.filter(offer_id__in=list(offer_ids))
    return stays


def load_live_facts(
    *, start: dt.date, end: dt.date, offer_ids: Collection[int] | None = None
) -> LiveFacts:
    """Figures from live records for the period. National intake only when not narrowed."""
    return load_blocks(start=start, end=end, offer_ids=offer_ids).live_facts()


def load_blocks(
    *, start: dt.date, end: dt.date, offer_ids: Collection[int] | None = None
) -> Blocks:
    """The building blocks of ``start``–``end`` (both inclusive), offers keyed by id."""
    blocks = Blocks()
    stays = _stays(offer_ids)
    _allocations(blocks, stays, start, end)
    live_stays = stays.filter(is_imported=False)

    if offer_ids is None:  # intake is national: it belongs to no offer
        outcomes = (
            Inquiry._default_manager.filter(received_on__gte=start, received_on__lte=end)
            .values("outcome")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in outcomes:
            blocks.inquiry_outcomes[row["outcome"] or "open"] += row["n"]
        # A withdrawn assessment was recorded twice or by mistake: it never happened.
        blocks.assessments = (
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
    blocks.threat_checked = arrived["checked"]
    blocks.threat_before = arrived["with_threat"]

    # Resident days in the period (the denominator of follow-up hours).
    living = (
        live_stays.filter(moved_in_on__isnull=False, moved_in_on__lte=end)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=start))
        .values("moved_in_on", "moved_out_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    blocks.resident_days = sum(
        overlap_days(start, end, row["moved_in_on"], row["moved_out_on"]) * row["n"]
        for row in living
    )

    _minutes_by_theme(blocks, live_stays, start, end)
    waits = (
        SecurityMeasure._default_manager.filter(
            stay__in=live_stays,
            kind__in=["code_6", "code_7"],
            applied_on__isnull=False,
            granted_on__gte=start,
            granted_on__lte=end,
        )
        .values("applied_on", "granted_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in waits:
        blocks.wait_days[(row["granted_on"] - row["applied_on"]).days] += row["n"]

    _goal_indicators(blocks, live_stays, start, end)
    _occupancy(blocks, start, end, offer_ids)
    return blocks


def _allocations(blocks: Blocks, stays: Any, start: dt.date, end: dt.date) -> None:
    """Allocations, arrivals and move-outs of the span: three grouped queries."""
    withdrew = Case(
        When(moved_in_on__isnull=True, status="withdrawn", then=Value(True)),
        default=Value(False),
    )
    allocated = stays.filter(allocated_on__gte=start, allocated_on__lte=end)
    groups = (
        allocated.annotate(withdrew=withdrew)
        .values("offer_id", "withdrew", "gender", "with_partner")
        .annotate(n=Count("pk"), children=Coalesce(Sum("children_count"), 0))
        .order_by()
    )
    for row in groups:
        key = (row["offer_id"], bool(row["withdrew"]), row["gender"] or "", row["with_partner"])
        blocks.allocations[key] += row["n"]
        blocks.children += row["children"]
    arrivals = (
        allocated.filter(moved_in_on__isnull=False)
        .values("allocated_on", "moved_in_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in arrivals:
        blocks.arrival_days[(row["moved_in_on"] - row["allocated_on"]).days] += row["n"]
    moves = (
        stays.filter(moved_out_on__gte=start, moved_out_on__lte=end, moved_in_on__isnull=False)
        .values("moved_in_on", "moved_out_on", "destination")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in moves:
        blocks.add_move_out(
            row["moved_in_on"], row["moved_out_on"], row["destination"] or "", row["n"]
        )


def offer_names(ids: Collection[Any]) -> dict[Any, tuple[str, str, str]]:
    """Offer id -> (municipality, offer, offer type) as they are named today."""
    rows = Offer._default_manager.filter(pk__in=list(ids)).values_list(
        "pk", "municipality__name", "name", "offer_type"
    )
    return {pk: (municipality, name, offer_type) for pk, municipality, name, offer_type in rows}


def residents_on(day: dt.date, *, offer_ids: Collection[int] | None = None) -> int:
    """Living there at the end of ``day``: one count (not additive over years, so never cached)."""
    return (
        _stays(offer_ids)
        .filter(moved_in_on__isnull=False, moved_in_on__lte=day)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=day))
        .count()
    )


def _minutes_by_theme(blocks: Blocks, stays: Any, start: dt.date, end: dt.date) -> None:
    """Follow-up minutes per theme and number of themes of the contact, summed in SQL.

    A contact with several themes counts an equal share for each; one with
    none counts under "none". Two aggregate queries, whatever the number of
    contacts: no contact is loaded or decrypted to be counted. The share is
    divided after adding (``Blocks.followup_minutes_by_theme``), so it is
    exact, and the same whether the years are added or counted at once.
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
        .annotate(themes=themes_of_contact)
        .values("theme", "themes")
        .annotate(total=Sum("contact__minutes"))
        .order_by()
    )
    for row in shares:
        blocks.minutes[(row["theme"], row["themes"])] += row["total"]
    without = contacts.filter(themes__isnull=True).aggregate(total=Sum("minutes"))["total"]
    if without:
        blocks.minutes[("none", 1)] += without


def _goal_indicators(blocks: Blocks, stays: Any, start: dt.date, end: dt.date) -> None:
    """Indicators assessed in the period (at closure), counting "yes" per indicator (platform §6).

    One aggregate: the assessments' notes are never loaded (nor decrypted).
    """
    found = GoalIndicatorAssessment._default_manager.filter(
        stay__in=stays, assessed_on__gte=start, assessed_on__lte=end
    ).aggregate(
        closed=Count("pk"),
        **{name: Count("pk", filter=Q(**{name: "yes"})) for name in GOAL_INDICATORS},
    )
    blocks.indicators_closed = found["closed"]
    for name in GOAL_INDICATORS:
        if found[name]:
            blocks.indicators[name] = found[name]


def _occupancy(
    blocks: Blocks, start: dt.date, end: dt.date, offer_ids: Collection[int] | None
) -> None:
    places = Place._default_manager.filter(active_from__lte=end).filter(
        Q(active_until__isnull=True) | Q(active_until__gte=start)
    )
    if offer_ids is not None:
        places = places.filter(dwelling__offer_id__in=list(offer_ids))
    for first, until, n in (
        places.values("active_from", "active_until")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("active_from", "active_until", "n")
    ):
        last = until + dt.timedelta(days=1) if until else None
        blocks.place_days_available += overlap_days(start, end, first, last) * n
    occupied = (
        PlaceBooking._default_manager.filter(
            place__in=places, status__in=["occupied", "ended"], starts_on__lte=end
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=start))
        .values("starts_on", "ends_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in occupied:
        blocks.place_days_taken += (
            overlap_days(start, end, row["starts_on"], row["ends_on"]) * row["n"]
        )
