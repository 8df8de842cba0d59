"""Notices travel over real SMTP: reminders, break-the-glass alerts and enrolment links.

A server on loopback (``tests.smtp``) receives what Django's SMTP backend
sends; each test reads the message back with the ``email`` package and
checks what the recipient would get: the right addresses, a ``Date`` and a
``Message-ID``, a plain-text and an HTML part with the same words, the link
to the page as the only URL, and no personal data. Before sending, every
encrypted field in the database gets a marker (the marker scan's
``mark_everything``), so "no personal data" means no marker either.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from access.tests.test_marker_scan import mark_everything
from accounts.models import EnrolmentLink, Membership, Role, User
from accounts.tests.conftest import clock  # noqa: F401  (fixture)
from accounts.tests.lockout_helpers import fail_passwords
from oversight import breakglass
from reporting.reminders import send_reminders
from stays.tests.conftest import stay_factory  # noqa: F401  (fixture)
from tests.smtp import read_notice, smtp_server  # noqa: F401  (fixture)

SITE = "https://botilbud.example"
REASON = "Alarmen er utløst og politiet ber om husstanden."


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    settings.SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "botilbud@botilbud.example"


def people_words(*users: Any) -> list[str]:
    """Names and usernames of the users a notice may be about (never in it)."""
    words = []
    for user in users:
        words += [w for w in (user.username, user.first_name, user.last_name) if w]
    return words


def test_a_reminder_arrives_with_counts_and_the_link_only(
    smtp_server,  # noqa: F811
    stay_factory,  # noqa: F811
    cast,
):
    lead = cast["project_lead_a"]
    User.objects.filter(pk=lead.pk).update(
        email="bob@example.org", first_name="Bob", last_name="Bakken"
    )
    # Moved in 100 days ago: the three-month report is overdue for the lead.
    stay = stay_factory(days_ago=120, moved_in_days_ago=100)
    markers = mark_everything()
    assert markers, "the world has encrypted fields to mark"

    outcome = send_reminders()

    assert outcome.sent >= 1
    to_bob = [m for m in smtp_server.messages if m.rcpt_tos == ["bob@example.org"]]
    assert len(to_bob) == 1
    notice = read_notice(
        to_bob[0],
        to=["bob@example.org"],
        link=SITE + reverse("reporting:my_deadlines"),
        absent=[
            *markers,
            *people_words(lead),
            stay.reference,
            stay.offer.name,
            stay.offer.municipality.name,
        ],
    )
    assert "der fristen er passert" in notice.text
    # Every other recipient also got exactly one mail, each to one address.
    assert all(len(m.rcpt_tos) == 1 for m in smtp_server.messages)
    assert len(smtp_server.messages) == outcome.sent


def test_a_break_the_glass_alert_reaches_the_lead_with_the_review_link_only(
    smtp_server,  # noqa: F811
    stay_factory,  # noqa: F811
    cast,
    django_capture_on_commit_callbacks,
):
    alice = cast["coordinator"]
    User.objects.filter(pk=alice.pk).update(email="alice@example.invalid")
    opener = cast["followup_worker_b"]
    User.objects.filter(pk=opener.pk).update(first_name="Frida", last_name="Fjell")
    opener.refresh_from_db()
    stay = stay_factory()
    markers = mark_everything()

    with django_capture_on_commit_callbacks(execute=True):
        access = breakglass.open_access(user=opener, reference=stay.reference, reason=REASON)

    [received] = smtp_server.messages
    read_notice(
        received,
        to=["alice@example.invalid"],
        link=SITE + reverse("access:break_glass_review", args=[access.pk]),
        absent=[
            *markers,
            *people_words(opener),
            REASON,
            stay.reference,
            stay.offer.name,
            stay.offer.municipality.name,
        ],
    )


def test_an_enrolment_link_arrives_with_the_link_only(
    smtp_server,  # noqa: F811
    orgs,
    django_capture_on_commit_callbacks,
):
    from access.signin import enrolment

    nora = User(username="nora", first_name="Nora", last_name="Nilsen", email="nora@example.no")
    nora.set_unusable_password()
    nora.save()
    Membership.objects.create(user=nora, organisation=orgs["municipality_a"], role=Role.ANALYST)

    with django_capture_on_commit_callbacks(execute=True):
        issued = enrolment.issue_link(
            user=nora, by=None, purpose=EnrolmentLink.Purpose.NEW_USER, mail=True
        )

    assert issued.mailed
    [received] = smtp_server.messages
    notice = read_notice(
        received,
        to=["nora@example.no"],
        link=issued.url,
        absent=[*people_words(nora), "analytiker", orgs["municipality_a"].name],
    )
    # The link is the enrolment page, on SITE_URL.
    assert urlsplit(issued.url).netloc == "botilbud.example"
    assert "Lenken virker én gang" in notice.text


def test_a_locked_account_alerts_the_user_and_the_lead_without_naming_the_account(
    smtp_server,  # noqa: F811
    clock,  # noqa: F811
    cast,
    django_capture_on_commit_callbacks,
):
    bob, alice = cast["project_lead_a"], cast["coordinator"]
    User.objects.filter(pk=bob.pk).update(
        email="bob@example.no", first_name="Bjørn", last_name="Bakke"
    )
    User.objects.filter(pk=alice.pk).update(email="alice@example.no")

    with django_capture_on_commit_callbacks(execute=True):
        fail_passwords("bob", 10)

    received = sorted(smtp_server.messages, key=lambda m: m.rcpt_tos)
    assert [m.rcpt_tos for m in received] == [["alice@example.no"], ["bob@example.no"]]
    for message, to in zip(received, (["alice@example.no"], ["bob@example.no"]), strict=True):
        read_notice(
            message,
            to=to,
            link=SITE + "/",
            absent=["bob", "Bjørn", "Bakke", "alice", "bob@example.no"],
        )


def test_each_message_has_its_own_message_id(
    smtp_server,  # noqa: F811
    cast,
):
    from core.mail import send_notice

    for address in ("a@example.org", "b@example.org"):
        send_notice(subject="Botilbud: test", text=f"Se {SITE}/", recipients=[address])
    ids = [str(m.message["Message-ID"]) for m in smtp_server.messages]
    assert len(ids) == 2 and len(set(ids)) == 2
