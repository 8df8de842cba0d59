"""Published statistics as labelled tables and charts, for pages and every export format.

Every coded value gets its label from ``reporting.labels`` and every figure
its form from ``reporting.numbers``. A chart is drawn only where it has a
number to show; otherwise ``no_chart`` says why. The sentences built from the
numbers (``reporting.sentences``) read well when a number is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from reporting import advisory_figures, decision_meeting_rows, labels, sentences
from reporting.charts import Chart, bar_chart
from reporting.numbers import Kind, Value, count, decimal, explanation, share
from reporting.statistics import DESTINATIONS, GOAL_INDICATORS, LENGTH_BUCKETS

Row = tuple[str, Value]


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    chart: Chart | None = None
    summary: str = ""
    no_chart: str = ""
    note: str = field(init=False)

    def __post_init__(self) -> None:
        self.note = explanation([value for _label, value in self.rows])


def _summary_rows(published: dict[str, Any]) -> list[Row]:
    hiding = published["suppress_below"] > 0
    moved_out_none = published["moved_out"] == 0
    arrival = published["days_from_allocation_to_arrival"]
    threat = published["threat_assessment_before_arrival"]
    address = published["confidential_address_wait_days"]
    return [
        (_("Tildelinger"), count(published["allocations"])),
        (_("Flyttet inn"), count(published["moved_in"])),
        (_("Trakk seg før innflytting"), count(published["withdrew_before_moving_in"])),
        (_("Kvinner"), count(published["women"])),
        (_("Menn"), count(published["men"])),
        (_("Annet kjønn"), count(published["gender_other"])),
        (_("Partnere som flyttet med"), count(published["partners"])),
        (_("Barn som flyttet med"), count(published["children"])),
        (_("Personer i alt (beboere, partnere og barn)"), count(published["persons"])),
        (_("Flyttet ut i perioden"), count(published["moved_out"])),
        (_("Bodde i botilbudet siste dag i perioden"), count(published["residents_on_end_date"])),
        (
            _("Lengste opphold (hele måneder)"),
            decimal(published["longest_stay_months"], hidden=hiding and not moved_out_none),
        ),
        (
            _("Dager fra tildeling til innflytting (median)"),
            decimal(arrival["median"], hidden=arrival["count"] != 0),
        ),
        (
            _("Andel med trusselvurdering før innflytting"),
            share(threat["share"], hidden=threat["moved_in"] != 0),
        ),
        (
            _("Dager ventetid på fortrolig adresse (median)"),
            decimal(address["median"], hidden=address["count"] != 0),
        ),
        (_("Belegg (andel plassdøgn i bruk)"), share(published["occupancy"]["share"])),
    ]


def sections(
    published: dict[str, Any], *, with_charts: bool = True, for_print: bool = False
) -> list[Section]:
    """The sections in order; ``for_print`` draws the charts as PNG for the PDF."""
    threshold = published["suppress_below"]
    out = [Section("summary", _("Hovedtall"), _summary_rows(published))]

    municipality_rows = [
        (str(r["municipality"]), count(r["allocations"])) for r in published["by_municipality"]
    ]
    out.append(
        _charted(
            with_charts,
            for_print,
            "by_municipality",
            _("Tildelinger per kommune"),
            municipality_rows,
            sentences.allocations(count(published["allocations"]), threshold),
            _("Tildelinger"),
        )
    )
    moved_out = sentences.moved_out(count(published["moved_out"]), threshold)
    length_rows = [
        (labels.length_bucket(b), count(published["stay_length_months"][b])) for b in LENGTH_BUCKETS
    ]
    out.append(
        _charted(
            with_charts,
            for_print,
            "stay_length_months",
            _("Botid for dem som flyttet ut"),
            length_rows,
            sentences.join(moved_out, sentences.most_lived(length_rows, threshold)),
            _("Personer"),
        )
    )
    destination_rows = [
        (labels.destination(d), count(published["destinations"][d])) for d in DESTINATIONS
    ]
    out.append(
        _charted(
            with_charts,
            for_print,
            "destinations",
            _("Hvor de flyttet"),
            destination_rows,
            sentences.join(moved_out, sentences.most_moved_to(destination_rows, threshold)),
            _("Personer"),
        )
    )
    goals = published["goal_indicators"]
    out.append(
        Section(
            "goal_indicators",
            _("Måloppnåelse ved avslutning (antall «ja»)"),
            [(_("Avsluttet med vurdering"), count(goals["closed"]))]
            + [(labels.goal_indicator(g), count(goals[g])) for g in GOAL_INDICATORS],
        )
    )
    inquiries = published["inquiries"]
    out.append(
        Section(
            "inquiries",
            _("Henvendelser og utfall"),
            [(_("Henvendelser i alt"), count(inquiries["total"]))]
            + [(labels.inquiry_outcome(k), count(v)) for k, v in inquiries["outcomes"].items()]
            + [(_("Kartlegginger"), count(published["assessments"]))],
        )
    )
    hours = published["followup_hours_per_resident_month"]
    months = hours["resident_months"]
    # Hours per resident-month are withheld below the threshold (too few to average).
    too_few = threshold > 0 and 0 < months < threshold
    out.append(
        Section(
            "followup_hours",
            _("Oppfølgingstimer per beboermåned etter tema"),
            [(_("Beboermåneder"), decimal(months))]
            + [
                (labels.theme(k), decimal(v, decimals=2, hidden=too_few))
                for k, v in hours["by_theme"].items()
            ],
        )
    )
    out += [
        Section(key, title, rows)
        for key, title, rows in decision_meeting_rows.parts(published, per_year=for_print)
    ]
    if for_print:  # the page shows the team's years side by side (advisory_table)
        out += _advisory_sections(published)
    return out


@dataclass
class AdvisoryTable:
    """The team's advisory work on the page: one column per year, one row per category."""

    years: list[int]
    rows: list[tuple[str, list[Value]]]
    summary: str
    note: str = field(init=False)

    def __post_init__(self) -> None:
        self.note = explanation([value for _label, values in self.rows for value in values])


def advisory_table(published: dict[str, Any]) -> AdvisoryTable | None:
    """The same figures as the exports' advisory sections, a row per category (national only).

    Years are columns so the page keeps its rows however long the period is.
    """
    years = published.get("advisory", {}).get("years", [])
    if not years:
        return None
    per_year = [advisory_figures.year_rows(year) for year in years]
    rows = [
        (label, [count(rows[n][1]) for rows in per_year])
        for n, (label, _value) in enumerate(per_year[0])
    ]
    return AdvisoryTable(
        [year["year"] for year in years], rows, advisory_figures.comparison_sentence()
    )


def decisions_table(published: dict[str, Any]) -> AdvisoryTable | None:
    """The decisions of each year of the period side by side, as the advisory table (national only)."""
    by_year = published.get("decisions", {}).get("by_year", {})
    if not by_year:
        return None
    per_year = [decision_meeting_rows.decision_rows(figures) for figures in by_year.values()]
    rows = [
        (label, [rows[n][1] for rows in per_year]) for n, (label, _value) in enumerate(per_year[0])
    ]
    return AdvisoryTable([int(year) for year in by_year], rows, "")


def _advisory_sections(published: dict[str, Any]) -> list[Section]:
    """The team's advisory work per year (national figures only) and the comparison series."""
    years = published.get("advisory", {}).get("years", [])
    if not years:
        return []
    out = [
        Section(
            f"advisory_{year['year']}",
            _("Råd og veiledning %(year)s") % {"year": year["year"]},
            [(label, count(value)) for label, value in advisory_figures.year_rows(year)],
        )
        for year in years
    ]
    out.append(
        Section(
            "advisory_forced_marriage",
            _("Saker om tvangsekteskap per år"),
            [(str(year["year"]), count(year["forced_marriage_cases"])) for year in years],
            summary=advisory_figures.comparison_sentence(),
        )
    )
    return out


def _charted(
    enabled: bool,
    for_print: bool,
    key: str,
    title: str,
    rows: list[Row],
    summary: str,
    heading: str,
) -> Section:
    section = Section(key, title, rows, summary=summary)
    drawable = any(isinstance(v.number, int) and v.number > 0 for _label, v in rows)
    if not drawable:
        section.no_chart = sentences.no_chart(rows)
    elif enabled:
        section.chart = bar_chart(
            title=title,
            summary=summary,
            labels=[label for label, _value in rows],
            values=[value for _label, value in rows],
            value_heading=heading,
            for_print=for_print,
        )
    return section


def spreadsheet_value(value: Value) -> int | float | str:
    """A cell for XLSX: the number itself where there is one, else its mark."""
    if value.kind in (Kind.COUNT, Kind.DECIMAL, Kind.SHARE) and value.number is not None:
        return value.number
    return value.text
