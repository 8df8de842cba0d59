"""Synthetic follow-up for the demo residents (demo mode only).

Runs after the stays loader: for every synthetic stay that has moved in, in
municipalities A and B, it adds a security conversation with a crisis plan,
measures (one strictly confidential address, code 6, waiting about 8 weeks),
a threat-picture change, an action plan whose evaluation is due or overdue,
the follow-up areas (children's plans, one left missing so the warning
shows) and a contact log whose weekly hours fall from about 6.5 to 2, with
aftercare contacts after move-out. Written through the services, so every
row is audited and marked synthetic. Idempotent: a stay that already has
contacts is left alone. No text names a real place or person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from accounts.actors import Actor
from accounts.demo import require_demo_mode
from accounts.models import User
from core import dates
from followup import selectors, services
from followup.models import Area, ChecklistItem, Contact
from stays.models import Stay

MUNICIPALITIES = {"Kommune A": "miljo.a", "Kommune B": "miljo.b"}
POLICE_USER = "politi.a"  # Demo politidistrikt Øst covers both A and B
THEMES = [
    "security",
    "mental_health",
    "practical",
    "school_work",
    "economy",
    "social_network",
    "housing",
    "family",
]
FORMS = ["in_person", "in_person", "phone", "message", "video"]


def _weekly_minutes(week: int) -> int:
    """About 6.5 hours in week 1, falling to 2 hours from week 12 on."""
    return max(120, 390 - (week - 1) * 25)


def _contacts(stay: Stay, by: Actor, today: dt.date, seed: int) -> None:
    assert stay.moved_in_on is not None
    last_day = min(today, (stay.moved_out_on or today) + dt.timedelta(days=42))
    day = stay.moved_in_on
    week = 1
    while day <= last_day:
        aftercare = stay.moved_out_on is not None and day > stay.moved_out_on
        total = 45 if aftercare else _weekly_minutes(week)
        parts = 1 if aftercare else (3 if week <= 4 else 2)
        for part in range(parts):
            contact_on = day + dt.timedelta(days=part * 2)
            if contact_on > last_day:
                break
            theme = THEMES[(seed + week + part) % len(THEMES)]
            services.contact_create(
                stay=stay,
                by=by,
                contact_on=contact_on,
                minutes=total // parts,
                form=FORMS[(seed + part + week) % len(FORMS)],
                with_whom="resident",
                themes=[theme] if part else [theme, "security"],
                heavy_strain=seed % 2 == 0 and week in (3, 4),
                note=f"Demo: oppfølgingssamtale uke {week}.",
            )
        day += dt.timedelta(days=7)
        week += 1


def applied_on(stay: Stay, days: int, today: dt.date) -> dt.date:
    assert stay.moved_in_on is not None
    return min(today, stay.moved_in_on + dt.timedelta(days=days))


def _security(stay: Stay, police: Any, worker: Any, today: dt.date, seed: int) -> None:
    assert stay.moved_in_on is not None
    held_on = min(today, stay.moved_in_on + dt.timedelta(days=2))
    services.conversation_save(
        stay=stay,
        by=police,
        held_on=held_on,
        police_participants="Pål Politikontakt (demo)",
        staff_participants="Miljøterapeut (demo)",
        items={
            item: (item != ChecklistItem.PLACES_TO_AVOID or seed % 2 == 0, "Demo: gjennomgått.")
            for item in ChecklistItem.values
        },
        scenarios=[
            (
                "noen fra familien står utenfor boligen",
                "Jeg går ikke ut, ringer 112 og så miljøterapeuten.",
            ),
            (
                "noen jeg kjenner tar kontakt på sosiale medier",
                "Jeg svarer ikke, tar skjermbilde og sier fra.",
            ),
        ],
    )
    days_in = (today - stay.moved_in_on).days
    services.measure_save(
        stay=stay,
        by=worker,
        kind="violence_alarm",
        chosen=True,
        reason="Demo: trusselvurderingen anbefaler voldsalarm.",
        applied_on=stay.moved_in_on,
        granted_on=min(today, stay.moved_in_on + dt.timedelta(days=3)),
    )
    services.measure_save(
        stay=stay,
        by=worker,
        kind="dwelling_alarm",
        chosen=seed % 2 == 0,
        reason="Demo: boligen har alarm."
        if seed % 2 == 0
        else "Demo: ikke nødvendig i denne boligen.",
    )
    # Offers differ (the evaluation's point): most choose code 6, every third
    # stay code 7, each with its reason. A code 6 takes about 8 weeks: the
    # stays that arrived 2-5 months ago are still waiting after 56 days.
    if seed % 3 == 2:
        services.measure_save(
            stay=stay,
            by=worker,
            kind="code_7",
            chosen=True,
            reason="Demo: moderat risiko, kode 7 er nok.",
            applied_on=applied_on(stay, 3, today),
            granted_on=min(today, applied_on(stay, 3, today) + dt.timedelta(days=14)),
        )
        services.measure_save(
            stay=stay, by=worker, kind="code_6", chosen=False, reason="Demo: ikke nødvendig nå."
        )
    else:
        living = stay.moved_out_on is None
        if living and 60 <= days_in < 150:
            applied, granted = today - dt.timedelta(days=56), None
        elif living and days_in < 60:
            applied, granted = applied_on(stay, 5, today), None
        else:
            applied = applied_on(stay, 5, today)
            granted = min(today, applied + dt.timedelta(days=56))
        services.measure_save(
            stay=stay,
            by=worker,
            kind="code_6",
            chosen=True,
            reason="Demo: høy risiko, familien har nettverk i fylket.",
            applied_on=applied,
            granted_on=granted,
        )
        services.measure_save(
            stay=stay,
            by=worker,
            kind="code_7",
            chosen=False,
            reason="Demo: kode 6 er valgt i stedet.",
        )
    services.threat_change_create(
        stay=stay,
        by=police,
        recorded_on=min(today, stay.moved_in_on + dt.timedelta(days=20)),
        risk_level="moderate" if seed % 2 else "high",
        detail="Demo: familien har spurt etter beboeren hos en venn.",
    )


def _plan(stay: Stay, by: Actor, today: dt.date, seed: int) -> None:
    assert stay.moved_in_on is not None
    made_on = min(today, stay.moved_in_on + dt.timedelta(days=10))
    plan = services.plan_save(
        stay=stay,
        by=by,
        made_on=made_on,
        own_words="Demo: Jeg vil lære norsk, få jobb og egen leilighet.",
    )
    language = services.goal_create(plan=plan, by=by, text="Lære norsk")
    course = services.goal_create(plan=plan, by=by, text="Begynne på norskkurs", parent=language)
    action = services.action_create(
        goal=course, by=by, text="Søke plass på kurs", responsible="Beboer og NAV"
    )
    services.progress_set(item=action, by=by, status="done")
    services.progress_set(item=language, by=by, status="in_progress")
    housing = services.goal_create(plan=plan, by=by, text="Egen bolig etter oppholdet")
    services.action_create(
        goal=housing, by=by, text="Søke kommunal bolig", responsible="Miljøterapeut"
    )
    # Every other plan was evaluated on time, so one shows «due soon/ok» and one «overdue».
    if seed % 2 == 0 and dates.add_months(made_on, 3) <= today:
        services.evaluation_create(
            plan=plan,
            by=by,
            evaluated_on=dates.add_months(made_on, 3),
            summary="Demo: norskkurset er i gang; boligsøknad er neste steg.",
        )


def _areas(stay: Stay, by: Actor, seed: int) -> None:
    values: dict[tuple[str, int], tuple[str, str]] = {
        (Area.MAPPING, 0): ("done", "Demo: behovene er kartlagt."),
        (Area.PARTICIPATION, 0): ("in_progress", ""),
        (Area.OTHER_SERVICES, 0): ("in_progress", "Demo: NAV og fastlege er koblet på."),
        (Area.MILIEU_THERAPY, 0): ("in_progress", ""),
        (Area.SECURITY, 0): ("in_progress", ""),
        (Area.DAY_ACTIVITY, 0): ("in_progress" if seed % 2 else "not_started", ""),
        (Area.SOCIAL_NETWORK, 0): ("not_started", ""),
        (Area.NEW_HOUSING, 0): ("not_started" if stay.moved_out_on is None else "done", ""),
        (Area.FOLLOWUP_NEW_HOUSING, 0): (
            "not_relevant" if stay.moved_out_on is None else "in_progress",
            "",
        ),
    }
    children = selectors.accompanying_children(stay)
    # The last child of every other stay has no plan yet, so the warning shows.
    planned = children if seed % 2 else children[:-1]
    for child in planned:
        values[(Area.CHILD_PLAN, child.pk)] = ("in_progress", "Demo: barnehageplass er søkt.")
    services.areas_save(stay=stay, by=by, values=values)


@transaction.atomic
def load_followup() -> None:
    """Follow-up for the demo stays in municipalities A and B. Idempotent."""
    require_demo_mode()
    today = dates.today()
    police = User.objects.get(username=POLICE_USER)
    stays = (
        Stay.objects.filter(
            is_synthetic=True,
            moved_in_on__isnull=False,
            offer__municipality__name__in=list(MUNICIPALITIES),
        )
        .select_related("offer__municipality")
        .order_by("pk")
    )
    for seed, stay in enumerate(stays):
        if Contact.objects.filter(stay=stay).exists():
            continue
        worker = User.objects.get(username=MUNICIPALITIES[stay.offer.municipality.name])
        _security(stay, police, worker, today, seed)
        _plan(stay, worker, today, seed)
        _areas(stay, worker, seed)
        _contacts(stay, worker, today, seed)
