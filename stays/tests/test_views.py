"""The pages of a stay: forms keep input and show errors, the timetable PDF is text."""

import datetime as dt
import io
from typing import Any

from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEntry
from core import dates
from stays import services
from stays.models import GOAL_INDICATORS, Stay

DAY = dt.timedelta(days=1)


def test_it_registers_arrival_through_the_form(stay, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    url = reverse("stays:move_in", args=[stay.pk])
    response = client.post(url, {"moved_in_on": dates.today().isoformat()})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.status == Stay.Status.LIVING
    overview = client.get(reverse("stays:overview", args=[stay.pk])).content.decode()
    assert "Dag 1 i botilbudet" in overview
    assert overview.count("<h1") == 1


def test_it_shows_the_error_next_to_the_field_and_keeps_the_input(stay, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    early = (stay.allocated_on - DAY).isoformat()
    response = client.post(reverse("stays:move_in", args=[stay.pk]), {"moved_in_on": early})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ds-error-summary" in html and 'href="#id_moved_in_on"' in html
    assert "før tildelingen" in html
    assert f'value="{early}"' in html
    stay.refresh_from_db()
    assert stay.moved_in_on is None


def test_it_refuses_closing_without_the_indicators_in_the_form(living, cast, client_for):
    services.stay_move_out(
        stay=living, moved_out_on=dates.today(), destination="unknown", by=cast["project_lead_a"]
    )
    client = client_for(cast["project_lead_a"])
    data = {
        "closed_on": dates.today().isoformat(),
        "destination": "unknown",
        "safe_dwelling": "yes",
    }
    response = client.post(reverse("stays:close", args=[living.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Velg ja, delvis eller nei for denne indikatoren." in html
    # Every indicator is required, so none is labelled optional.
    assert "valgfritt" not in html.split("Måloppnåelse: de sju indikatorene")[1].split("Merknad")[0]
    living.refresh_from_db()
    assert living.status == Stay.Status.MOVED_OUT
    data.update({code: "yes" for code, _label in GOAL_INDICATORS})
    assert client.post(reverse("stays:close", args=[living.pk]), data).status_code == 302
    living.refresh_from_db()
    assert living.status == Stay.Status.CLOSED


def test_it_refuses_a_long_stay_without_reason_in_the_form(living, cast, client_for):
    client = client_for(cast["followup_worker_a"])
    late = dates.add_months(living.moved_in_on, 10).isoformat()
    response = client.post(
        reverse("stays:planned_move_out", args=[living.pk]),
        {"new_date": late, "reason": "Venter på bolig"},
    )
    html = response.content.decode()
    assert "Oppholdet går over 9 måneder. Skriv begrunnelse og ny sluttdato." in html
    assert "Venter på bolig" in html


def test_it_renders_the_timetable_as_a_tagged_pdf_without_address(living, cast, client_for):
    dwelling = living.booking.place.dwelling
    response = client_for(cast["followup_worker_a"]).get(
        reverse("stays:timetable_pdf", args=[living.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Timeplan for de to første ukene" in text
    assert "Møte med politiet" in text
    assert "Møte med NAV" in text
    assert dwelling.address not in text
    assert living.person.name not in text
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert AuditEntry.objects.filter(action="stays.timetable.printed").count() == 1
