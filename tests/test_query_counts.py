"""Every list page asks the database the same number of times whatever it lists (no N+1).

Each page of the table below is requested signed in, on a world with one of
everything (``tests.query_world``), then again after five more of everything,
half of it in municipality B where Bob, Berit and Lars must see none of it.
The count must stay the same and be the hand-written number in the table: a
new query per row (N+1) or one more query per request fails here, with the
page, the role, the numbers and the SQL. The rows the page shows must grow
too (a regex counted in the HTML, or the number in a sentence such as
"6 åpne henvendelser"), so a page cannot pass by showing nothing.

The world is built and both rounds measured once per module, inside one
transaction that is rolled back: building it per page would take minutes.
Each page is visited once before it is measured, so a per-process cache
(content types, charts) filled by whichever test ran first changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import make_cast, make_orgs, sign_in
from core import dates
from tests.query_world import World

# The marker makes pytest-django set up the test database; the rows are the module fixture's.
pytestmark = pytest.mark.django_db

TR, LI = r"<tr\b", r"<li\b"
ALL_STAYS = r"Pågående: (\d+) opphold"


class Page(NamedTuple):
    label: str
    role: str
    route: str
    expected: int | None  # None: only "does not grow" (see STATISTICS below)
    shown: str | None  # regex: matches counted, or its first group read as a number
    on: str = ""  # World attribute whose pk the route takes
    query: str = ""


def _period(years: int) -> str:
    today = dates.today()
    return f"fra={today.year - years}-01-01&til={today:%Y-%m-%d}"


# The statistics pages are being reworked (a cache of finished years): they are
# held only to "the count does not grow with the data", not to a number yet.
STATISTICS = [
    Page("statistics, default period", "analyst", "reporting:statistics", None, TR),
    # Periods and exports: the same rows as the default page, only the figures
    # change (and stay suppressed below five people).
    Page("statistics, one year", "analyst", "reporting:statistics", None, None, query=_period(0)),
    Page("statistics, three years", "analyst", "reporting:statistics", None, None,
         query=_period(3)),
    Page("statistics PDF, one year", "analyst", "reporting:statistics_export", None, None,
         on="pdf", query=_period(0)),
    Page("statistics XLSX, three years", "analyst", "reporting:statistics_export", None, None,
         on="xlsx", query=_period(3)),
]  # fmt: skip

# page,                        role,                  route,  queries, what one shown row is
PAGES = [
    Page("start page", "coordinator", "home", 28, r"(\d+) åpne? henvendelse"),
    Page("start page", "project_lead_a", "home", 32, r"(\d+) forslag om tildeling venter"),
    Page("start page", "followup_worker_a", "home", 16, r"(\d+) forslag om tildeling venter"),
    Page("start page", "directorate_representative", "home", 11, r"(\d+) nye rapporter"),
    Page("start page", "police_representative", "home", 18, LI),
    Page("start page", "local_police_a", "home", 20, LI),
    # Nothing of the world is theirs to see; the count must still not grow.
    Page("start page", "analyst", "home", 8, None),
    Page("start page", "sysadmin", "home", 14, None),
    Page("inquiry list", "coordinator", "referrals:inquiry_list", 19, TR),
    Page("workbench", "coordinator", "referrals:workbench", 24, r"Åpne henvendelser \((\d+)\)"),
    Page("assessment list", "coordinator", "referrals:assessment_list", 17, TR),
    Page("assessment and its consents", "coordinator", "referrals:assessment_detail", 22,
         r"/samtykker/\d+/trekk-tilbake/", on="assessment"),
    Page("police queue", "police_representative", "referrals:police_queue", 21,
         r"Venter på trusselvurdering \((\d+)\)"),
    Page("police queue", "local_police_a", "referrals:police_queue", 18, LI),
    Page("proposals inbox", "project_lead_a", "referrals:inbox", 9, TR),
    Page("resident list", "project_lead_a", "stays:resident_list", 21, TR),
    Page("resident list", "followup_worker_a", "stays:resident_list", 19, TR),
    Page("residents in the district", "local_police_a", "stays:security_list", 15, TR),
    # Every resident page: +2 since the header asks whether the viewer may open
    # the «Dokumenter» tab (documents.DocumentStay, its route requirement and scope).
    Page("resident overview", "followup_worker_a", "stays:overview", 53, LI, on="stay"),
    Page("contact log", "followup_worker_a", "followup:contacts", 51, TR, on="stay"),
    Page("security measures", "followup_worker_a", "followup:measures", 50, TR, on="stay"),
    Page("action plan", "followup_worker_a", "followup:plan", 51, r"Tiltak: ", on="stay"),
    Page("follow-up areas", "followup_worker_a", "followup:areas", 48, TR, on="stay"),
    Page("arrival timetable", "followup_worker_a", "stays:timetable", 34, TR, on="stay"),
    Page("my deadlines", "project_lead_a", "reporting:my_deadlines", 21, TR),
    Page("my deadlines", "followup_worker_a", "reporting:my_deadlines", 19, TR),
    Page("directorate inbox", "directorate_representative", "reporting:inbox", 20, TR),
    Page("capacity", "coordinator", "housing:capacity", 12, TR),
    Page("capacity", "project_lead_a", "housing:capacity", 12, TR),
    Page("offer list", "coordinator", "housing:offer_list", 19, TR),
    Page("offer list", "project_lead_a", "housing:offer_list", 19, TR),
    Page("offer, dwellings and partner register", "project_lead_a", "housing:offer_detail", 23,
         TR, on="offer"),
    Page("arrival template of an offer", "project_lead_a", "stays:template", 11, TR, on="offer"),
    Page("all-stays summary", "coordinator", "stays:summary_list", 15, ALL_STAYS),
    Page("audit review", "coordinator", "audit:review", 28, TR),
    Page("break-the-glass review queue", "coordinator", "access:break_glass_queue", 9, TR),
    Page("approvals", "project_lead_a", "access:approval_list", 28, LI),
    Page("approvals", "followup_worker_a", "access:approval_list", 13, LI),
    Page("user administration", "sysadmin", "admin:accounts_user_changelist", 12, TR),
    *STATISTICS,
]  # fmt: skip


def _params() -> list[Any]:
    return [pytest.param(p, id=f"{p.label} ({p.role})") for p in PAGES]


@dataclass
class Seen:
    status: int
    queries: list[str]
    shown: int


def _url(page: Page, world: World) -> str:
    args = (
        [page.on] if page.on in ("pdf", "xlsx") else [getattr(world, page.on).pk] if page.on else []
    )
    url = reverse(page.route, args=args)
    return f"{url}?{page.query}" if page.query else url


def _shown(page: Page, body: str) -> int:
    if page.shown is None:
        return 0
    pattern = re.compile(page.shown)
    if pattern.groups:
        found = pattern.search(body)
        return int(found.group(1)) if found else 0
    return len(pattern.findall(body))


def _visit(page: Page, world: World, *, warm_up: bool) -> Seen:
    client = sign_in(Client(), world.cast[page.role], reauthenticated=True)
    url = _url(page, world)
    if warm_up:
        client.get(url)  # a per-process cache filled, or not, by whichever test ran first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    body = content.decode(errors="replace") if "html" in response["Content-Type"] else ""
    return Seen(
        response.status_code,
        [q["sql"] for q in queries.captured_queries],
        _shown(page, body),
    )


@pytest.fixture(scope="module")
def measured(django_db_setup: Any, django_db_blocker: Any) -> dict[Page, tuple[Seen, Seen]]:
    with (
        django_db_blocker.unblock(),
        translation.override(settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        orgs = make_orgs()
        world = World(make_cast(orgs), orgs)
        world.grow()
        small = {page: _visit(page, world, warm_up=True) for page in PAGES}
        world.grow(5)
        # The added rows changed finished years, so the first statistics read
        # after them counts those years again (the kept years refilled, as
        # designed); the count that must not grow is the one after that.
        large = {page: _visit(page, world, warm_up=page in STATISTICS) for page in PAGES}
        transaction.set_rollback(True)
    return {page: (small[page], large[page]) for page in PAGES}


def _sql(queries: list[str]) -> str:
    return "\n".join(f"  {n}. {sql[:300]}" for n, sql in enumerate(queries, 1))


@pytest.mark.parametrize("page", _params())
def test_it_asks_the_same_number_of_queries_however_many_rows_it_lists(
    page: Page, measured: dict[Page, tuple[Seen, Seen]]
) -> None:
    small, large = measured[page]
    where = f"{page.label} as {page.role}"
    assert (small.status, large.status) == (200, 200), where
    if page.shown is not None:
        assert large.shown > small.shown, f"{where}: the added rows are not shown"
    assert len(large.queries) <= len(small.queries), (
        f"{where}: {len(small.queries)} queries with one of everything, "
        f"{len(large.queries)} with six (a query per row?):\n{_sql(large.queries)}"
    )
    if page.expected is None:
        return
    assert len(large.queries) == len(small.queries), (
        f"{where}: {len(small.queries)} queries with one of everything, {len(large.queries)} with six"
    )
    assert len(small.queries) == page.expected, (
        f"{where}: expected {page.expected} queries, got {len(small.queries)}:\n"
        f"{_sql(small.queries)}"
    )


def test_it_lists_every_list_page_once() -> None:
    keys = [(p.label, p.role, p.query) for p in PAGES]
    assert len(keys) == len(set(keys))
