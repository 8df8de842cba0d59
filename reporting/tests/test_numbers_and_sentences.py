"""Figures in Norwegian form, marks explained, sentences that survive hidden numbers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import translation
from openpyxl import load_workbook

from reporting import exports, presentation, sentences
from reporting.deadlines import days_sent_late
from reporting.numbers import count, decimal, explanation, share
from reporting.statistics import StayFact, compute, publish

D = dt.date


def test_it_shows_a_share_as_a_whole_norwegian_percentage() -> None:
    assert share(0.501).text == "50 %"
    assert share(0.505).text == "51 %"  # half up, not to even
    assert share(None).text == "–" and share(None, hidden=True).text == "x"
    with translation.override("en"):
        assert share(0.501).text == "50%"


def test_it_writes_numbers_with_a_decimal_comma_and_a_space_for_thousands() -> None:
    assert count(1234).text == "1\xa0234" and count(1234).csv_text == "1234"
    assert decimal(2.5).text == "2,5" and decimal(12.0).text == "12"
    assert count("<5").text == "<5" and count("x").number is None
    with translation.override("en"):
        assert decimal(2.5).text == "2.5"


def test_it_explains_only_the_marks_that_are_there() -> None:
    assert explanation([count(7), count(0)]) == ""
    assert explanation([count("x")]) == "x: skjult for å verne personvern."
    assert explanation([count("<5"), share(None)]) == (
        "<5: 1–4 personer, skjult for å verne personvern; –: ingenting å regne ut fra i perioden."
    )


def test_it_claims_a_largest_group_only_when_it_is_certain() -> None:
    rows = [("Familie", count(6)), ("Krisesenter", count(0))]
    assert sentences.most_moved_to(rows, 5) == "Flest flyttet til: familie."
    # A hidden "x" could be larger; a tie has no single largest; "<5" could be 4.
    assert sentences.most_moved_to([*rows, ("Ukjent", count("x"))], 5) == ""
    assert sentences.most_moved_to([("Familie", count(6)), ("Ukjent", count(6))], 5) == ""
    assert sentences.most_moved_to([("Familie", count(3)), ("Ukjent", count("<5"))], 5) == ""
    assert sentences.moved_out(count("x"), 5) == (
        "Antallet som flyttet ut, er skjult for å verne personvern."
    )
    assert sentences.moved_out(count("<5"), 5) == "Færre enn 5 flyttet ut i perioden."


def _published() -> dict[str, Any]:
    """Three stays in 2025 (every count "<5"), with live figures put in by hand."""
    facts = [
        StayFact(
            offer="Tilbud A",
            municipality="Kommune A",
            offer_type="collective",
            allocated_on=D(2025, 1, 5),
            moved_in_on=D(2025, 1, 10),
            moved_out_on=D(2025, 3, 5),
            destination="family",
        )
        for _n in range(3)
    ]
    published = publish(compute(facts, D(2025, 1, 1), D(2025, 12, 31)))
    published["occupancy"] = {
        "place_days_available": 1095,
        "place_days_taken": 549,
        "share": 0.501,  # 549 / 1095 = 0.50137 → 0.501 → "50 %"
    }
    published["followup_hours_per_resident_month"] = {
        "resident_months": 12.0,
        "by_theme": {"mental_health": 1.25, "economy": 0.5, "none": 0.25},
    }
    return published


def test_the_sections_label_themes_and_show_shares_as_percentages() -> None:
    found = {s.key: s for s in presentation.sections(_published(), with_charts=False)}
    summary = dict(found["summary"].rows)
    assert summary["Belegg (andel plassdøgn i bruk)"].text == "50 %"
    assert summary["Lengste opphold (hele måneder)"].text == "x"  # 3 move-outs: hidden
    themes = {label: value.text for label, value in found["followup_hours"].rows}
    assert themes == {
        "Beboermåneder": "12",
        "Psykisk helse": "1,25",
        "Økonomi": "0,50",
        "Uten tema": "0,25",
    }
    # Every count is "<5": no chart, and a sentence says why.
    assert found["destinations"].chart is None
    assert found["destinations"].no_chart.startswith("Ikke noe diagram: alle tallene")
    assert found["destinations"].summary == "Færre enn 5 flyttet ut i perioden."
    with translation.override("en"):
        english = {s.key: s for s in presentation.sections(_published(), with_charts=False)}
    assert ("Mental health", "1.25") in [(k, v.text) for k, v in english["followup_hours"].rows]


def test_the_exports_keep_the_percentage_and_the_labels() -> None:
    sections = presentation.sections(_published(), with_charts=False)
    text = exports.to_csv("Årsrapport", sections).decode("utf-8-sig")
    assert "Hovedtall;Belegg (andel plassdøgn i bruk);50 %" in text
    assert "Oppfølgingstimer per beboermåned etter tema;Psykisk helse;1,25" in text
    assert "mental_health" not in text and "economy" not in text
    sheet = load_workbook(io.BytesIO(exports.to_xlsx("Årsrapport", sections))).active
    assert sheet is not None
    occupancy = next(
        r for r in sheet.iter_rows() if r[1].value == "Belegg (andel plassdøgn i bruk)"
    )
    assert occupancy[2].value == 0.501 and occupancy[2].number_format == "0 %"


def test_a_report_sent_after_its_deadline_is_late_by_the_deadline_rule() -> None:
    assert days_sent_late(due_on=D(2026, 5, 4), submitted_on=D(2026, 5, 4)) == 0
    assert days_sent_late(due_on=D(2026, 5, 4), submitted_on=D(2026, 5, 3)) == 0
    assert days_sent_late(due_on=D(2026, 5, 4), submitted_on=D(2026, 5, 5)) == 1
