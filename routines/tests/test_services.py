"""Writing, approving and confirming routines; the sheet; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from routines import services
from routines.models import OfferInformation, RoutineReading, RoutineVersion
from routines.services.information import INFORMATION_FIELDS
from tests.factories import ADDRESS_MARKER

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


def _write(offers: dict[str, Any], cast: dict[str, Any], text: str = "Slik gjør vi det.") -> Any:
    return services.routine_write(
        offer=offers["a"], kind="security_work", text=text, by=cast["project_lead_a"]
    )


def _approve(version: Any, cast: dict[str, Any], on: dt.date, review: dt.date) -> Any:
    return services.routine_approve(
        version=version,
        approved_on=on,
        next_review_on=review,
        by=cast["project_lead_a"],
        today=TODAY,
    )


def test_every_edit_is_a_new_numbered_draft_and_is_audited(offers, cast):
    first, second = _write(offers, cast, "Første"), _write(offers, cast, "Andre")
    assert (first.number, second.number) == (1, 2)
    assert not first.is_approved and not second.is_approved
    assert RoutineVersion.objects.get(pk=first.pk).text == "Første"  # the old one is kept
    assert AuditEntry.objects.filter(action="routines.version.written").count() == 2


def test_approval_sets_who_when_and_the_next_review(offers, cast):
    version = _approve(_write(offers, cast), cast, dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    version.refresh_from_db()
    assert version.approved_by == cast["project_lead_a"]
    assert (version.approved_on, version.next_review_on) == (
        dt.date(2026, 3, 1),
        dt.date(2027, 3, 1),
    )
    assert AuditEntry.objects.filter(action="routines.version.approved").count() == 1


@pytest.mark.parametrize(
    ("approved_on", "review_on", "field"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 2, 1), "next_review_on"),  # review before approval
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), "next_review_on"),  # review the same day
        (dt.date(2026, 3, 11), dt.date(2027, 3, 1), "approved_on"),  # approved tomorrow
    ],
)
def test_bad_dates_are_refused_and_nothing_changes(offers, cast, approved_on, review_on, field):
    version = _write(offers, cast)
    with pytest.raises(ValidationError) as caught:
        _approve(version, cast, approved_on, review_on)
    assert field in caught.value.message_dict
    version.refresh_from_db()
    assert version.approved_on is None and version.next_review_on is None
    assert not AuditEntry.objects.filter(action="routines.version.approved").exists()


def test_only_the_newest_draft_can_be_approved_and_only_once(offers, cast):
    older, newer = _write(offers, cast, "Eldre"), _write(offers, cast, "Nyere")
    with pytest.raises(ValidationError):
        _approve(older, cast, dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    _approve(newer, cast, dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    with pytest.raises(ValidationError):
        _approve(newer, cast, dt.date(2026, 3, 2), dt.date(2027, 3, 1))
    older.refresh_from_db()
    assert older.approved_on is None


def test_empty_text_and_unknown_kind_are_refused(offers, cast):
    with pytest.raises(ValidationError):
        _write(offers, cast, "   ")
    with pytest.raises(ValidationError):
        services.routine_write(offer=offers["a"], kind="nope", text="x", by=cast["project_lead_a"])
    assert not RoutineVersion.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        f"Møt beboeren i {ADDRESS_MARKER} klokken ni.",
        f"Møt beboeren i {ADDRESS_MARKER.upper()}.",
        "Adressen er hemmeligveien   7, leilighet 1.",
    ],
)
def test_a_routine_with_the_offers_dwelling_address_is_refused(offers, cast, text):
    with pytest.raises(ValidationError) as caught:
        _write(offers, cast, text)
    assert "text" in caught.value.message_dict
    assert not RoutineVersion.objects.exists()


def test_another_offers_address_is_not_this_offers_business(offers, cast):
    # B's dwelling has its own address; the words "Hemmeligveien" alone hold no number.
    assert _write(offers, cast, "Vi snakker aldri om Hemmeligveien i gruppen.").number == 1


def test_confirming_reading_only_the_version_in_force_once(offers, cast):
    worker = cast["followup_worker_a"]
    first = _approve(_write(offers, cast, "En"), cast, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    draft = _write(offers, cast, "To")
    with pytest.raises(ValidationError):
        services.routine_confirm_read(version=draft, by=worker)
    services.routine_confirm_read(version=first, by=worker)
    services.routine_confirm_read(version=first, by=worker)
    assert RoutineReading.objects.filter(user=worker).count() == 1
    assert AuditEntry.objects.filter(action="routines.version.read_confirmed").count() == 1
    _approve(draft, cast, dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    with pytest.raises(ValidationError):
        services.routine_confirm_read(version=first, by=worker)  # superseded


def test_the_sheet_refuses_an_address_in_any_field_and_saves_nothing(offers, cast):
    values = dict.fromkeys(INFORMATION_FIELDS, "Trygt og godt.")
    values["house_rules_en"] = f"The house is at {ADDRESS_MARKER}."
    with pytest.raises(ValidationError) as caught:
        services.information_save(offer=offers["a"], values=values, by=cast["project_lead_a"])
    assert list(caught.value.message_dict) == ["house_rules_en"]
    assert not OfferInformation.objects.exists()


def test_the_sheet_is_created_then_changed_and_audited(offers, cast):
    lead = cast["project_lead_a"]
    services.information_save(offer=offers["a"], values={"fits_nb": "Unge voksne"}, by=lead)
    services.information_save(
        offer=offers["a"], values={"fits_nb": "Unge voksne", "fits_en": "Young adults"}, by=lead
    )
    sheet = OfferInformation.objects.get(offer=offers["a"])
    assert (sheet.fits_nb, sheet.fits_en) == ("Unge voksne", "Young adults")
    changed = AuditEntry.objects.get(action="routines.information.changed")
    assert changed.fields == ["fits_en"]
    with pytest.raises(ValidationError):
        services.information_save(offer=offers["b"], values={"fits_nb": "  "}, by=lead)
