"""send_reminders: counts once per day and state, never any personal data."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from reporting.models import ReminderLog

D = dt.date
RESIDENT_MARKER = "Zahra Markørsen"


@pytest.fixture(autouse=True)
def locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://botilbud.example"


def run() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_sends_counts_once_per_day_and_again_when_they_change(
    cast: dict[str, Any], make_stay: Any
) -> None:
    from reporting.models import MilestoneReport

    cast["project_lead_a"].email = "bob@example.org"
    cast["project_lead_a"].save(update_fields=["email"])
    stay = make_stay("a", moved_in_on=D(2026, 2, 2), planned_move_out_on=D(2026, 6, 20))
    with time_machine.travel(dt.datetime(2026, 6, 1, 6, tzinfo=dt.UTC), tick=False):
        assert "sent=1" in run()
        assert len(mail.outbox) == 1
        body = mail.outbox[0].body
        # 3 months (4 May) and 1 month before move-out (20 May): 2 overdue.
        assert "2 oppgaver der fristen er passert" in body
        assert "https://botilbud.example/rapportering/frister/" in body
        # Every hour after: nothing new.
        for _hour in range(3):
            assert "sent=0" in run()
        assert len(mail.outbox) == 1
        # The state changes (one report sent): one new mail with the new count.
        MilestoneReport.objects.create(
            stay=stay,
            kind="three_months",
            due_on=D(2026, 5, 4),
            housing_plan="Plan",
            submitted_by=cast["project_lead_a"],
            submitted_on=D(2026, 6, 1),
        )
        assert "sent=1" in run()
        assert "1 oppgave der fristen er passert" in mail.outbox[1].body
        assert "sent=0" in run()
    with time_machine.travel(dt.datetime(2026, 6, 2, 6, tzinfo=dt.UTC), tick=False):
        run()
        assert len(mail.outbox) == 3  # a new day
    assert ReminderLog.objects.count() == 3


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 6, tzinfo=dt.UTC), tick=False)
def test_the_mail_holds_no_personal_data(
    cast: dict[str, Any], make_stay: Any, offers: dict[str, Any]
) -> None:
    from tests.factories import ADDRESS_MARKER, DwellingFactory

    worker = cast["followup_worker_a"]
    worker.email = "berit@example.org"
    worker.save(update_fields=["email"])
    DwellingFactory(offer=offers["a"])
    stay = make_stay("a", moved_in_on=D(2026, 2, 2), birth_year=1999, housing_plan=RESIDENT_MARKER)
    run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + "\n" + message.body
    for forbidden in (
        RESIDENT_MARKER,
        ADDRESS_MARKER,
        offers["a"].name,
        offers["a"].municipality.name,
        f"Opphold {stay.pk}",
        "1999",
        worker.username,
        "Etter 3 måneder",
    ):
        assert forbidden not in text
    assert "opphold" not in text.lower()
    assert message.to == ["berit@example.org"]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 6, tzinfo=dt.UTC), tick=False)
def test_users_without_deadlines_or_case_roles_get_nothing(
    cast: dict[str, Any], make_stay: Any
) -> None:
    for user in cast.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    make_stay("a", moved_in_on=D(2026, 5, 25))  # nothing due within 14 days
    run()
    assert mail.outbox == []
