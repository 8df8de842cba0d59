"""The right of access (innsyn, GDPR art. 15; SECURITY.md 25).

For one person: the data we hold and the date and purpose of every access,
without staff names unless the coordinator asks for them with a reason;
only after an identity check, only by the competence team's coordinator,
after a fresh password, audited. The PDF's text is read back with pypdf.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from pypdf import PdfReader

from access.models import AccessReport
from audit.models import AuditEntry
from oversight import art15
from stays.tests.conftest import stay, stay_factory  # noqa: F401  (fixtures)

URL = reverse("access:access_report")
STAFF = ("alice", "bob", "petra", "berit")


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # table cells wrap over lines


def _form(stay: Any, **extra: Any) -> dict[str, Any]:  # noqa: F811
    return {
        "identity_number": stay.person.identity_number,
        "person_ref": "",
        "identity_checked": "on",
        "identity_method": "in_person_id",
        "identity_note": "",
        "names_reason": "",
        **extra,
    }


def _seen_by_staff(cast: dict[str, Any], stay: Any, client_for: Any) -> None:  # noqa: F811
    """Bob reads the resident's overview: one access with a date and a purpose."""
    assert (
        client_for(cast["project_lead_a"])
        .get(reverse("stays:overview", args=[stay.pk]))
        .status_code
        == 200
    )


def test_the_coordinator_produces_the_report_as_pdf(cast, stay, client_for):  # noqa: F811
    _seen_by_staff(cast, stay, client_for)
    client = client_for(cast["coordinator"], reauthenticated=True)
    assert client.get(URL).status_code == 200
    response = client.post(URL, _form(stay))
    assert response.status_code == 200, response.content.decode()[:3000]
    assert response["Content-Type"] == "application/pdf"
    assert "innsyn.pdf" in response["Content-Disposition"]
    text = _text(response.content)

    # The person's data ...
    assert "Innsyn: opplysninger vi har om deg" in text
    assert stay.person.name in text
    assert "Oppholdet i botilbudet" in text
    # ... and every access with its date and purpose, by role, not by name.
    assert "Når og hvorfor opplysningene er sett eller endret" in text
    assert "oversikt over beboer" in text
    assert "Opphold: sett" in text and "stays.resident.viewed" not in text
    assert "Prosjektleder" in text
    read = AuditEntry.objects.filter(action="stays.resident.viewed").get()
    from django.utils import timezone

    assert timezone.localtime(read.at).strftime("%d.%m.%Y") in text
    lowered = text.lower()
    for name in STAFF:
        assert name not in lowered, name
    # Never the secret address.
    assert stay.booking.place.dwelling.address not in text
    # The police's threat assessment is withheld, and the report says so.
    threat = stay.person.assessments.get().threat_assessments.get()
    assert threat.details and threat.details not in text
    assert "Trusselvurdering" not in text.split("Når og hvorfor")[0].replace(
        "trusselvurdering av din situasjon", ""
    )
    assert "Politiets trusselvurdering av din situasjon står ikke i denne rapporten" in text

    row = AccessReport.objects.get()
    assert row.person == stay.person and row.produced_by == cast["coordinator"]
    assert row.identity_method == "in_person_id" and not row.include_names
    generated = AuditEntry.objects.filter(action=art15.GENERATED).get()
    assert generated.object_id == str(stay.person.pk)
    assert "art. 15" in generated.purpose


def test_staff_names_only_with_a_reason(cast, stay, client_for):  # noqa: F811
    _seen_by_staff(cast, stay, client_for)
    client = client_for(cast["coordinator"], reauthenticated=True)
    refused = client.post(URL, _form(stay, include_names="on"))
    assert refused.status_code == 400
    assert "Skriv hvorfor navn på ansatte skal være med" in refused.content.decode()
    assert AccessReport.objects.count() == 0

    response = client.post(
        URL, _form(stay, include_names="on", names_reason="Personen har bedt om navnene.")
    )
    assert response["Content-Type"] == "application/pdf"
    assert "bob" in _text(response.content)
    row = AccessReport.objects.get()
    assert row.include_names and row.names_reason == "Personen har bedt om navnene."


@pytest.mark.parametrize(
    "change, message",
    [
        ({"identity_checked": ""}, "Du må kontrollere identiteten"),
        ({"identity_method": ""}, "Hvordan kontrollerte du identiteten"),
        ({"identity_method": "other"}, "Beskriv hvordan identiteten ble kontrollert"),
        ({"identity_number": "", "person_ref": ""}, "Skriv enten fødselsnummeret"),
        ({"identity_number": "01010112345"}, "Vi fant ingen person"),
    ],
)
def test_it_refuses_without_an_identity_check_or_a_match(
    change,
    message,
    cast,
    stay,  # noqa: F811
    client_for,
):
    client = client_for(cast["coordinator"], reauthenticated=True)
    before = AuditEntry.objects.count()
    response = client.post(URL, _form(stay, **change))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="ds-error-summary"' in html
    assert AccessReport.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_it_finds_a_person_without_identity_number_by_reference(cast, stay, client_for):  # noqa: F811
    client = client_for(cast["coordinator"], reauthenticated=True)
    response = client.post(URL, _form(stay, identity_number="", person_ref=str(stay.person.pk)))
    assert response["Content-Type"] == "application/pdf"


def test_it_asks_for_the_password_again(cast, stay, client_for):  # noqa: F811
    response = client_for(cast["coordinator"]).post(URL, _form(stay))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert AccessReport.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "police_representative",
        "directorate_representative",
        "project_lead_a",
        "followup_worker_a",
        "local_police_a",
        "analyst",
        "sysadmin",
    ],
)
def test_only_the_coordinator_may_produce_it(name, cast, stay, client_for):  # noqa: F811
    client = client_for(cast[name], reauthenticated=True)
    assert client.get(URL).status_code == 404
    assert client.post(URL, _form(stay)).status_code == 404
    with pytest.raises((Http404, ValidationError)):
        art15.generate(
            user=cast[name],
            person_id=stay.person.pk,
            identity_checked=True,
            identity_method="in_person_id",
        )
    assert AccessReport.objects.count() == 0


def test_the_service_refuses_an_unchecked_identity(cast, stay):  # noqa: F811
    with pytest.raises(ValidationError):
        art15.generate(
            user=cast["coordinator"],
            person_id=stay.person.pk,
            identity_checked=False,
            identity_method="in_person_id",
        )
    assert AccessReport.objects.count() == 0
