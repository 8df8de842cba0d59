"""The information package says who to call: the team's contact, the referrer, the interpreter need."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from referrals.forms import AssessmentForm
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def package_url(proposed: Any, cast: Any) -> str:
    coordinator = cast["coordinator"]
    coordinator.first_name, coordinator.last_name = "Kari", "Koordinator"
    coordinator.email = "kari.koordinator@example.test"
    coordinator.save(update_fields=["first_name", "last_name", "email"])
    assessment = proposed.assessment
    assessment.inquiry = f.InquiryFactory.create(
        contact_kind="crisis_centre",
        channel="phone",
        received_on=dt.date(2026, 3, 2),
        registered_by=coordinator,
    )
    assessment.interpreter_language = "urdu"
    assessment.save(update_fields=["inquiry", "interpreter_language"])
    return reverse("referrals:package", args=[proposed.pk])


def test_it_shows_the_contact_person_the_referrer_and_the_interpreter_need(
    client_for: Any, cast: Any, package_url: str
) -> None:
    html = client_for(cast["project_lead_a"]).get(package_url).content.decode()
    assert "Kari Koordinator" in html
    assert 'href="mailto:kari.koordinator@example.test"' in html
    assert "Krisesenter (telefon, mottatt 2. mars 2026)" in html
    assert "Trenger tolk på urdu" in html
    entry = AuditEntry.objects.get(action="referrals.package.viewed")
    assert {
        "proposed_by",
        "assessment.inquiry.contact_kind",
        "assessment.interpreter_language",
    } <= set(entry.fields)


def test_the_other_municipality_sees_no_package(
    client_for: Any, cast: Any, package_url: str
) -> None:
    response = client_for(cast["followup_worker_b"]).get(package_url)
    assert response.status_code == 404
    assert "urdu" not in response.content.decode()


def test_it_says_when_no_interpreter_is_needed(client_for: Any, cast: Any, proposed: Any) -> None:
    proposed.assessment.interpreter_language = ""
    proposed.assessment.save(update_fields=["interpreter_language"])
    html = (
        client_for(cast["project_lead_a"])
        .get(reverse("referrals:package", args=[proposed.pk]))
        .content.decode()
    )
    assert "Trenger ikke tolk" in html


def test_the_assessment_form_asks_for_the_interpreter_language() -> None:
    form = AssessmentForm()
    assert "interpreter_language" in form.fields
    assert form.fields["interpreter_language"].required is False
