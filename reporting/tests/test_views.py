"""Pages: per role, the other municipality, wrong method; reports audited; exports checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import AuditEntry
from reporting.models import MilestoneReport

D = dt.date
FROZEN = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def stay(make_stay: Any) -> Any:
    return make_stay("a", moved_in_on=D(2025, 8, 4), planned_move_out_on=D(2026, 6, 20))


def submit_url(stay: Any, kind: str) -> str:
    return reverse("reporting:milestone_submit", args=[stay.pk, kind])


def test_it_shows_my_deadlines_grouped_with_counts(client_for: Any, cast: Any, stay: Any) -> None:
    response = client_for(cast["followup_worker_a"]).get(reverse("reporting:my_deadlines"))
    assert response.status_code == 200
    html = response.content.decode()
    # 3 months (4 Nov 2025), 9 months (4 May 2026), 1 month before move-out (20 May).
    assert "Forfalt: 3" in html
    assert "Frist de neste 14 dagene: 0" in html
    assert submit_url(stay, "three_months") in html


def test_my_deadlines_names_the_resident_by_the_naming_rule(
    client_for: Any, cast: Any, make_stay: Any
) -> None:
    from audit.models import AuditEntry
    from stays.selectors import pseudonym
    from tests import factories as f

    named = make_stay("a", moved_in_on=D(2025, 8, 4), person=f.PersonFactory(name="Nora Frist"))
    unnamed = make_stay("a", moved_in_on=D(2025, 8, 4))  # imported history has no person
    html = client_for(cast["followup_worker_a"]).get(reverse("reporting:my_deadlines"))
    page = html.content.decode()
    assert "Nora Frist" in page and pseudonym(unnamed.pk) in page
    assert "Opphold " not in page
    named_rows = AuditEntry.objects.filter(action="stays.resident.named", object_id=str(named.pk))
    assert named_rows.count() == 1


def test_my_deadlines_is_closed_to_the_analyst_and_the_administrator(
    client_for: Any, cast: Any
) -> None:
    for role in ("analyst", "sysadmin"):
        assert client_for(cast[role]).get(reverse("reporting:my_deadlines")).status_code == 404


def test_it_submits_a_report_prefilled_and_audited(client_for: Any, cast: Any, stay: Any) -> None:
    client = client_for(cast["project_lead_a"])
    form = client.get(submit_url(stay, "nine_months"))
    assert form.status_code == 200
    assert 'value="no"' in form.content.decode()
    response = client.post(
        submit_url(stay, "three_months"), {"housing_plan": "Søkt kommunal bolig."}
    )
    assert response.status_code == 302
    report = MilestoneReport.objects.get()
    assert (report.kind, report.housing_plan, report.due_on) == (
        "three_months",
        "Søkt kommunal bolig.",
        D(2025, 11, 4),
    )
    assert AuditEntry.objects.filter(action="reporting.milestone_report.submitted").count() == 1
    # Once only.
    again = client.post(submit_url(stay, "three_months"), {"housing_plan": "Ny"})
    assert again.status_code == 302 and MilestoneReport.objects.count() == 1


def test_it_keeps_the_text_and_explains_a_missing_answer(
    client_for: Any, cast: Any, stay: Any
) -> None:
    response = client_for(cast["followup_worker_a"]).post(
        submit_url(stay, "nine_months"), {"place_vacant": "yes", "status_text": "Kommentar"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv datoen plassen er ledig fra" in html and "Kommentar" in html
    assert not MilestoneReport.objects.exists()


def test_the_other_municipality_and_other_roles_cannot_submit(
    client_for: Any, cast: Any, stay: Any
) -> None:
    for role in ("followup_worker_b", "directorate_representative", "coordinator", "analyst"):
        client = client_for(cast[role])
        assert client.get(submit_url(stay, "three_months")).status_code == 404
        assert (
            client.post(submit_url(stay, "three_months"), {"housing_plan": "x"}).status_code == 404
        )
    assert not MilestoneReport.objects.exists()


def test_the_directorate_reads_the_inbox_the_report_is_audited_and_marked_read(
    client_for: Any, cast: Any, stay: Any, make_stay: Any
) -> None:
    late_stay = make_stay("b", moved_in_on=D(2026, 1, 5))
    client_for(cast["project_lead_a"]).post(
        submit_url(stay, "three_months"), {"housing_plan": "Plan A"}
    )
    report = MilestoneReport.objects.get()
    bufdir = client_for(cast["directorate_representative"])
    inbox = bufdir.get(reverse("reporting:inbox")).content.decode()
    assert "Nye: 1" in inbox
    assert reverse("reporting:report_detail", args=[report.pk]) in inbox
    # Late across all offers: the other stay's 3-month report (6 April) and stay's before-move-out.
    assert "Tilbud B" in inbox and str(late_stay.pk) in inbox
    detail = bufdir.get(reverse("reporting:report_detail", args=[report.pk]))
    assert "Plan A" in detail.content.decode()
    assert AuditEntry.objects.filter(action="reporting.milestone_report.viewed").count() == 1
    assert bufdir.get(reverse("reporting:report_mark_read", args=[report.pk])).status_code == 405
    assert bufdir.post(reverse("reporting:report_mark_read", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.read_by == cast["directorate_representative"]
    assert "Lest: 1" in bufdir.get(reverse("reporting:inbox")).content.decode()


def test_only_the_directorate_reads_reports(client_for: Any, cast: Any, stay: Any) -> None:
    client_for(cast["project_lead_a"]).post(submit_url(stay, "three_months"), {"housing_plan": "P"})
    report = MilestoneReport.objects.get()
    for role in ("coordinator", "project_lead_a", "analyst", "sysadmin", "police_representative"):
        client = client_for(cast[role])
        assert client.get(reverse("reporting:inbox")).status_code == 404
        assert client.get(reverse("reporting:report_detail", args=[report.pk])).status_code == 404


def test_statistics_per_role(client_for: Any, cast: Any, stay: Any) -> None:
    url = reverse("reporting:statistics") + "?fra=2025-01-01&til=2026-05-31"
    for role in ("analyst", "directorate_representative", "coordinator"):
        html = client_for(cast[role]).get(url).content.decode()
        assert "Hele landet" in html and "&lt;5" in html
        # One stay: every bar would be "<5", so no chart, and the page says why.
        assert "data:image/svg+xml;base64," not in html
        assert "Ikke noe diagram: alle tallene her er skjult for å verne personvern." in html
    lead = client_for(cast["project_lead_a"]).get(url).content.decode()
    assert "Hele landet" not in lead and "Du ser de faktiske tallene" in lead
    assert "Kommune B" not in lead
    for role in ("followup_worker_a", "sysadmin", "local_police_a"):
        assert client_for(cast[role]).get(url).status_code == 404


def export(client: Any, fmt: str, scope: str = "national") -> Any:
    return client.get(
        reverse("reporting:statistics_export", args=[fmt])
        + f"?fra=2025-01-01&til=2026-05-31&omfang={scope}"
    )


@pytest.fixture
def tricky_offer(orgs: Any, make_stay: Any) -> Any:
    from tests.factories import OfferFactory

    offer: Any = OfferFactory(municipality=orgs["municipality_a"], name="=HYPERLINK(1)")
    from stays.models import Stay

    for n in range(6):
        Stay.objects.create(
            offer=offer,
            allocated_on=D(2025, 3, 1),
            moved_in_on=D(2025, 3, 3 + n),
            status="living",
            gender="female",
        )
    return offer


def test_exports_are_suppressed_neutralised_and_audited(
    client_for: Any, cast: Any, stay: Any, tricky_offer: Any
) -> None:
    client = client_for(cast["analyst"], reauthenticated=True)
    body = export(client, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    values = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert values[("Hovedtall", "Tildelinger")] == "7"
    assert values[("Tildelinger per kommune", "Kommune A")] == "7"
    assert ("Hovedtall", "Flyttet ut i perioden") in values
    assert all(not (v.isdigit() and 1 <= int(v) <= 4) for v in values.values())

    sheet = load_workbook(io.BytesIO(export(client, "xlsx").content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Tildelinger" in cells and 7 in cells
    assert not [c for c in cells if isinstance(c, str) and c.startswith(("=", "+", "-", "@"))]

    pdf = export(client, "pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Tildelinger per kommune" in text and "Hele landet" in text
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert AuditEntry.objects.filter(action="reporting.export.created").count() == 3


def test_the_project_lead_exports_the_own_offer_only_and_suppressed(
    client_for: Any, cast: Any, offers: Any, stay: Any
) -> None:
    client = client_for(cast["project_lead_a"], reauthenticated=True)
    own = export(client, "csv", f"o{offers['a'].pk}")
    assert own.status_code == 200
    assert "<5" in own.content.decode("utf-8-sig")  # one stay: suppressed on export
    other = export(client, "csv", f"o{offers['b'].pk}").content.decode("utf-8-sig")
    assert "Kommune B" not in other  # an unknown scope falls back to the user's own
    assert (
        client_for(cast["followup_worker_a"], reauthenticated=True)
        .get(reverse("reporting:statistics_export", args=["csv"]))
        .status_code
        == 404
    )


def test_an_export_needs_a_fresh_sign_in(client_for: Any, cast: Any) -> None:
    response = export(client_for(cast["analyst"]), "csv")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


def test_the_resident_list_marks_reports_still_owed_and_drops_them_once_sent(
    client_for: Any, cast: Any, make_stay: Any
) -> None:
    stay = make_stay("a", moved_in_on=D(2026, 2, 2))  # 3-month report due Mon 4 May 2026
    client = client_for(cast["followup_worker_a"])
    html = client.get(reverse("stays:resident_list")).content.decode()
    assert "Forfalt 04.05.2026: 3-månedersrapport" in html
    assert "1 har noe som er forfalt." in html
    MilestoneReport.objects.create(
        stay=stay,
        kind="three_months",
        due_on=D(2026, 5, 4),
        housing_plan="Plan",
        submitted_by=cast["project_lead_a"],
        submitted_on=D(2026, 5, 4),
    )
    html = client.get(reverse("stays:resident_list")).content.decode()
    assert "3-månedersrapport" not in html
    # Municipality B's staff owe nothing for A's resident and see no row at all.
    other = client_for(cast["followup_worker_b"]).get(reverse("stays:resident_list"))
    assert "Forfalt" not in other.content.decode()


def test_a_project_lead_sees_the_own_municipality_before_it_has_an_offer(
    client_for: Any, cast: Any
) -> None:
    # The policy grants the page (own-municipality reach); an empty
    # municipality is still the lead's to see, not a 404.
    response = client_for(cast["project_lead_a"]).get(reverse("reporting:statistics"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kommune A" in html and "Kommune B" not in html and "Hele landet" not in html


def test_the_inbox_marks_a_report_sent_after_its_deadline(
    client_for: Any, cast: Any, stay: Any, make_stay: Any
) -> None:
    # Sent today (1 June 2026) for the 3-month deadline of 4 November 2025:
    # by hand, 26 + 31 + 31 + 28 + 31 + 30 + 31 + 1 = 209 days late.
    client_for(cast["project_lead_a"]).post(
        submit_url(stay, "three_months"), {"housing_plan": "Plan A"}
    )
    # Sent on its due day: on time, no mark.
    on_time = make_stay("b", moved_in_on=D(2026, 3, 1))
    MilestoneReport.objects.create(
        stay=on_time,
        kind="three_months",
        due_on=D(2026, 6, 1),
        housing_plan="Plan B",
        submitted_by=cast["project_lead_a"],
        submitted_on=D(2026, 6, 1),
    )
    bufdir = client_for(cast["directorate_representative"])
    inbox = bufdir.get(reverse("reporting:inbox")).content.decode()
    assert inbox.count("Sendt for sent: 209 dager etter fristen") == 1
    assert "Sendt for sent: 1" in inbox  # the count tag
    assert "dag etter fristen" not in inbox.replace("209 dager etter fristen", "")
    late = MilestoneReport.objects.get(stay=stay)
    detail = bufdir.get(reverse("reporting:report_detail", args=[late.pk])).content.decode()
    assert "Sendt for sent: 209 dager etter fristen" in detail
