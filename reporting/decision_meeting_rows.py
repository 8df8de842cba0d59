"""Decisions, individual plans and meetings as labelled rows for the statistics page and exports.

The figures are the ones ``national_statistics`` prints (``reporting.decision_figures``
and ``reporting.meeting_statistics``, counted once by ``reporting.report``); this
module only labels them and gives each its form (``reporting.numbers``). They are
national figures: an offer's or a municipality's statistics have none.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from decisions.models import Outcome, Service
from meetings.models import Meeting
from reporting.numbers import Kind, Value, count, decimal, marker

Part = tuple[str, str, list[tuple[str, Value]]]  # key, title, rows


def decision_rows(figures: dict[str, Any]) -> list[tuple[str, Value]]:
    """One year's decisions: in all, by outcome, then by service (in all and by outcome)."""
    outcomes = dict(Outcome.choices)
    rows = [(_("Vedtak i alt"), count(figures["total"]))]
    rows += [(str(label), count(figures["by_outcome"][code])) for code, label in outcomes.items()]
    for service, label in Service.choices:
        cells = figures["by_service"][service]
        rows.append((_("%(service)s: i alt") % {"service": label}, count(cells["total"])))
        rows += [
            (
                _("%(service)s: %(outcome)s") % {"service": label, "outcome": outcome},
                count(cells[code]),
            )
            for code, outcome in outcomes.items()
        ]
    return rows


def decision_title(year: str) -> str:
    return _("Vedtak fra kommunale tjenester %(year)s") % {"year": year}


def _plans(plan: dict[str, Any]) -> Part:
    return (
        "individual_plan",
        _("Individuell plan"),
        [
            (_("Beboere i perioden"), count(plan["residents"])),
            (_("Har rett til individuell plan"), count(plan["with_right"])),
            (_("Har individuell plan"), count(plan["with_plan"])),
        ],
    )


def _meetings(figures: dict[str, Any]) -> Part:
    months = figures["resident_months"]
    # Below the threshold the counts are withheld; with no resident-months there is nothing.
    hidden = months > 0

    def meetings(value: int | None) -> Value:
        if value is None:
            return marker(Kind.HIDDEN if hidden else Kind.NO_BASIS)
        return count(value)

    kinds = dict(Meeting.Kind.choices)
    rows = [
        (_("Beboermåneder"), decimal(months)),
        (_("Møter i alt"), meetings(figures["meetings"])),
        (
            _("Møter per beboermåned"),
            decimal(figures["meetings_per_resident_month"], decimals=2, hidden=hidden),
        ),
    ]
    rows += [
        (_("Antall: %(kind)s") % {"kind": label}, meetings(figures["by_kind"][code]))
        for code, label in kinds.items()
    ]
    rows += [
        (
            _("Per beboermåned: %(kind)s") % {"kind": label},
            decimal(figures["by_kind_per_resident_month"][code], decimals=2, hidden=hidden),
        )
        for code, label in kinds.items()
    ]
    return ("meetings", _("Møter per beboermåned"), rows)


def parts(published: dict[str, Any], *, per_year: bool) -> list[Part]:
    """The parts in the order shown; none when the figures are not national.

    ``per_year``: a part for each year's decisions (the exports); the page shows
    the years side by side instead (``reporting.presentation.decisions_table``).
    """
    out: list[Part] = []
    decisions = published.get("decisions")
    if decisions:
        if per_year:
            out += [
                (f"decisions_{year}", decision_title(year), decision_rows(figures))
                for year, figures in decisions["by_year"].items()
            ]
        out.append(_plans(decisions["individual_plan"]))
    meetings = published.get("meetings_per_resident_month")
    if meetings:
        out.append(_meetings(meetings))
    return out
