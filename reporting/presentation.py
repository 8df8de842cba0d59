"""Published statistics as labelled tables and charts, for pages and every export format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from reporting.charts import Chart, bar_chart
from reporting.statistics import DESTINATIONS, GOAL_INDICATORS, LENGTH_BUCKETS
from reporting.suppression import Published


def _labels() -> dict[str, str]:
    return {
        "under_3": _("Under 3 måneder"),
        "3_to_6": _("3–6 måneder"),
        "6_to_9": _("6–9 måneder"),
        "9_to_12": _("9–12 måneder"),
        "12_and_over": _("12 måneder eller mer"),
        "own_home_alone": _("Egen bolig – alene"),
        "own_home_friends": _("Egen bolig – med venner"),
        "own_home_partner": _("Egen bolig – med partner"),
        "family": _("Familie"),
        "family_mother": _("Familie – mor"),
        "family_spouse": _("Familie – ektefelle"),
        "crisis_centre": _("Krisesenter"),
        "other_offer": _("Annet botilbud"),
        "unknown": _("Ukjent"),
        "safe_dwelling": _("Har hatt en trygg bolig"),
        "needs_mapped": _("Har fått kartlagt individuelle behov"),
        "adapted_followup": _("Har fått tilpasset miljøterapeutisk oppfølging"),
        "safe_housing": _("Er reetablert i en trygg bosituasjon"),
        "services_contact": _("Har kontakt med relevante hjelpetjenester"),
        "day_activity": _("Er i gang med fast dagaktivitet"),
        "social_network": _("Har et sosialt nettverk rundt seg"),
    }


@dataclass
class Section:
    key: str
    title: str
    rows: list[tuple[str, Published | float | None]]
    chart: Chart | None = None


def _fmt(value: Any) -> Any:
    return "–" if value is None else value


def sections(published: dict[str, Any], *, with_charts: bool = True) -> list[Section]:
    labels = _labels()
    out: list[Section] = []
    summary_rows: list[tuple[str, Published | float | None]] = [
        (_("Tildelinger"), published["allocations"]),
        (_("Flyttet inn"), published["moved_in"]),
        (_("Trakk seg før innflytting"), published["withdrew_before_moving_in"]),
        (_("Kvinner"), published["women"]),
        (_("Menn"), published["men"]),
        (_("Annet kjønn"), published["gender_other"]),
        (_("Partnere som flyttet med"), published["partners"]),
        (_("Barn som flyttet med"), published["children"]),
        (_("Personer i alt (beboere, partnere og barn)"), published["persons"]),
        (_("Flyttet ut i perioden"), published["moved_out"]),
        (_("Bodde i botilbudet siste dag i perioden"), published["residents_on_end_date"]),
        (_("Lengste opphold (hele måneder)"), _fmt(published["longest_stay_months"])),
        (
            _("Dager fra tildeling til innflytting (median)"),
            _fmt(published["days_from_allocation_to_arrival"]["median"]),
        ),
        (
            _("Andel med trusselvurdering før innflytting"),
            _fmt(published["threat_assessment_before_arrival"]["share"]),
        ),
        (
            _("Dager ventetid på fortrolig adresse (median)"),
            _fmt(published["confidential_address_wait_days"]["median"]),
        ),
        (_("Belegg (andel plassdøgn i bruk)"), _fmt(published["occupancy"]["share"])),
    ]
    out.append(Section("summary", _("Hovedtall"), summary_rows))

    municipality_rows: list[tuple[str, Published | float | None]] = [
        (str(r["municipality"]), r["allocations"]) for r in published["by_municipality"]
    ]
    out.append(
        Section(
            "by_municipality",
            _("Tildelinger per kommune"),
            municipality_rows,
            _chart(
                with_charts,
                _("Tildelinger per kommune"),
                _("Tildelinger i perioden: %(total)s i alt.") % {"total": published["allocations"]},
                municipality_rows,
                _("Tildelinger"),
            ),
        )
    )
    length_rows: list[tuple[str, Published | float | None]] = [
        (labels[b], published["stay_length_months"][b]) for b in LENGTH_BUCKETS
    ]
    out.append(
        Section(
            "stay_length_months",
            _("Botid for dem som flyttet ut"),
            length_rows,
            _chart(
                with_charts,
                _("Botid for dem som flyttet ut"),
                _("%(total)s flyttet ut i perioden; flest bodde %(top)s.")
                % {"total": published["moved_out"], "top": _largest(length_rows).lower()},
                length_rows,
                _("Personer"),
            ),
        )
    )
    destination_rows: list[tuple[str, Published | float | None]] = [
        (labels[d], published["destinations"][d]) for d in DESTINATIONS
    ]
    out.append(
        Section(
            "destinations",
            _("Hvor de flyttet"),
            destination_rows,
            _chart(
                with_charts,
                _("Hvor de flyttet"),
                _("Flest flyttet til: %(top)s.") % {"top": _largest(destination_rows).lower()},
                destination_rows,
                _("Personer"),
            ),
        )
    )
    goals = published["goal_indicators"]
    out.append(
        Section(
            "goal_indicators",
            _("Måloppnåelse ved avslutning (antall «ja»)"),
            [(_("Avsluttet med vurdering"), goals["closed"])]
            + [(labels[g], goals[g]) for g in GOAL_INDICATORS],
        )
    )
    inquiries = published["inquiries"]
    out.append(
        Section(
            "inquiries",
            _("Henvendelser og utfall"),
            [(_("Henvendelser i alt"), inquiries["total"])]
            + [(str(k), v) for k, v in inquiries["outcomes"].items()]
            + [(_("Kartlegginger"), published["assessments"])],
        )
    )
    hours = published["followup_hours_per_resident_month"]
    out.append(
        Section(
            "followup_hours",
            _("Oppfølgingstimer per beboermåned etter tema"),
            [(_("Beboermåneder"), hours["resident_months"])]
            + [(str(k), _fmt(v)) for k, v in hours["by_theme"].items()],
        )
    )
    return out


def _largest(rows: list[tuple[str, Any]]) -> str:
    numeric = [(v, label) for label, v in rows if isinstance(v, int)]
    if not numeric or max(numeric)[0] == 0:
        return _("ingen tall å vise")
    return max(numeric, key=lambda item: item[0])[1]


def _chart(
    enabled: bool,
    title: str,
    summary: str,
    rows: list[tuple[str, Any]],
    heading: str,
) -> Chart | None:
    if not enabled or not rows:
        return None
    return bar_chart(
        title=title,
        summary=summary,
        labels=[label for label, _value in rows],
        values=[value for _label, value in rows],
        value_heading=heading,
    )
