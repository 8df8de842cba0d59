"""Synthetic meetings for the demo residents (demo mode only).

Runs after the follow-up loader: for the first synthetic stays that have
moved in and still live in municipalities A and B, the resident consents to
NAV and one more partner service, and gets a strategy meeting after the
break and a responsibility-group meeting, with minutes and tasks: NAV's task
is overdue for the first resident of each municipality (due soon for the
next), one task is done, and one is the follow-up worker's. Written through
the services, so every row is audited and marked synthetic.
Idempotent: a stay that already has meetings is left alone. No text names a
real place or person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import User
from core import dates
from housing.models import PartnerService
from meetings import services
from meetings.models import Meeting
from stays.models import Stay

MUNICIPALITIES = {"Kommune A": "miljo.a", "Kommune B": "miljo.b"}
STAYS_PER_MUNICIPALITY = 2


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dates.OSLO)


def _meetings(stay: Stay, worker: Any, today: dt.date, seed: int) -> None:
    assert stay.moved_in_on is not None
    partners = list(PartnerService.objects.filter(offer=stay.offer).order_by("kind", "pk"))
    nav = next((p for p in partners if p.kind == PartnerService.Kind.NAV), None)
    other = next((p for p in partners if p.kind != PartnerService.Kind.NAV), None)
    if nav is None:
        return
    start = stay.moved_in_on
    services.consent_create(stay=stay, by=worker, partner=nav, given_on=start)
    if other is not None:
        services.consent_create(stay=stay, by=worker, partner=other, given_on=start)
    first_day = min(start + dt.timedelta(days=7), today - dt.timedelta(days=20))
    strategy = services.meeting_create(
        stay=stay,
        by=worker,
        kind=Meeting.Kind.STRATEGY_AFTER,
        held_at=_at(first_day, 10),
        agenda="Trygghet, økonomi og skole de første ukene.",
        resident_takes_part=True,
    )
    services.participant_add(meeting=strategy, by=worker, partner=nav)
    services.minutes_save(
        meeting=strategy,
        by=worker,
        minutes="Beboeren fortalte hva hun trenger. NAV går gjennom søknad om livsopphold.",
        decisions="NAV behandler søknaden. Botilbudet følger opp skoleplass.",
    )
    # Left open: the first resident's is overdue on the start page, the next one's due soon.
    services.task_create(
        meeting=strategy,
        by=worker,
        description="Behandle søknad om økonomisk stønad.",
        responsible_user=None,
        responsible_partner=nav,
        due_on=today - dt.timedelta(days=3) if seed == 0 else today + dt.timedelta(days=5),
    )
    done = services.task_create(
        meeting=strategy,
        by=worker,
        description="Kontakte skolen om plass.",
        responsible_user=worker,
        responsible_partner=None,
        due_on=first_day + dt.timedelta(days=7),
    )
    services.task_done(task=done, by=worker, done_on=first_day + dt.timedelta(days=5))
    group = services.meeting_create(
        stay=stay,
        by=worker,
        kind=Meeting.Kind.RESPONSIBILITY_GROUP,
        held_at=_at(today - dt.timedelta(days=2), 13),
        agenda="Status i handlingsplanen og veien videre mot egen bolig.",
        resident_takes_part=True,
    )
    services.participant_add(meeting=group, by=worker, partner=nav)
    if other is not None:
        services.participant_add(meeting=group, by=worker, partner=other)
    services.minutes_save(
        meeting=group,
        by=worker,
        minutes="Gjennomgang av målene. Skolestart er avtalt.",
        decisions="Søke kommunal bolig før neste møte.",
    )
    services.task_create(
        meeting=group,
        by=worker,
        description="Hjelpe beboeren med boligsøknaden.",
        responsible_user=worker,
        responsible_partner=None,
        due_on=today + dt.timedelta(days=10),
    )


def load_meetings() -> None:
    """Meetings for a few demo stays in municipalities A and B. Idempotent."""
    require_demo_mode()
    today = dates.today()
    for municipality, username in MUNICIPALITIES.items():
        worker = User.objects.get(username=username)
        stays = Stay.objects.filter(
            is_synthetic=True,
            status=Stay.Status.LIVING,
            moved_in_on__isnull=False,
            moved_in_on__lte=today - dt.timedelta(days=21),
            offer__municipality__name=municipality,
        ).order_by("pk")[:STAYS_PER_MUNICIPALITY]
        for seed, stay in enumerate(stays):
            if Meeting.objects.filter(stay=stay).exists():
                continue
            with transaction.atomic():
                _meetings(stay, worker, today, seed)
