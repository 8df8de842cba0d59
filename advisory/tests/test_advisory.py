"""Advisory contacts and courses: what is saved, what is refused, who may, what is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from advisory import selectors, services
from advisory.models import AdvisoryContact, Course
from audit.models import AuditEntry
from core import dates
from referrals.models import Inquiry

TODAY = dates.today()


def _post(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "contact_on": TODAY.isoformat(),
        "asked_by": "service",
        "service_kind": "school",
        "channel": "phone",
        "topics": ["forced_marriage", "left_abroad"],
        "actions": ["advice"],
        "age_group": "under_18",
        "gender": "female",
        "note": "Lærer ringte om en elev",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coordinator_records_an_anonymous_contact(cast, client_for):
    response = client_for(cast["coordinator"]).post(reverse("advisory:contact_create"), _post())
    contact = AdvisoryContact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("advisory:contact_detail", args=[contact.pk])
    assert (contact.topic_forced_marriage, contact.topic_left_abroad) == (True, True)
    assert (contact.topic_honour_violence, contact.action_advice) == (False, True)
    assert contact.name is None and contact.note == "Lærer ringte om en elev"
    assert AuditEntry.objects.filter(action="advisory.contact.created").count() == 1


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"topics": None}, "topics", "Velg minst ett tema."),
        (
            {"contact_on": (TODAY + dt.timedelta(days=1)).isoformat()},
            "contact_on",
            "Datoen kan ikke være fram i tid.",
        ),
        ({"contact_on": "1999-12-31"}, "contact_on", "Datoen kan ikke være før 1. januar 2000."),
        ({"service_kind": ""}, "service_kind", "Velg hvilken tjeneste som spurte."),
        ({"name": "Amina"}, "name", "Navnet kan bare registreres når personen samtykker."),
        ({"topics": ["weather"]}, "topics", "Velg et gyldig valg."),
    ],
)
def test_bad_contacts_are_refused_in_norwegian_and_nothing_is_saved(
    cast, client_for, extra, field, message
):
    response = client_for(cast["coordinator"]).post(
        reverse("advisory:contact_create"), _post(**extra)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not AdvisoryContact.objects.exists()
    assert not AuditEntry.objects.filter(action="advisory.contact.created").exists()


def test_a_name_is_kept_only_with_consent(cast, client_for):
    client_for(cast["coordinator"]).post(
        reverse("advisory:contact_create"), _post(name="Amina", name_consent="on")
    )
    assert AdvisoryContact.objects.get().name == "Amina"


def test_a_service_kind_is_dropped_when_no_service_asked(cast):
    contact = services.contact_create(
        contact_on=TODAY,
        asked_by="family",
        service_kind="nav",
        channel="phone",
        topics=["honour_violence"],
        by=cast["coordinator"],
    )
    assert contact.service_kind == ""


@pytest.mark.parametrize(
    ("participants", "message"),
    [("0", "Antall deltakere må være minst 1."), ("-3", "Antall deltakere må være minst 1.")],
)
def test_a_course_without_participants_is_refused(cast, client_for, participants, message):
    response = client_for(cast["coordinator"]).post(
        reverse("advisory:course_create"),
        {"held_on": TODAY.isoformat(), "audience": "school", "participants": participants},
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["participants"]
    assert not Course.objects.exists()


def test_a_course_is_recorded(cast, client_for):
    response = client_for(cast["police_representative"]).post(
        reverse("advisory:course_create"),
        {
            "held_on": TODAY.isoformat(),
            "audience": "police",
            "participants": "25",
            "place": "Agder",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.participants, course.place) == (25, "Agder")


def _contact(cast: dict[str, Any], **extra: Any) -> AdvisoryContact:
    values: dict[str, Any] = {
        "contact_on": TODAY - dt.timedelta(days=3),
        "asked_by": "service",
        "service_kind": "child_welfare",
        "channel": "email",
        "topics": ["forced_marriage"],
        "note": "Trenger kanskje plass",
        "by": cast["coordinator"],
    }
    values.update(extra)
    return services.contact_create(**values)


def test_turning_a_contact_into_an_inquiry_prefills_what_it_already_says(cast, client_for):
    contact = _contact(cast)
    client = client_for(cast["coordinator"])
    form = client.get(reverse("advisory:contact_to_inquiry", args=[contact.pk])).context["form"]
    assert form.initial["contact_kind"] == "child_welfare"
    assert form.initial["channel"] == "email"
    assert form.initial["received_on"] == contact.contact_on
    assert "tvangsekteskap" in form.initial["reason"]
    assert "Trenger kanskje plass" in form.initial["reason"]
    # The form showed the note: the read is logged on the contact.
    assert AuditEntry.objects.filter(
        action="advisory.contact.viewed", object_id=str(contact.pk)
    ).exists()
    response = client.post(
        reverse("advisory:contact_to_inquiry", args=[contact.pk]),
        {
            "contact_kind": "child_welfare",
            "channel": "email",
            "received_on": contact.contact_on.isoformat(),
            "reason": form.initial["reason"],
        },
    )
    inquiry = Inquiry.objects.get()
    assert response["Location"] == reverse("referrals:inquiry_detail", args=[inquiry.pk])
    contact.refresh_from_db()
    assert contact.inquiry == inquiry and contact.action_place_inquiry
    assert inquiry.received_on == contact.contact_on


def test_a_contact_becomes_one_inquiry_only(cast):
    contact = _contact(cast)
    facts = selectors.inquiry_facts(contact)
    services.contact_to_inquiry(contact=contact, by=cast["coordinator"], **facts)
    with pytest.raises(Exception, match="allerede gjort om"):
        services.contact_to_inquiry(contact=contact, by=cast["coordinator"], **facts)
    assert Inquiry.objects.count() == 1


def test_an_inquiry_cannot_be_received_before_the_contact(cast, client_for):
    contact = _contact(cast)
    response = client_for(cast["coordinator"]).post(
        reverse("advisory:contact_to_inquiry", args=[contact.pk]),
        {
            "contact_kind": "nav",
            "channel": "phone",
            "received_on": (contact.contact_on - dt.timedelta(days=1)).isoformat(),
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert not Inquiry.objects.exists()


def test_the_police_representative_records_but_does_not_make_inquiries(cast, client_for):
    contact = _contact(cast)
    client = client_for(cast["police_representative"])
    assert client.get(reverse("advisory:contact_detail", args=[contact.pk])).status_code == 200
    assert client.get(reverse("advisory:contact_to_inquiry", args=[contact.pk])).status_code == 404


@pytest.mark.parametrize(
    "role",
    ["directorate_representative", "analyst", "project_lead_a", "followup_worker_a", "sysadmin"],
)
def test_outside_the_team_nobody_opens_a_contact(cast, client_for, role):
    contact = _contact(cast)
    client = client_for(cast[role])
    assert client.get(reverse("advisory:contact_list")).status_code == 404
    assert client.get(reverse("advisory:contact_detail", args=[contact.pk])).status_code == 404


def test_the_list_is_newest_first_filtered_and_logged_per_contact(cast, client_for):
    old = _contact(cast, contact_on=dt.date(TODAY.year - 1, 3, 1), topics=["social_control"])
    new = _contact(cast, contact_on=TODAY, topics=["forced_marriage"])
    client = client_for(cast["coordinator"])
    shown = list(client.get(reverse("advisory:contact_list")).context["listing"].page)
    assert shown == [new, old]
    assert AuditEntry.objects.filter(action="advisory.contact.listed").count() == 2
    by_year = client.get(reverse("advisory:contact_list"), {"ar": TODAY.year - 1})
    assert list(by_year.context["listing"].page) == [old]
    by_topic = client.get(reverse("advisory:contact_list"), {"tema": "forced_marriage"})
    assert list(by_topic.context["listing"].page) == [new]


def test_yearly_counts_by_category(cast):
    year = TODAY.year - 1
    day = dt.date(year, 5, 1)
    _contact(cast, contact_on=day, asked_by="person", service_kind="", topics=["forced_marriage"])
    _contact(cast, contact_on=day, topics=["forced_marriage", "honour_violence"])
    turned = _contact(cast, contact_on=day, asked_by="family", service_kind="", topics=["other"])
    services.contact_to_inquiry(
        contact=turned, by=cast["coordinator"], **selectors.inquiry_facts(turned)
    )
    services.course_create(held_on=day, audience="school", participants=30, by=cast["coordinator"])
    services.course_create(held_on=day, audience="nav", participants=12, by=cast["coordinator"])
    counts = selectors.yearly_counts(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))[year]
    # By hand: three contacts; forced marriage in two; one became an inquiry.
    assert counts["contacts"] == 3
    assert counts["topics"] == {
        "forced_marriage": 2,
        "left_abroad": 0,
        "honour_violence": 1,
        "social_control": 0,
        "other": 1,
    }
    assert counts["asked_by"]["person"] == 1
    assert counts["asked_by"]["service_child_welfare"] == 1
    assert counts["asked_by"]["family"] == 1
    assert sum(counts["asked_by"].values()) == 3
    assert counts["actions"]["place_inquiry"] == 1
    assert counts["turned_into_inquiry"] == 1
    assert (counts["courses"], counts["course_participants"]) == (2, 42)
