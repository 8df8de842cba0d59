"""A working day of the staff, for Locust: started by ``bench/load.py``, never by hand.

Each simulated person is one role with its own signed-in session (made on the
server by ``bench/loadtest/staff.py`` and handed over in the file named by
``LOAD_STAFF``), and picks pages with the weights of a working day: the
follow-up workers, most of the staff, read their residents and write contact
entries; the project leads watch deadlines and capacity; the competence team
works its intake lists; the directorate reads its inbox; the analyst looks at
statistics and now and then exports a PDF. Between two pages a person thinks
for a while (``think`` in the staff file, seconds).

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


def page(label: str, path: Callable[[Staff], str], expect: str = "text/html") -> Task:
    """A GET of one page, named «label [role]» in the statistics; wrong type or status fails."""

    def get(user: Staff) -> None:
        name = f"{label} [{user.role}]"
        with user.client.get(path(user), name=name, catch_response=True) as response:
            kind = response.headers.get("Content-Type", "")
            if response.status_code != 200 or not kind.startswith(expect):
                response.failure(f"{response.status_code} {kind}")

    get.__name__ = label
    return get


def _fixed(path: str) -> Callable[[Staff], str]:
    return lambda _user: path


def _stay(template: str) -> Callable[[Staff], str]:
    return lambda user: template.format(stay=random.choice(user.stays))  # noqa: S311


def record_contact(user: Staff) -> None:
    """Registrer kontakt: a follow-up worker writes today's conversation (one audited write)."""
    stay = random.choice(user.stays)  # noqa: S311
    csrf = user.client.cookies.get(STAFF["csrf_cookie"])
    if not csrf:
        page("contact log", _fixed(f"/oppfolging/{stay}/kontakter/"))(user)
        csrf = user.client.cookies.get(STAFF["csrf_cookie"])
    form = {
        "contact_on": dt.date.today().isoformat(), "minutes": "30", "mode": "in_person",
        "with_whom": "resident", "themes": ["practical"], "partner": "", "goal": "",
        "note": "Syntetisk lasttest: samtale om uka.",
    }  # fmt: skip
    with user.client.post(
        f"/oppfolging/{stay}/kontakter/ny/", data=form, headers={"X-CSRFToken": csrf or ""},
        name=f"record contact (POST) [{user.role}]", allow_redirects=False, catch_response=True,
    ) as response:  # fmt: skip
        if response.status_code != 302:
            response.failure(f"{response.status_code}: not saved")


def weighted(mix: dict[Task, int]) -> list[TaskSet | Callable[..., Any]]:
    """Locust's task list: each task as often as its weight in the working day."""
    return [task for task, weight in mix.items() for _ in range(weight)]


START = page("start page", _fixed("/"))
RESIDENTS = page("resident list", _fixed("/beboere/"))
OVERVIEW = page("resident overview", _stay("/beboere/{stay}/"))
CONTACTS = page("contact log", _stay("/oppfolging/{stay}/kontakter/"))
DEADLINES = page("my deadlines", _fixed("/rapportering/frister/"))
CAPACITY = page("capacity", _fixed("/botilbud/kapasitet/"))
STATISTICS = "/rapportering/statistikk/"
EXPORT = "/rapportering/statistikk/eksport.pdf"


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
    weight = 8
    tasks = weighted({
        START: 2, RESIDENTS: 2, OVERVIEW: 3, CONTACTS: 4, record_contact: 1, DEADLINES: 1,
    })  # fmt: skip


class ProjectLead(Staff):
    """Prosjektleder: deadlines, capacity and the residents of the municipality."""

    role = "project_lead"
    weight = 5
    tasks = weighted({
        START: 2, RESIDENTS: 2, OVERVIEW: 2, DEADLINES: 2, CAPACITY: 1, CONTACTS: 1,
    })  # fmt: skip


class Coordinator(Staff):
    """Koordinator i Kompetanseteamet: intake lists, capacity, the national summary, the review."""

    role = "coordinator"
    weight = 3
    tasks = weighted(
        {
            START: 2,
            page("inquiry list", _fixed("/inntak/henvendelser/")): 2,
            page("workbench", _fixed("/inntak/arbeidsbenk/")): 2,
            CAPACITY: 1,
            page("all-stays summary", _fixed("/beboere/alle-opphold/")): 1,
            page("audit review", _fixed("/revisjon/gjennomgang/")): 1,
        }
    )


class PoliceRepresentative(Staff):
    """Politiets representant: the threat-assessment queue."""

    role = "police_representative"
    weight = 1
    tasks = weighted(
        {
            START: 1,
            page("police queue", _fixed("/inntak/trusselvurderinger/")): 2,
        }
    )


class DirectorateRepresentative(Staff):
    """Bufdirs representant: the inbox of milestone reports."""

    role = "directorate_representative"
    weight = 1
    tasks = weighted(
        {
            START: 1,
            page("directorate inbox", _fixed("/rapportering/innboks/")): 2,
        }
    )


class Analyst(Staff):
    """Analytiker: statistics of several periods, and a few PDF exports."""

    role = "analyst"
    weight = 2
    tasks = weighted(
        {
            START: 1,
            page("statistics, default period", _fixed(STATISTICS)): 3,
            page("statistics, one year", _fixed(f"{STATISTICS}?{PERIODS['one']}")): 2,
            page("statistics, twenty years", _fixed(f"{STATISTICS}?{PERIODS['twenty']}")): 1,
            page(
                "statistics PDF, one year",
                _fixed(f"{EXPORT}?{PERIODS['one']}"),
                expect="application/pdf",
            ): 1,
            page(
                "statistics PDF, twenty years",
                _fixed(f"{EXPORT}?{PERIODS['twenty']}"),
                expect="application/pdf",
            ): 1,
        }
    )
