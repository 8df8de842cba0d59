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

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
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


class _Split:
    """Where a row's counts go: one span, or each year of it (``by_year``)."""

    def __init__(self, start: dt.date, end: dt.date, *, by_year: bool) -> None:
        self.start, self.end, self.by_year = start, end, by_year
        self.out: dict[int, Blocks] = {}

    def on(self, day: dt.date) -> Blocks:
        return self.out.setdefault(day.year if self.by_year else 0, Blocks())

    def row(self, row: dict[str, Any], name: str) -> Blocks:
        return self.out.setdefault(row[f"{name}__year"] if self.by_year else 0, Blocks())

    def grouped(self, rows: Any, name: str, *fields: str, **totals: Any) -> list[dict[str, Any]]:
        """``totals`` per ``fields`` (and per year of the date ``name`` when split)."""
        keys = [*fields, *([f"{name}__year"] if self.by_year else [])]
        if not keys:
            return [rows.aggregate(**totals)]
        return list(rows.values(*keys).annotate(**totals).order_by())

    def spans(self) -> list[tuple[Blocks, dt.date, dt.date]]:
        if not self.by_year:
            return [(self.out.setdefault(0, Blocks()), self.start, self.end)]
        return [
            (
                self.out.setdefault(year, Blocks()),
                max(self.start, dt.date(year, 1, 1)),
                min(self.end, dt.date(year, 12, 31)),
            )
            for year in range(self.start.year, self.end.year + 1)
        ]


def load_blocks(
    *, start: dt.date, end: dt.date, offer_ids: Collection[int] | None = None
) -> Blocks:
    """The building blocks of ``start``–``end`` (both inclusive), offers keyed by id."""
    return _load(_Split(start, end, by_year=False), offer_ids).get(0, Blocks())


def load_years(*, first: int, last: int) -> dict[int, Blocks]:
    """The national blocks of each year ``first``–``last``: as many queries as for one."""
    split = _Split(dt.date(first, 1, 1), dt.date(last, 12, 31), by_year=True)
    found = _load(split, None)
    return {year: found.get(year, Blocks()) for year in range(first, last + 1)}


def _load(split: _Split, offer_ids: Collection[int] | None) -> dict[int, Blocks]:
    start, end = split.start, split.end
    stays = _stays(offer_ids)
    _allocations(split, stays)
    live_stays = stays.filter(is_imported=False)

    if offer_ids is None:  # intake is national: it belongs to no offer
        inquiries = Inquiry._default_manager.filter(received_on__gte=start, received_on__lte=end)
        for row in split.grouped(inquiries, "received_on", "outcome", n=Count("pk")):
            split.row(row, "received_on").inquiry_outcomes[row["outcome"] or "open"] += row["n"]
        # A withdrawn assessment was recorded twice or by mistake: it never happened.
        assessments = Assessment._default_manager.filter(
            assessed_on__gte=start, assessed_on__lte=end
        ).exclude(status="withdrawn")
        for row in split.grouped(assessments, "assessed_on", n=Count("pk")):
            split.row(row, "assessed_on").assessments += row["n"]

    # Threat assessment before arrival: stays allocated in the period that moved in.
    # One counting query, whatever the number of stays.
    arrived = live_stays.filter(
        allocated_on__gte=start,
        allocated_on__lte=end,
        moved_in_on__isnull=False,
        allocation__isnull=False,
    )
    for row in split.grouped(
        arrived,
        "allocated_on",
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
    ):
        blocks = split.row(row, "allocated_on")
        blocks.threat_checked += row["checked"]
        blocks.threat_before += row["with_threat"]

    # Resident days in the period (the denominator of follow-up hours).
    living = list(
        live_stays.filter(moved_in_on__isnull=False, moved_in_on__lte=end)
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=start))
        .values("moved_in_on", "moved_out_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for blocks, first, last in split.spans():
        blocks.resident_days += sum(
            overlap_days(first, last, row["moved_in_on"], row["moved_out_on"]) * row["n"]
            for row in living
        )

    _minutes_by_theme(split, live_stays)
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
        days = (row["granted_on"] - row["applied_on"]).days
        split.on(row["granted_on"]).wait_days[days] += row["n"]

    _goal_indicators(split, live_stays)
    _occupancy(split, offer_ids)
    return split.out


def _allocations(split: _Split, stays: Any) -> None:
    """Allocations, arrivals and move-outs of the span: three grouped queries."""
    withdrew = Case(
        When(moved_in_on__isnull=True, status="withdrawn", then=Value(True)),
        default=Value(False),
    )
    allocated = stays.filter(allocated_on__gte=split.start, allocated_on__lte=split.end)
    groups = split.grouped(
        allocated.annotate(withdrew=withdrew),
        "allocated_on",
        "offer_id",
        "withdrew",
        "gender",
        "with_partner",
        n=Count("pk"),
        children=Coalesce(Sum("children_count"), 0),
    )
    for row in groups:
        blocks = split.row(row, "allocated_on")
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
        days = (row["moved_in_on"] - row["allocated_on"]).days
        split.on(row["allocated_on"]).arrival_days[days] += row["n"]
    moves = (
        stays.filter(
            moved_out_on__gte=split.start, moved_out_on__lte=split.end, moved_in_on__isnull=False
        )
        .values("moved_in_on", "moved_out_on", "destination")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in moves:
        split.on(row["moved_out_on"]).add_move_out(
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


class _ThemeList(Aggregate):
    """The themes of one contact joined by commas (no theme name holds a comma)."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def _minutes_by_theme(split: _Split, stays: Any) -> None:
    """Follow-up minutes per theme and number of themes of the contact, summed in SQL.

    A contact with several themes counts an equal share for each; one with
    none counts under "none". One aggregate query, whatever the number of
    contacts: no contact is loaded or decrypted to be counted. The share is
    divided after adding (``Blocks.followup_minutes_by_theme``), so it is
    exact, and the same whether the years are added or counted at once.

    The query starts from the period's contacts (the ``contact_on`` index)
    and reads each one's themes through the (contact, theme) index, grouping
    minutes by the contact's list of themes: joining the theme table instead
    let PostgreSQL scan every theme of every year to find the period's.
    """
    contacts = Contact._default_manager.filter(
        stay__in=stays, contact_on__gte=split.start, contact_on__lte=split.end
    )
    theme_list = Subquery(
        ContactTheme._default_manager.filter(contact=OuterRef("pk"))
        .values("contact")
        .annotate(themes=_ThemeList("theme", Value(",")))
        .values("themes")
    )
    rows = split.grouped(
        contacts.annotate(theme_list=theme_list), "contact_on", "theme_list", total=Sum("minutes")
    )
    for row in rows:
        themes = row["theme_list"].split(",") if row["theme_list"] else []
        minutes = split.row(row, "contact_on").minutes
        if not themes:
            if row["total"]:
                minutes[("none", 1)] += row["total"]
            continue
        for theme in themes:
            minutes[(theme, len(themes))] += row["total"]


def _goal_indicators(split: _Split, stays: Any) -> None:
    """Indicators assessed in the period (at closure), counting "yes" per indicator (platform §6).

    One aggregate: the assessments' notes are never loaded (nor decrypted).
    """
    rows = GoalIndicatorAssessment._default_manager.filter(
        stay__in=stays, assessed_on__gte=split.start, assessed_on__lte=split.end
    )
    for found in split.grouped(
        rows,
        "assessed_on",
        closed=Count("pk"),
        **{name: Count("pk", filter=Q(**{name: "yes"})) for name in GOAL_INDICATORS},
    ):
        blocks = split.row(found, "assessed_on")
        blocks.indicators_closed += found["closed"]
        for name in GOAL_INDICATORS:
            if found[name]:
                blocks.indicators[name] += found[name]


def _occupancy(split: _Split, offer_ids: Collection[int] | None) -> None:
    start, end = split.start, split.end
    places = Place._default_manager.filter(active_from__lte=end).filter(
        Q(active_until__isnull=True) | Q(active_until__gte=start)
    )
    if offer_ids is not None:
        places = places.filter(dwelling__offer_id__in=list(offer_ids))
    available = list(
        places.values("active_from", "active_until")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("active_from", "active_until", "n")
    )
    occupied = list(
        PlaceBooking._default_manager.filter(
            place__in=places, status__in=["occupied", "ended"], starts_on__lte=end
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=start))
        .values_list("starts_on", "ends_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for blocks, first, last in split.spans():
        for active_from, until, n in available:
            after = until + dt.timedelta(days=1) if until else None
            blocks.place_days_available += overlap_days(first, last, active_from, after) * n
        for starts, ends, n in occupied:
            blocks.place_days_taken += overlap_days(first, last, starts, ends) * n
