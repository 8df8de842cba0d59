"""Hours of follow-up: per week of one stay (the contact log's chart) and per theme.

Computed from contact dates and minutes only, never from the notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from core import dates
from followup.models import Contact, ContactTheme, Theme


def format_hours(minutes: int) -> str:
    """Minutes as hours in the active language: 390 -> «6,5» (Norwegian), 120 -> «2»."""
    hours = round(minutes / 60, 1)
    if hours == int(hours):
        return formats.number_format(int(hours))
    return formats.number_format(hours, 1)


def hours_by_theme(
    stays: Iterable[Any] | QuerySet[Any], start: dt.date, end: dt.date
) -> dict[str, float]:
    """Hours of follow-up per theme for contacts dated ``start``..``end`` (inclusive).

    Every theme is in the answer (0.0 when unused). A contact with several
    themes counts fully under each, so the themes do not sum to the total.
    Pass stays the caller has already scoped through the policy.
    """
    stay_ids = stays.values("pk") if isinstance(stays, QuerySet) else [s.pk for s in stays]
    sums = (
        ContactTheme.objects.filter(
            contact__stay_id__in=stay_ids, contact__contact_on__range=(start, end)
        )
        .values("theme")
        .annotate(total=Sum("contact__minutes"))
    )
    result = {theme: 0.0 for theme in Theme.values}
    for row in sums:
        result[row["theme"]] = round((row["total"] or 0) / 60, 2)
    return result


@dataclass(frozen=True)
class Week:
    number: int
    starts_on: dt.date
    ends_on: dt.date
    minutes: int
    contacts: int
    heavy_strain: bool
    aftercare: bool
    partial: bool  # the week is not over yet

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def hours_text(self) -> str:
        return format_hours(self.minutes)


@dataclass(frozen=True)
class WeeklyHours:
    weeks: list[Week]

    @property
    def total_minutes(self) -> int:
        return sum(week.minutes for week in self.weeks)

    def summary(self) -> str:
        """One sentence for the chart: how the follow-up has changed from week 1 to the last."""
        if not self.total_minutes:
            return _("Ingen kontakter er registrert ennå.")
        first, last = self.weeks[0], self.weeks[-1]
        values = {
            "first": format_hours(first.minutes),
            "last": format_hours(last.minutes),
            "number": last.number,
        }
        if len(self.weeks) == 1:
            return _("Oppfølgingen har vært %(first)s timer i uke 1.") % values
        if last.minutes < first.minutes:
            return (
                _(
                    "Oppfølgingen har gått ned fra %(first)s timer i uke 1 til %(last)s timer siste uke (uke %(number)s)."
                )
                % values
            )
        if last.minutes > first.minutes:
            return (
                _(
                    "Oppfølgingen har gått opp fra %(first)s timer i uke 1 til %(last)s timer siste uke (uke %(number)s)."
                )
                % values
            )
        return (
            _(
                "Oppfølgingen har vært like stor i uke 1 og siste uke (uke %(number)s): %(first)s timer."
            )
            % values
        )


def weekly_hours(stay: Any, today: dt.date | None = None) -> WeeklyHours:
    """Hours per week of the stay; week 1 starts on the day of arrival.

    Runs to today (or the move-out day), and on to the last aftercare
    contact; weeks after the move-out are marked as aftercare.
    """
    today = today or dates.today()
    if stay.moved_in_on is None:
        return WeeklyHours([])
    rows = list(
        Contact.objects.filter(stay_id=stay.pk).values_list("contact_on", "minutes", "heavy_strain")
    )
    end = stay.moved_out_on or today
    if rows:
        end = max(end, max(row[0] for row in rows))
    end = min(max(end, stay.moved_in_on), max(today, stay.moved_in_on))
    count = (end - stay.moved_in_on).days // 7 + 1
    minutes = [0] * count
    contacts = [0] * count
    strain = [False] * count
    for day, spent, heavy in rows:
        index = (day - stay.moved_in_on).days // 7
        if 0 <= index < count:
            minutes[index] += spent
            contacts[index] += 1
            strain[index] = strain[index] or heavy
    weeks = []
    for index in range(count):
        starts = stay.moved_in_on + dt.timedelta(days=7 * index)
        ends = starts + dt.timedelta(days=6)
        weeks.append(
            Week(
                number=index + 1,
                starts_on=starts,
                ends_on=ends,
                minutes=minutes[index],
                contacts=contacts[index],
                heavy_strain=strain[index],
                aftercare=stay.moved_out_on is not None and starts > stay.moved_out_on,
                partial=ends >= today,
            )
        )
    return WeeklyHours(weeks)
