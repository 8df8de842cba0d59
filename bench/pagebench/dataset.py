"""A national dataset at a chosen scale: twenty years of stays, written in bulk.

Scale 1 is the service as it is (about 26 places, 1,500 stays over twenty
years); every stay has its person, inquiry, assessment, allocation, booking,
about 100 contact entries with themes, its milestone reports and, when
closed, its goal indicators. The thousands of rows per kind are written with
``bulk_create`` (encrypted fields go through the model fields, so they
decrypt as in production); the millions, contacts with their themes
(``bench.pagebench.history``) and the audit chain (``bench.pagebench.chain``),
with COPY, streamed, their indexes built afterwards. Nothing goes through the
services: they would audit, lock and validate each row, which is what makes
them correct and what would make a 1,500-stay history take hours.
Everything is marked synthetic.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

# Scale 1: the national service (26 places, ~75 stays a year for twenty years).
STAYS_AT_1 = 1500
PLACES_AT_1 = 26
PLACES_PER_HOST = 2
YEARS = 20
BATCH = 2000
PASSWORD = "korrekt-hest-batteri-stift"
THEMES = [
    "security", "mental_health", "practical", "school_work",
    "economy", "social_network", "housing", "family",
]  # fmt: skip


@dataclass
class Size:
    """How much to build: ``factor`` × the national service."""

    factor: float
    contacts_per_stay: int = 100
    audit_per_stay: int = 1300

    @property
    def stays(self) -> int:
        return max(4, round(STAYS_AT_1 * self.factor))

    @property
    def places(self) -> int:
        return max(PLACES_PER_HOST, round(PLACES_AT_1 * self.factor))

    @property
    def hosts(self) -> int:
        return max(1, self.places // PLACES_PER_HOST)


@dataclass
class World:
    """What the benchmark needs to find again: users by role, sample objects, counts."""

    users: dict[str, Any] = field(default_factory=dict)
    living_stay_id: int = 0
    closed_stay_id: int = 0
    host_names: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (municipality, offer, type)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _users(hosts: list[Any], team: Any, bufdir: Any, ops: Any, police: list[Any]) -> dict[str, Any]:
    from accounts.models import Membership, User

    password = make_password(PASSWORD)
    wanted: list[tuple[str, str, Any, bool]] = [
        ("alice", "coordinator", team, True),
        ("petra", "police_representative", team, False),
        ("dina", "directorate_representative", team, False),
        ("anna", "analyst", bufdir, False),
        ("sam", "sysadmin", ops, False),
        ("lars", "local_police", police[0], False),
    ]
    for n, host in enumerate(hosts):
        wanted.append((f"pl{n:03d}", "project_lead", host, False))
        wanted.append((f"mt{n:03d}", "followup_worker", host, False))
    joined = dt.datetime.now(dt.UTC) - dt.timedelta(days=365 * YEARS + 30)
    users = User.objects.bulk_create(
        [User(username=name, password=password, date_joined=joined) for name, *_ in wanted]
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=org, role=role, is_lead=lead, is_synthetic=True)
        for u, (_n, role, org, lead) in zip(users, wanted, strict=True)
    )
    by_name = {u.username: u for u in users}
    named: dict[str, Any] = {
        "coordinator": by_name["alice"],
        "police_representative": by_name["petra"],
        "directorate_representative": by_name["dina"],
        "analyst": by_name["anna"],
        "sysadmin": by_name["sam"],
        "local_police": by_name["lars"],
        "project_lead": by_name["pl000"],
        "followup_worker": by_name["mt000"],
    }
    named["workers"] = [by_name[f"mt{n:03d}"] for n in range(len(hosts))]
    named["leads"] = [by_name[f"pl{n:03d}"] for n in range(len(hosts))]
    return named


def _places(size: Size, start: dt.date) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Organisations, offers, dwellings and places; returns (hosts, places, orgs)."""
    from accounts.models import Organisation
    from housing.models import Dwelling, Offer, Place

    kind = Organisation.Kind
    make = Organisation.objects.create
    team = make(name="Kompetanseteamet", kind=kind.COMPETENCE_TEAM, is_synthetic=True)
    bufdir = make(name="Bufdir", kind=kind.DIRECTORATE, is_synthetic=True)
    ops = make(name="Drift", kind=kind.OPERATIONS, is_synthetic=True)
    police = Organisation.objects.bulk_create(
        Organisation(
            name=f"Politidistrikt {n + 1:02d}", kind=kind.POLICE_DISTRICT, is_synthetic=True
        )
        for n in range(max(1, size.hosts // 3))
    )
    hosts = Organisation.objects.bulk_create(
        Organisation(
            name=f"Kommune {n + 1:03d}",
            kind=kind.MUNICIPALITY,
            police_district=police[n % len(police)],
            is_synthetic=True,
        )
        for n in range(size.hosts)
    )
    types = ["collective", "apartment", "bedsit"]
    offers = Offer.objects.bulk_create(
        Offer(
            municipality=host,
            name=f"Botilbud {n + 1:03d}",
            offer_type=types[n % 3],
            fits_women=True,
            fits_men=n % 2 == 0,
            intensity=["high", "medium", "low"][n % 3],
            on_call="crisis_centre",
            is_synthetic=True,
        )
        for n, host in enumerate(hosts)
    )
    dwellings = Dwelling.objects.bulk_create(
        Dwelling(
            offer=offer,
            label=f"B{n + 1:03d}",
            address=f"Syntetisk vei {n + 1}, 0000 Oppdiktet",
            in_use_from=start,
            is_synthetic=True,
        )
        for n, offer in enumerate(offers)
    )
    places = Place.objects.bulk_create(
        Place(dwelling=dwellings[n // PLACES_PER_HOST], label=str(n % PLACES_PER_HOST + 1),
              active_from=start, is_synthetic=True)
        for n in range(size.hosts * PLACES_PER_HOST)
    )  # fmt: skip
    return hosts, places, {"team": team, "bufdir": bufdir, "ops": ops, "police": police}


@dataclass
class _Plan:
    place: Any
    host: int
    allocated_on: dt.date
    moved_in_on: dt.date
    planned_out: dt.date
    moved_out_on: dt.date | None
    status: str


def _timeline(size: Size, places: list[Any], start: dt.date, today: dt.date) -> list[_Plan]:
    """Stays one after another on each place; the newest on each place still living."""
    plans: list[_Plan] = []
    span = (today - start).days
    per_place = [size.stays // len(places)] * len(places)
    for n in range(size.stays % len(places)):
        per_place[n] += 1
    for p, place in enumerate(places):
        count = per_place[p]
        slot = span / max(count, 1)
        for k in range(count):
            allocated = start + dt.timedelta(days=int(k * slot) + p % 7)
            moved_in = allocated + dt.timedelta(days=5)
            length = max(20, int(slot * 0.85))
            planned = moved_in + dt.timedelta(days=max(length, 60))
            last = k == count - 1
            moved_out = None if last else moved_in + dt.timedelta(days=length - 10)
            if last:
                status = "living"
            elif moved_out and (today - moved_out).days < 60:
                status = "moved_out"
            else:
                status = "closed"
            host = p // PLACES_PER_HOST
            plans.append(_Plan(place, host, allocated, moved_in, planned, moved_out, status))
    plans.sort(key=lambda plan: plan.allocated_on)
    return plans


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _timer(world: World, log: Callable[[str], None]) -> Callable[[str], Any]:
    """A context manager per phase: adds its wall time to ``world.seconds[name]`` and logs it."""

    @contextlib.contextmanager
    def timed(name: str) -> Iterator[None]:
        clock = time.perf_counter()
        yield
        seconds = time.perf_counter() - clock
        world.seconds[name] = world.seconds.get(name, 0.0) + seconds
        log(f"  {name}: {seconds:.1f} s")

    return timed


def _server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend, when it runs on this machine.

    With the builder and the server sharing two loaded cores, the two CPU
    figures compare runs better than the wall time. Parallel index-build
    workers are other processes and not counted.
    """
    import os

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, fields 14 and 15 of proc(5), counted from the state field (3).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build(size: Size, *, seed: int = 13, today: dt.date | None = None,
          log: Callable[[str], None] = lambda _line: None) -> World:  # fmt: skip
    """Build the dataset into an empty, migrated database; returns what the benchmark needs."""
    from bench.pagebench.chain import write_chain
    from bench.pagebench.history import contacts_and_reports

    rng = random.Random(seed)  # noqa: S311 -- synthetic data, repeatable by seed: not a secret
    today = today or dt.date.today()
    start = today.replace(year=today.year - YEARS)
    world = World()
    timed = _timer(world, log)
    clock, cpu, server = time.perf_counter(), time.process_time(), _server_cpu()
    with transaction.atomic():
        with timed("intake"):
            hosts, places, plans, persons, allocations, users = _intake(size, start, today, rng)
        world.users = users
        with timed("stays"):
            stays = _stays(plans, persons, allocations, users, rng)
        contacts_and_reports(size, plans, stays, users, rng, world, timed)
        world.counts["audit_entries"] = write_chain(size, plans, stays, users, rng, timed)
        commit = time.perf_counter()
    world.seconds["commit"] = time.perf_counter() - commit
    world.seconds["total"] = time.perf_counter() - clock
    # On a shared machine the wall time depends on the others' load; this one does not.
    world.seconds["python_cpu"] = time.process_time() - cpu
    if server is not None and (after := _server_cpu()) is not None:
        world.seconds["server_cpu"] = after - server
    world.counts.update(stays=len(stays), persons=len(persons), places=len(places))
    own = [stay for stay, plan in zip(stays, plans, strict=True) if plan.host == 0]
    living = [stay for stay in own if stay.status == "living"]
    closed = [stay for stay in own if stay.status == "closed"]
    world.living_stay_id = living[-1].pk if living else stays[-1].pk
    world.closed_stay_id = closed[-1].pk if closed else stays[0].pk
    world.host_names = [(h.name, f"Botilbud {n + 1:03d}", ["collective", "apartment", "bedsit"][n % 3])
                        for n, h in enumerate(hosts)]  # fmt: skip
    return world


def _intake(size: Size, start: dt.date, today: dt.date, rng: random.Random) -> tuple[Any, ...]:
    """Places, users, the timeline, and per stay its person, inquiry, assessment and allocation."""
    from referrals.models import Allocation, Assessment, Inquiry, Person

    hosts, places, orgs = _places(size, start)
    users = _users(hosts, orgs["team"], orgs["bufdir"], orgs["ops"], orgs["police"])
    plans = _timeline(size, places, start, today)
    coordinator = users["coordinator"]
    genders = ["female"] * 8 + ["male", "other"]
    persons = _bulk(Person, [
        Person(name=f"Syntetisk Person {n}", identity_number=None,
               birth_date=dt.date(plan.allocated_on.year - 19 - n % 8, 1 + n % 12, 1 + n % 28),
               gender=rng.choice(genders), phone="00000000", is_synthetic=True)
        for n, plan in enumerate(plans)
    ])  # fmt: skip
    inquiries = _bulk(Inquiry, [
        Inquiry(contact_kind="crisis_centre", channel="phone",
                received_on=plan.allocated_on - dt.timedelta(days=30),
                reason="Syntetisk henvendelse", outcome="assessed",
                closed_on=plan.allocated_on - dt.timedelta(days=20),
                registered_by=coordinator, is_synthetic=True)
        for plan in plans
    ])  # fmt: skip
    assessments = _bulk(Assessment, [
        Assessment(person=person, inquiry=inquiry,
                   assessed_on=plan.allocated_on - dt.timedelta(days=20),
                   assessed_by="team", status="allocated", age_status="met",
                   need_status="met", ground_fear_forced_marriage=True, benefit_status="met",
                   fit_to_live_alone=True, needs_followup=True, wants_it=True,
                   accepts_rules=True, accepts_limited_stay=True, threat_status="met",
                   lawful_residence="yes", followup_intensity="medium",
                   needs_note="Syntetisk merknad", assessed_by_user=coordinator,
                   is_synthetic=True)
        for plan, person, inquiry in zip(plans, persons, inquiries, strict=True)
    ])  # fmt: skip
    allocations = _bulk(Allocation, [
        Allocation(assessment=assessment, place=plan.place, status="accepted",
                   proposed_by=coordinator, proposed_on=plan.allocated_on,
                   hold_expires_on=plan.allocated_on + dt.timedelta(days=7),
                   expected_arrival_on=plan.moved_in_on, planned_end_on=plan.planned_out,
                   answered_by=users["leads"][plan.host], answered_on=plan.allocated_on,
                   is_synthetic=True)
        for plan, assessment in zip(plans, assessments, strict=True)
    ])  # fmt: skip
    return hosts, places, plans, persons, allocations, users


def _closed_on(plan: _Plan) -> dt.date | None:
    if plan.status != "closed" or plan.moved_out_on is None:
        return None
    return plan.moved_out_on + dt.timedelta(days=30)


def _stays(plans: list[_Plan], persons: list[Any], allocations: list[Any],
           users: dict[str, Any], rng: random.Random) -> list[Any]:  # fmt: skip
    from housing.models import PlaceBooking
    from referrals.models import Allocation
    from stays import references
    from stays.models import GoalIndicatorAssessment, Stay

    bookings = _bulk(PlaceBooking, [
        PlaceBooking(place=plan.place, starts_on=plan.allocated_on,
                     ends_on=plan.moved_out_on, planned_end_on=plan.planned_out,
                     status="occupied" if plan.moved_out_on is None else "ended",
                     reference=f"referrals.allocation:{allocation.pk}",
                     created_by=users["coordinator"], is_synthetic=True)
        for plan, allocation in zip(plans, allocations, strict=True)
    ])  # fmt: skip
    for allocation, booking in zip(allocations, bookings, strict=True):
        allocation.booking = booking
    Allocation.objects.bulk_update(allocations, ["booking"], batch_size=BATCH)
    seen: set[str] = set()

    def fresh() -> str:
        while (ref := references.generate()) in seen:
            pass
        seen.add(ref)
        return ref

    stays = _bulk(Stay, [
        Stay(person=person, allocation=allocation, booking=booking,
             offer_id=plan.place.dwelling.offer_id, reference=fresh(), status=plan.status,
             allocated_on=plan.allocated_on, moved_in_on=plan.moved_in_on,
             planned_move_out_on=plan.planned_out, moved_out_on=plan.moved_out_on,
             gender=person.gender, birth_year=person.birth_date.year,
             destination="" if plan.moved_out_on is None else rng.choice(
                 ["own_home_alone", "family", "crisis_centre", "other_offer", "unknown"]),
             housing_plan="Syntetisk boligplan",
             closed_on=_closed_on(plan),
             is_synthetic=True)
        for plan, person, allocation, booking in zip(plans, persons, allocations, bookings, strict=True)
    ])  # fmt: skip
    _bulk(GoalIndicatorAssessment, [
        GoalIndicatorAssessment(stay=stay, assessed_on=stay.closed_on,
                                assessed_by=users["leads"][plan.host], is_synthetic=True,
                                **{code: rng.choice(["yes", "partly", "no"]) for code in (
                                    "safe_dwelling", "needs_mapped", "adapted_followup",
                                    "safe_housing", "services_contact", "day_activity",
                                    "social_network")})
        for stay, plan in zip(stays, plans, strict=True) if stay.closed_on
    ])  # fmt: skip
    return stays
