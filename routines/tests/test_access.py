"""Who sees what of the routines and the sheet (docs/access-model.md, need-to-know)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from core import dates
from routines import services
from tests.factories import ADDRESS_MARKER

pytestmark = pytest.mark.django_db
SECRET_TEXT = "Rutineteksten som bare de ansatte leser"


@pytest.fixture
def approved(offers: dict[str, Any], cast: dict[str, Any]) -> Any:
    lead = cast["project_lead_a"]
    version = services.routine_write(
        offer=offers["a"], kind="security_work", text=SECRET_TEXT, by=lead
    )
    today = dates.today()
    return services.routine_approve(
        version=version,
        approved_on=today - dt.timedelta(days=400),
        next_review_on=today - dt.timedelta(days=35),
        by=lead,
    )


def _routine_url(offer: Any) -> str:
    return reverse("routines:routine", args=[offer.pk, "security_work"])


def test_offer_staff_read_the_text_others_get_404(client_for, cast, offers, approved):
    url = _routine_url(offers["a"])
    for role in ("project_lead_a", "followup_worker_a"):
        response = client_for(cast[role]).get(url)
        assert response.status_code == 200
        assert SECRET_TEXT in response.content.decode()
    for role in (
        "followup_worker_b",
        "coordinator",
        "directorate_representative",
        "local_police_a",
        "analyst",
        "sysadmin",
    ):
        assert client_for(cast[role]).get(url).status_code == 404, role


def test_the_directorate_sees_status_and_dates_never_the_text(client_for, cast, offers, approved):
    page = client_for(cast["directorate_representative"]).get(reverse("routines:overview"))
    body = page.content.decode()
    assert page.status_code == 200
    assert SECRET_TEXT not in body
    assert "Tilbud A" in body and "Tilbud B" in body
    assert "Gjennomgang forfalt" in body
    assert approved.next_review_on.strftime("%d.%m.%Y") in body


def test_a_followup_worker_sees_only_own_municipalitys_status(client_for, cast, offers):
    body = client_for(cast["followup_worker_b"]).get(reverse("routines:overview")).content.decode()
    assert "Tilbud B" in body and "Tilbud A" not in body


def test_only_the_project_lead_writes_and_approves(client_for, cast, offers):
    edit = reverse("routines:edit", args=[offers["a"].pk, "mapping"])
    assert client_for(cast["followup_worker_a"]).get(edit).status_code == 404
    lead = client_for(cast["project_lead_a"])
    response = lead.post(edit, {"text": "Kartlegg behovene."})
    assert response.status_code == 302
    approve = reverse("routines:approve", args=[offers["a"].pk, "mapping"])
    bad = lead.post(approve, {"approved_on": "2026-01-10", "next_review_on": "2026-01-01"})
    assert "Neste gjennomgang må være etter datoen rutinen er godkjent." in bad.content.decode()
    today = dates.today()
    good = lead.post(
        approve,
        {
            "approved_on": today.isoformat(),
            "next_review_on": dates.add_months(today, 12).isoformat(),
        },
    )
    assert good.status_code == 302
    # Another municipality's lead would get 404: the lead of A on B's offer does.
    other = reverse("routines:edit", args=[offers["b"].pk, "mapping"])
    assert lead.get(other).status_code == 404


def test_confirming_reading_clears_the_start_page_item(client_for, cast, offers, approved):
    worker = client_for(cast["followup_worker_a"])
    home = worker.get("/").content.decode()
    assert "1 rutine du ikke har bekreftet at du har lest" in home
    response = worker.post(reverse("routines:confirm", args=[offers["a"].pk, "security_work"]))
    assert response.status_code == 302
    assert "rutine du ikke har bekreftet" not in worker.get("/").content.decode()
    page = worker.get(_routine_url(offers["a"])).content.decode()
    assert "Du har bekreftet at du har lest denne versjonen" in page


def test_the_review_is_a_deadline_for_the_project_lead(client_for, cast, offers, approved):
    from reporting import deadlines as dl

    found = [
        d for d in dl.deadlines_for(cast["project_lead_a"]) if d.kind == dl.Kind.ROUTINE_REVIEW
    ]
    assert [(d.obj.pk, d.state) for d in found] == [(approved.pk, dl.State.OVERDUE)]
    assert not [
        d for d in dl.deadlines_for(cast["followup_worker_a"]) if d.kind == dl.Kind.ROUTINE_REVIEW
    ]
    page = client_for(cast["project_lead_a"]).get(reverse("reporting:my_deadlines"))
    assert "Gå gjennom rutinen" in page.content.decode()


def test_the_sheet_for_the_team_and_never_an_address(client_for, cast, offers):
    lead = client_for(cast["project_lead_a"])
    edit = reverse("routines:information_edit", args=[offers["a"].pk])
    refused = lead.post(edit, {"fits_nb": f"Bor i {ADDRESS_MARKER}"})
    assert "Arket kan ikke inneholde adressen" in refused.content.decode()
    assert lead.post(edit, {"fits_nb": "Unge voksne", "fits_en": "Young adults"}).status_code == 302
    coordinator = client_for(cast["coordinator"])
    page = coordinator.get(reverse("routines:information", args=[offers["a"].pk]))
    assert page.status_code == 200 and "Young adults" in page.content.decode()
    assert ADDRESS_MARKER not in page.content.decode()
    assert coordinator.get(edit).status_code == 404
    for name, words in (("pdf_nb", "Unge voksne"), ("pdf_en", "Young adults")):
        pdf = coordinator.get(reverse(f"routines:{name}", args=[offers["a"].pk]))
        assert pdf["Content-Type"] == "application/pdf"
        text = _pdf_text(pdf.content)
        assert words in text and ADDRESS_MARKER not in text


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_routine_text_is_escaped(client_for, cast, offers):
    lead = cast["project_lead_a"]
    services.routine_write(
        offer=offers["a"], kind="mapping", text="<script>alert(1)</script>\n\n- punkt", by=lead
    )
    body = client_for(lead).get(reverse("routines:routine", args=[offers["a"].pk, "mapping"]))
    html = body.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "<li>punkt</li>" in html


def test_an_overdue_review_reminds_the_project_lead_by_mail(cast, offers, approved):
    from django.core import mail as outbox

    from reporting.reminders import send_reminders

    lead = cast["project_lead_a"]
    lead.email = "bob@botilbud.example"
    lead.save(update_fields=["email"])
    send_reminders()
    [mail] = [m for m in outbox.outbox if m.to == ["bob@botilbud.example"]]
    assert "Du har 1 oppgave der fristen er passert." in mail.body
    assert SECRET_TEXT not in mail.body and "Sikkerhetsarbeid" not in mail.body
