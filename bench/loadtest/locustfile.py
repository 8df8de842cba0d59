"""A working day of the staff, for Locust: started by ``bench/load.py``, never by hand.

Each simulated person is one role with its own signed-in session (made on the
server by ``bench/loadtest/staff.py`` and handed over in the file named by
``LOAD_STAFF``), and picks pages with the weights of a working day
(``bench/loadtest/day.py``): the follow-up workers, most of the staff, read
their residents and write contact entries; the project leads watch deadlines
and capacity; the competence team works its intake lists; the directorate
reads its inbox; the analyst looks at statistics and now and then exports a
PDF. Between two pages a person thinks for a while (``think`` in the staff
file, seconds).

Every request is also written to ``LOAD_TIMINGS`` (start, duration, name,
outcome), so the benchmark can tell whether a page was slow while a PDF was
being made, and whether it waited for it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
from collections.abc import Callable
from typing import Any, ClassVar, TextIO

from locust import HttpUser, TaskSet, between, events

from bench.loadtest.day import CONTACT_FORM, CONTACT_WEIGHT, ROLES, Visit

STAFF: dict[str, Any] = json.loads(open(os.environ["LOAD_STAFF"], encoding="utf-8").read())  # noqa: SIM115
PERIODS: dict[str, str] = STAFF["periods"]
THINK = between(*STAFF["think"])
_timings: TextIO | None = None


@events.test_start.add_listener
def _open_timings(**_kwargs: Any) -> None:
    global _timings
    _timings = open(os.environ["LOAD_TIMINGS"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115


@events.test_stop.add_listener
def _close_timings(**_kwargs: Any) -> None:
    if _timings is not None:
        _timings.close()


@events.request.add_listener
def _timed(name: str, response_time: float, exception: BaseException | None, start_time: float = 0.0,
           response: Any = None, **_kwargs: Any) -> None:  # fmt: skip
    if _timings is None or _timings.closed:
        return
    status = getattr(response, "status_code", 0) or 0
    ok = 0 if exception else 1
    _timings.write(f"{start_time:.6f}\t{response_time:.3f}\t{name}\t{ok}\t{status}\n")


Task = Callable[["Staff"], None]


def path_of(visit: Visit, stays: list[int]) -> str:
    """The visit's address for a person: one of her residents, the statistics periods."""
    stay = random.choice(stays) if stays else 0  # noqa: S311
    return visit.path.format(stay=stay, **PERIODS)


def page(visit: Visit) -> Task:
    """A GET of one page, named «label [role]» in the statistics; wrong type or status fails."""

    def get(user: Staff) -> None:
        name = f"{visit.label} [{user.role}]"
        with user.client.get(
            path_of(visit, user.stays), name=name, catch_response=True
        ) as response:
            kind = response.headers.get("Content-Type", "")
            if response.status_code != 200 or not kind.startswith(visit.expect):
                response.failure(f"{response.status_code} {kind}")

    get.__name__ = visit.label
    return get


def record_contact(user: Staff) -> None:
    """Registrer kontakt: a follow-up worker writes today's conversation (one audited write)."""
    stay = random.choice(user.stays)  # noqa: S311
    csrf = user.client.cookies.get(STAFF["csrf_cookie"])
    if not csrf:
        page(Visit("contact log", f"/oppfolging/{stay}/kontakter/", 1))(user)
        csrf = user.client.cookies.get(STAFF["csrf_cookie"])
    form = {
        "contact_on": dt.date.today().isoformat(), "minutes": "30", "mode": "in_person",
        "with_whom": "resident", "themes": ["practical"], "partner": "", "goal": "",
        "note": "Syntetisk lasttest: samtale om uka.",
    }  # fmt: skip
    with user.client.post(
        CONTACT_FORM.format(stay=stay), data=form, headers={"X-CSRFToken": csrf or ""},
        name=f"record contact (POST) [{user.role}]", allow_redirects=False, catch_response=True,
    ) as response:  # fmt: skip
        if response.status_code != 302:
            response.failure(f"{response.status_code}: not saved")


def tasks_of(role: str) -> list[TaskSet | Callable[..., Any]]:
    """Locust's task list for ``role``: each page as often as its weight in the working day."""
    tasks: list[TaskSet | Callable[..., Any]] = []
    for visit in ROLES[role][1]:
        tasks += [page(visit)] * visit.weight
    if role == "followup_worker":
        tasks += [record_contact] * CONTACT_WEIGHT
    return tasks


class Staff(HttpUser):
    """One person of ``role``, signed in with the next of that role's prepared sessions."""

    abstract = True
    role: ClassVar[str] = ""
    wait_time = THINK
    _next: ClassVar[dict[str, itertools.count[int]]] = {}
    stays: list[int]

    def on_start(self) -> None:
        people = STAFF["staff"][self.role]
        n = next(Staff._next.setdefault(self.role, itertools.count()))
        person = people[n % len(people)]
        self.stays = person["stays"]
        self.client.cookies.set(STAFF["session_cookie"], person["session"])


class FollowupWorker(Staff):
    """Miljøterapeut: her residents' pages and contact log, a contact entry now and then."""

    role = "followup_worker"
    weight = ROLES[role][0]
    tasks = tasks_of(role)


class ProjectLead(Staff):
    """Prosjektleder: deadlines, capacity and the residents of the municipality."""

    role = "project_lead"
    weight = ROLES[role][0]
    tasks = tasks_of(role)


class Coordinator(Staff):
    """Koordinator i Kompetanseteamet: intake lists, capacity, the national summary, the review."""

    role = "coordinator"
    weight = ROLES[role][0]
    tasks = tasks_of(role)


class PoliceRepresentative(Staff):
    """Politiets representant: the threat-assessment queue."""

    role = "police_representative"
    weight = ROLES[role][0]
    tasks = tasks_of(role)


class DirectorateRepresentative(Staff):
    """Bufdirs representant: the inbox of milestone reports."""

    role = "directorate_representative"
    weight = ROLES[role][0]
    tasks = tasks_of(role)


class Analyst(Staff):
    """Analytiker: statistics of several periods, and a few PDF exports."""

    role = "analyst"
    weight = ROLES[role][0]
    tasks = tasks_of(role)
