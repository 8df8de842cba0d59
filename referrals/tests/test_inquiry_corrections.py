"""Correcting an inquiry (henvendelse), and the no-place page after a placement.

Found when the team tried it: an inquiry registered with the wrong channel
or date could not be corrected, and «Avslutt uten plass» still opened for an
inquiry that had led to a place. Expected answers are written out by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from core import dates
from referrals import services
from referrals.models import Inquiry, InquiryCorrection
from stays import services as stay_services
from tests.factories import InquiryFactory

RECEIVED = dt.date(2026, 11, 2)


@pytest.fixture
def kari(orgs, member):
    """A coordinator in the team, not its lead."""
    return member(Role.COORDINATOR, orgs["team"], "kari")


@pytest.fixture
def inquiry(kari):
    return services.inquiry_create(
        contact_kind="crisis_centre",
        channel="phone",
        received_on=RECEIVED,
        reason="Ringte fra krisesenteret om en ung kvinne",
        by=kari,
    )


def _fields(inquiry, **changes):
    values = {
        "contact_kind": inquiry.contact_kind,
        "channel": inquiry.channel,
        "received_on": inquiry.received_on,
        "reason": inquiry.reason,
        "why": "feil kanal",
    }
    return {**values, **changes}


def test_it_lets_the_person_who_registered_it_correct_and_keeps_what_stood_before(inquiry, kari):
    correction = services.inquiry_correct(
        inquiry=inquiry, by=kari, **_fields(inquiry, channel="email")
    )
    inquiry.refresh_from_db()
    assert inquiry.channel == "email"
    assert correction.fields == ["channel"]
    assert correction.corrected_by == kari
    assert correction.content == {"previous": {"channel": "phone"}, "reason": "feil kanal"}
    entry = AuditEntry.objects.get(action="referrals.inquiry.corrected")
    # Field names only, never the values.
    assert entry.fields == ["channel"]
    assert "phone" not in str(entry.__dict__) and "email" not in str(entry.__dict__)


def test_the_earlier_text_is_kept_encrypted(inquiry, kari):
    from django.db import connection

    services.inquiry_correct(
        inquiry=inquiry, by=kari, **_fields(inquiry, reason="Ringte fra NAV", why="feil tekst")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM referrals_inquirycorrection")
        (stored,) = cursor.fetchone()
    assert "krisesenteret" not in stored
    assert InquiryCorrection.objects.get().content["previous"]["reason"] == (
        "Ringte fra krisesenteret om en ung kvinne"
    )


def test_the_team_lead_corrects_a_colleagues_inquiry(inquiry, cast):
    services.inquiry_correct(
        inquiry=inquiry,
        by=cast["coordinator"],
        **_fields(inquiry, received_on=RECEIVED - dt.timedelta(days=1), why="feil dato"),
    )
    inquiry.refresh_from_db()
    assert inquiry.received_on == dt.date(2026, 11, 1)
    assert InquiryCorrection.objects.get().content["previous"] == {"received_on": "2026-11-02"}


def test_another_coordinator_may_not_correct_and_gets_a_404(inquiry, orgs, member, client_for):
    colleague = member(Role.COORDINATOR, orgs["team"], "ola")
    with pytest.raises(PermissionDenied):
        services.inquiry_correct(inquiry=inquiry, by=colleague, **_fields(inquiry, channel="email"))
    client = client_for(colleague)
    mine = client.get(reverse("referrals:inquiry_correct", args=[inquiry.pk]))
    missing = client.get(reverse("referrals:inquiry_correct", args=[inquiry.pk + 999]))
    assert mine.status_code == missing.status_code == 404
    posted = client.post(
        reverse("referrals:inquiry_correct", args=[inquiry.pk]),
        {**_fields(inquiry, channel="email"), "received_on": "2026-11-02"},
    )
    assert posted.status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.channel == "phone"
    assert not InquiryCorrection.objects.exists()


def test_no_other_role_may_correct(inquiry, cast):
    for role in ("police_representative", "directorate_representative", "project_lead_a"):
        assert not services.may_correct_inquiry(cast[role], inquiry)


def test_invalid_input_changes_nothing_and_says_why_in_norwegian(inquiry, kari, client_for):
    tomorrow = dates.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.inquiry_correct(
            inquiry=inquiry, by=kari, **_fields(inquiry, received_on=tomorrow, channel="email")
        )
    assert refused.value.message_dict["received_on"] == ["Datoen kan ikke være fram i tid."]
    with pytest.raises(ValidationError, match="Ingenting er endret"):
        services.inquiry_correct(inquiry=inquiry, by=kari, **_fields(inquiry))
    client = client_for(kari)
    url = reverse("referrals:inquiry_correct", args=[inquiry.pk])
    form = {
        "contact_kind": "crisis_centre",
        "channel": "email",
        "received_on": tomorrow.isoformat(),
        "reason": "Ringte fra krisesenteret om en ung kvinne",
        "why": "feil kanal",
    }
    page = client.post(url, form)
    assert page.status_code == 200
    assert "Datoen kan ikke være fram i tid." in page.content.decode()
    blank = client.post(url, {**form, "received_on": RECEIVED.isoformat(), "why": ""})
    assert "Dette feltet er påkrevd" in blank.content.decode()
    inquiry.refresh_from_db()
    assert (inquiry.channel, inquiry.received_on) == ("phone", RECEIVED)
    assert not InquiryCorrection.objects.exists()
    assert not AuditEntry.objects.filter(action="referrals.inquiry.corrected").exists()


def test_the_inquiry_page_shows_the_earlier_version_to_those_who_may_read_it(
    inquiry, kari, cast, client_for
):
    client = client_for(kari)
    url = reverse("referrals:inquiry_correct", args=[inquiry.pk])
    assert client.get(url).status_code == 200
    done = client.post(
        url,
        {
            "contact_kind": "crisis_centre",
            "channel": "email",
            "received_on": RECEIVED.isoformat(),
            "reason": "Ringte fra krisesenteret om en ung kvinne",
            "why": "feil kanal",
        },
    )
    assert done.status_code == 302
    police = client_for(cast["police_representative"])
    page = police.get(reverse("referrals:inquiry_detail", args=[inquiry.pk])).content.decode()
    assert "Rettinger" in page
    assert "Kanal før rettingen" in page
    assert "Telefon" in page  # the channel that stood before
    assert "feil kanal" in page
    assert "kari" in page
    # The police representative may read the inquiry, not correct it.
    assert url not in page
    row = AuditEntry.objects.filter(action="referrals.inquiry.viewed").latest("seq")
    assert "corrections.content" in row.fields


def test_an_inquiry_closed_without_a_place_has_its_guidance_corrected(inquiry, kari):
    services.inquiry_close_without_place(
        inquiry=inquiry, no_place_reason="relatives", guidance="Rådet henne til å", by=kari
    )
    services.inquiry_correct(
        inquiry=inquiry,
        by=kari,
        **_fields(inquiry, why="avkortet"),
        no_place_reason="relatives",
        guidance="Rådet henne til å ringe igjen",
    )
    inquiry.refresh_from_db()
    assert inquiry.guidance == "Rådet henne til å ringe igjen"
    assert InquiryCorrection.objects.get().fields == ["guidance"]


# --- the no-place page after a placement -------------------------------------------------


@pytest.fixture
def placed(case, proposed, cast):
    """An inquiry whose assessment led to a place (the allocation accepted, a stay made)."""
    inquiry = InquiryFactory.create(registered_by=cast["coordinator"], outcome="assessed")
    case.assessment.inquiry = inquiry
    case.assessment.save(update_fields=["inquiry"])
    stay_services.allocation_accept(allocation=proposed, by=cast["project_lead_a"])
    return inquiry


def test_the_no_place_page_refuses_an_inquiry_that_led_to_a_place(placed, cast, client_for):
    client = client_for(cast["coordinator"])
    url = reverse("referrals:inquiry_no_place", args=[placed.pk])
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "førte til plass i et botilbud" in text
    assert 'name="guidance"' not in text
    posted = client.post(url, {"no_place_reason": "relatives", "guidance": "Veiledet"})
    assert posted.status_code == 200
    placed.refresh_from_db()
    assert placed.outcome == Inquiry.Outcome.ASSESSED
    detail = client.get(reverse("referrals:inquiry_detail", args=[placed.pk])).content.decode()
    assert url not in detail


def test_the_no_place_service_refuses_an_inquiry_that_led_to_a_place(placed, cast):
    # Even if the inquiry stood open again, a placement is never closed as «no place».
    Inquiry.objects.filter(pk=placed.pk).update(outcome=Inquiry.Outcome.OPEN, closed_on=None)
    placed.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.inquiry_close_without_place(
            inquiry=placed, no_place_reason="relatives", guidance="Veiledet", by=cast["coordinator"]
        )
    assert refused.value.messages == [
        "Henvendelsen førte til plass i et botilbud. Den kan ikke avsluttes uten plass."
    ]
    placed.refresh_from_db()
    assert (placed.outcome, placed.guidance, placed.no_place_reason) == ("open", "", "")
    assert not AuditEntry.objects.filter(action="referrals.inquiry.closed").exists()


def test_the_no_place_page_still_closes_an_open_inquiry(inquiry, kari, client_for):
    client = client_for(kari)
    url = reverse("referrals:inquiry_no_place", args=[inquiry.pk])
    assert 'name="guidance"' in client.get(url).content.decode()
    done = client.post(url, {"no_place_reason": "relatives", "guidance": "Veiledet om slekt"})
    assert done.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.outcome == Inquiry.Outcome.NO_PLACE
