"""Synthetic decisions and individual plans for the demo residents (demo mode only).

Runs after the stays loader: for every synthetic stay that has moved in, in
municipalities A and B, a granted decision from NAV, a refused one whose
appeal deadline is still open (so it shows on the start pages), for every
other stay a partly granted one that was appealed, and an individual plan
(right assessed, a plan with a coordinator for every third). Written through
the services, so every row is audited and marked synthetic. Idempotent: a
stay that already has decisions is left alone. No text names a real person.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import User
from core import dates
from decisions import services
from decisions.models import Decision, Outcome, Right, Service
from stays.models import Stay

MUNICIPALITIES = {"Kommune A": "miljo.a", "Kommune B": "miljo.b"}


def _decisions(stay: Stay, worker: User, today: dt.date, seed: int) -> None:
    assert stay.moved_in_on is not None
    first = min(today, stay.moved_in_on + dt.timedelta(days=10))
    services.decision_save(
        stay=stay,
        by=worker,
        service=Service.NAV,
        decided_on=first,
        received_on=min(today, first + dt.timedelta(days=2)),
        outcome=Outcome.GRANTED,
        what="Demo: økonomisk sosialhjelp til livsopphold.",
        period_from=first,
        period_to=first + dt.timedelta(days=180),
    )
    # Refused a week ago: the appeal deadline (three weeks after receipt) is open.
    refused_on = max(stay.moved_in_on, today - dt.timedelta(days=7))
    services.decision_save(
        stay=stay,
        by=worker,
        service=Service.HOUSING if seed % 2 else Service.HEALTH_CARE,
        decided_on=refused_on,
        outcome=Outcome.REFUSED,
        what="Demo: søknad om kommunal bolig avslått."
        if seed % 2
        else "Demo: avslag på støttekontakt.",
    )
    if seed % 2 == 0:
        partly_on = min(today, stay.moved_in_on + dt.timedelta(days=20))
        services.decision_save(
            stay=stay,
            by=worker,
            service=Service.INTRODUCTION,
            decided_on=partly_on,
            outcome=Outcome.PARTLY,
            what="Demo: introduksjonsprogram, deltid.",
            period_from=partly_on,
            appealed_on=min(today, partly_on + dt.timedelta(days=10)),
        )


def _plan(stay: Stay, worker: User, today: dt.date, seed: int) -> None:
    assert stay.moved_in_on is not None
    has_plan = seed % 3 == 0
    services.plan_save(
        stay=stay,
        by=worker,
        has_right=Right.YES if seed % 3 != 2 else Right.NOT_ASSESSED,
        has_plan=has_plan,
        plan_since=min(today, stay.moved_in_on + dt.timedelta(days=30)) if has_plan else None,
        coordinator="Demo: koordinator i NAV" if has_plan else "",
    )


@transaction.atomic
def load_decisions() -> None:
    """Decisions and individual plans for the demo stays in municipalities A and B. Idempotent."""
    require_demo_mode()
    today = dates.today()
    stays = (
        Stay.objects.filter(
            is_synthetic=True,
            moved_in_on__isnull=False,
            status__in=(Stay.Status.LIVING, Stay.Status.MOVED_OUT),
            offer__municipality__name__in=list(MUNICIPALITIES),
        )
        .select_related("offer__municipality")
        .order_by("pk")
    )
    for seed, stay in enumerate(stays):
        if Decision.objects.filter(stay=stay).exists():
            continue
        worker = User.objects.get(username=MUNICIPALITIES[stay.offer.municipality.name])
        _decisions(stay, worker, today, seed)
        _plan(stay, worker, today, seed)
