"""Statistics people can read: labels, not codes; numbers in Norwegian form; marks
explained; sentences that survive a hidden number; CSV for Norwegian Excel.

The fixture is eleven stays in 2025 whose figures are worked out by hand
below; the expected answers never come from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import InquiryFactory, StayFactory

D = dt.date
FROZEN = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)
PERIOD = "fra=2025-01-01&til=2025-12-31&omfang=national"
# Codes that must never reach a reader (every one is in the fixture's figures).
CODES = ["no_place", "own_home_alone", "under_3", "6_to_9", "12_and_over", "safe_dwelling"]


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def eleven_stays(offers: Any, cast: Any) -> None:
    """By hand, for 1 January – 31 December 2025 (all in Kommune A, all women):

    * 6 stays moved in 10 Jan, out 5 Mar (1 whole month: under 3), to family;
    * 5 stays moved in 10 Jan, out 20 Aug (7 whole months: 6–9), to own home alone;
    * allocated 5 days before moving in (5 Jan), so the median wait is 5 days;
    * 11 allocations, 11 moved out, longest stay 7 months, nobody left on 31 Dec;
    * inquiries: 5 assessed for a place, 6 no place: 11 in all.
    No figure is 1–4, so nothing is hidden; no place and no threat assessment
    exist, so occupancy and the threat share have no basis ("–").
    """
    for n in range(11):
        to_family = n < 6
        StayFactory.create(
            offer=offers["a"],
            allocated_on=D(2025, 1, 5),
            moved_in_on=D(2025, 1, 10),
            moved_out_on=D(2025, 3, 5) if to_family else D(2025, 8, 20),
            destination="family" if to_family else "own_home_alone",
        )
    for n in range(11):
        assessed = n < 5
        InquiryFactory.create(
            received_on=D(2025, 4, 1),
            registered_by=cast["coordinator"],
            outcome="assessed" if assessed else "no_place",
            no_place_reason="" if assessed else "relatives",
        )


def _page(client: Any, query: str = PERIOD) -> str:
    response = client.get(reverse("reporting:statistics") + "?" + query)
    assert response.status_code == 200
    return str(response.content.decode())


def _export(client: Any, fmt: str) -> Any:
    response = client.get(reverse("reporting:statistics_export", args=[fmt]) + "?" + PERIOD)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_it_shows_labels_and_hand_computed_figures_on_the_page(
    client_for: Any, cast: Any, eleven_stays: None
) -> None:
    html = _page(client_for(cast["analyst"]))
    for code in CODES:
        assert code not in html
    assert '<th scope="row">Familie</th><td>6</td>' in html
    assert '<th scope="row">Egen bolig – alene</th><td>5</td>' in html
    assert '<th scope="row">Under 3 måneder</th><td>6</td>' in html
    assert '<th scope="row">6–9 måneder</th><td>5</td>' in html
    assert '<th scope="row">Kartlagt for plass</th><td>5</td>' in html
    assert '<th scope="row">Ikke plass</th><td>6</td>' in html
    assert '<th scope="row">Lengste opphold (hele måneder)</th><td>7</td>' in html
    assert '<th scope="row">Dager fra tildeling til innflytting (median)</th><td>5</td>' in html
    assert '<th scope="row">Andel med trusselvurdering før innflytting</th><td>–</td>' in html
    assert "–: ingenting å regne ut fra i perioden." in html
    # Sentences from the numbers: 11 moved out, the largest groups are certain.
    assert "11 tildelinger i perioden." in html
    assert "11 flyttet ut i perioden. Flest bodde der under 3 måneder." in html
    assert "11 flyttet ut i perioden. Flest flyttet til: familie." in html
    assert html.count("data:image/svg+xml;base64,") == 3
    assert "ingen tall å vise" not in html and "x: skjult" not in html


@pytest.mark.django_db
def test_the_csv_opens_in_norwegian_excel_with_labels(
    client_for: Any, cast: Any, eleven_stays: None
) -> None:
    body = _export(client_for(cast["analyst"], reauthenticated=True), "csv").content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == "Del;Hva;Verdi"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    values = {(r[0], r[1]): r[2] for r in rows[1:] if len(r) == 3}
    assert values[("Hvor de flyttet", "Familie")] == "6"
    assert values[("Henvendelser og utfall", "Ikke plass")] == "6"
    assert values[("Hovedtall", "Belegg (andel plassdøgn i bruk)")] == "–"
    assert values[("Forklaring", "")] == "–: ingenting å regne ut fra i perioden."
    for code in CODES:
        assert code not in text


@pytest.mark.django_db
def test_the_xlsx_and_the_pdf_carry_labels_not_codes(
    client_for: Any, cast: Any, eleven_stays: None
) -> None:
    client = client_for(cast["analyst"], reauthenticated=True)
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx").content)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Hvor de flyttet", "Egen bolig – alene", 5] in rows
    assert ["Botid for dem som flyttet ut", "Under 3 måneder", 6] in rows
    cells = " ".join(str(v) for row in rows for v in row if v is not None)
    pdf = PdfReader(io.BytesIO(_export(client, "pdf").content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Egen bolig – alene" in text and "Ikke plass" in text
    for code in CODES:
        assert code not in cells
        assert code not in text


@pytest.mark.django_db
def test_it_opens_on_last_year_when_this_year_has_no_figures(
    client_for: Any, cast: Any, eleven_stays: None
) -> None:
    html = _page(client_for(cast["analyst"]), query="")
    assert 'value="2025-01-01"' in html and 'value="2025-12-31"' in html
    assert "Siden viser 1. januar 2025–31. desember 2025 fordi en kortere periode" in html
    assert "11 tildelinger i perioden." in html


@pytest.mark.django_db
def test_it_opens_on_three_full_years_when_one_year_shows_only_hidden_cells(
    client_for: Any, cast: Any, offers: Any
) -> None:
    # 2025: 3 stays ("<5": nothing to show); 2023–2025: 3 + 4 = 7 stays.
    for allocated_on in [D(2025, 2, 1)] * 3 + [D(2023, 5, 1)] * 4:
        StayFactory.create(offer=offers["a"], allocated_on=allocated_on)
    html = _page(client_for(cast["analyst"]), query="")
    assert 'value="2023-01-01"' in html and 'value="2025-12-31"' in html
    assert "7 tildelinger i perioden." in html
    # A chosen period is kept as chosen, and its emptiness explained.
    chosen = _page(client_for(cast["analyst"]), query=PERIOD)
    assert "Siden viser" not in chosen
    assert "Færre enn 5 tildelinger i perioden." in chosen
    assert "Ikke noe diagram: alle tallene her er skjult for å verne personvern." in chosen
    assert re.search(r"&lt;5: 1–4 personer, skjult for å verne personvern", chosen)


def _struct_elements(node: Any) -> list[Any]:
    """Every element of a tagged PDF's structure tree, depth first."""
    node = node.get_object()
    found = [node]
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get") and "/S" in kid:
            found += _struct_elements(kid)
    return found


@pytest.mark.django_db
def test_the_pdf_carries_its_three_charts_as_tagged_figures_with_their_alt_text(
    client_for: Any, cast: Any, eleven_stays: None
) -> None:
    client = client_for(cast["analyst"], reauthenticated=True)
    pdf = PdfReader(io.BytesIO(_export(client, "pdf").content))
    # The pages share one resource dictionary: count each image once.
    resources: list[Any] = [page["/Resources"] for page in pdf.pages]
    images = {
        xobject.idnum: xobject.get_object()
        for res in resources
        for xobject in (res.get("/XObject") or {}).values()
        if xobject.get_object()["/Subtype"] == "/Image"
    }
    assert len(images) == 3  # allocations per municipality, length of stay, destinations
    # Sharp enough for print: the chart is 7 inches wide, drawn at 200 dots per inch.
    assert [image["/Width"] for image in images.values()] == [1400, 1400, 1400]
    root: Any = pdf.trailer["/Root"]
    figures = [
        element
        for kid in _struct_elements(root["/StructTreeRoot"])[1:]
        for element in [kid]
        if element["/S"] == "/Figure"
    ]
    assert sorted(str(figure["/Alt"]) for figure in figures) == [
        "Søylediagram: Botid for dem som flyttet ut. Tallene står i tabellen under.",
        "Søylediagram: Hvor de flyttet. Tallene står i tabellen under.",
        "Søylediagram: Tildelinger per kommune. Tallene står i tabellen under.",
    ]
