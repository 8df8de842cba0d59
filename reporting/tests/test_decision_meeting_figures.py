"""Decisions, individual plans and meetings on the statistics page and in its CSV.

A small world counted by hand: six residents of offer A, all moved in on
1 January 2026, the period 1 January–31 May 2026 (151 days each).
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

from core import dates
from decisions import services
from meetings.models import Meeting

D = dt.date
FROZEN = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)
QUERY = "?fra=2026-01-01&til=2026-05-31&omfang=national"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def world(make_stay: Any, cast: Any) -> None:
    worker = cast["followup_worker_a"]
    stays = [make_stay("a", moved_in_on=D(2026, 1, 1)) for _ in range(6)]
    # 20 decisions: NAV 5 granted + 5 refused, housing 5 granted + 5 refused.
    for n in range(20):
        services.decision_save(
            stay=stays[n % 6],
            by=worker,
            service="nav" if n < 10 else "housing",
            decided_on=D(2026, 3, 2),
            outcome="granted" if n % 2 == 0 else "refused",
            what="Vedtak",
        )
    # All six have a right to an individual plan; two have one (and four not: both "<5").
    for n, stay in enumerate(stays):
        services.plan_save(
            stay=stay,
            by=worker,
            has_right="yes",
            has_plan=n < 2,
            plan_since=D(2026, 2, 1) if n < 2 else None,
        )
    # Six responsibility-group meetings, one per resident, one before the period.
    for day, stay in [(D(2026, 4, 1), s) for s in stays] + [(D(2025, 12, 20), stays[0])]:
        Meeting.objects.create(
            stay=stay,
            kind="responsibility_group",
            held_at=dt.datetime.combine(day, dt.time(10), tzinfo=dates.OSLO),
            agenda="Sak",
            recorded_by=worker,
        )


# 6 × 151 days = 906 days ÷ 30.4375 = 29.77 → 29.8 resident-months; 6 ÷ 29.8 = 0.2013 → 0.20.
EXPECTED = {
    ("Vedtak fra kommunale tjenester 2026", "Vedtak i alt"): "20",
    ("Vedtak fra kommunale tjenester 2026", "Innvilget"): "10",
    ("Vedtak fra kommunale tjenester 2026", "Delvis innvilget"): "0",
    ("Vedtak fra kommunale tjenester 2026", "Avslått"): "10",
    ("Vedtak fra kommunale tjenester 2026", "NAV (sosialhjelp, kvalifiseringsprogram): i alt"): "10",
    ("Vedtak fra kommunale tjenester 2026", "NAV (sosialhjelp, kvalifiseringsprogram): Avslått"): "5",
    ("Vedtak fra kommunale tjenester 2026", "Bolig (kommunal bolig, bostøtte): Innvilget"): "5",
    ("Vedtak fra kommunale tjenester 2026", "Barnevernet: i alt"): "0",
    ("Individuell plan", "Beboere i perioden"): "6",
    ("Individuell plan", "Har rett til individuell plan"): "6",
    ("Individuell plan", "Har individuell plan"): "<5",
    ("Møter per beboermåned", "Beboermåneder"): "29,8",
    ("Møter per beboermåned", "Møter i alt"): "6",
    ("Møter per beboermåned", "Møter per beboermåned"): "0,20",
    ("Møter per beboermåned", "Antall: Ansvarsgruppemøte"): "6",
    ("Møter per beboermåned", "Per beboermåned: Ansvarsgruppemøte"): "0,20",
    ("Møter per beboermåned", "Antall: Strategimøte før bruddet"): "0",
}  # fmt: skip


def test_the_csv_shows_decisions_plans_and_meetings(
    world: None, client_for: Any, cast: Any
) -> None:
    client = client_for(cast["analyst"], reauthenticated=True)
    body = client.get(reverse("reporting:statistics_export", args=["csv"]) + QUERY)
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig")), delimiter=";"))
    values = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert {key: values.get(key) for key in EXPECTED} == EXPECTED


def test_the_xlsx_and_the_pdf_carry_them_too(world: None, client_for: Any, cast: Any) -> None:
    client = client_for(cast["analyst"], reauthenticated=True)
    url = reverse("reporting:statistics_export", args=["xlsx"]) + QUERY
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    rows = {(r[0], r[1]): r[2] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Vedtak fra kommunale tjenester 2026", "Vedtak i alt"] == 20
    assert rows["Individuell plan", "Har individuell plan"] == "<5"
    assert rows["Møter per beboermåned", "Møter per beboermåned"] == 0.2
    pdf = client.get(reverse("reporting:statistics_export", args=["pdf"]) + QUERY).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Vedtak fra kommunale tjenester 2026" in text and "Har individuell plan" in text


def test_the_page_shows_them_in_tables(world: None, client_for: Any, cast: Any) -> None:
    html = client_for(cast["analyst"]).get(reverse("reporting:statistics") + QUERY).content
    text = html.decode()
    shown = {}
    for key, title in [
        # The page shows the years side by side: the period has one, 2026.
        ("decisions", "Vedtak fra kommunale tjenester 2026"),
        ("individual_plan", "Individuell plan"),
        ("meetings", "Møter per beboermåned"),
    ]:
        section = text.split(f'id="stat-{key}"', 1)[1].split("</section>", 1)[0]
        for label, value in re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', section):
            shown[title, label.replace("&lt;", "<")] = value.replace("&lt;", "<")
    assert {key: shown.get(key) for key in EXPECTED} == EXPECTED
    assert '<th scope="col">2026</th>' in text.split('id="stat-decisions"', 1)[1]


def test_an_offer_s_statistics_have_no_national_figures(
    world: None, client_for: Any, cast: Any, offers: Any
) -> None:
    page = client_for(cast["project_lead_a"]).get(
        reverse("reporting:statistics") + f"?fra=2026-01-01&til=2026-05-31&omfang=o{offers['a'].pk}"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="stat-individual_plan"' not in html and 'id="stat-decisions"' not in html
