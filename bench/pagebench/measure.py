"""Timing the pages (interleaved rounds, ratio to a floor) and the heavy jobs, each bounded.

Every round signs every role in afresh (both factors and a fresh password
re-entry, as allauth records them), then requests each page once, in the same
order, with the floor (a minimal signed-in page) first and last, so a change
in machine load hits all pages of a round alike. Query counts come from one
unmeasured warm-up request per page.
"""

from __future__ import annotations

import contextlib
import signal
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# One request or job longer than this is stopped and reported as such.
REQUEST_LIMIT = 120.0
JOB_LIMIT = 900.0
# A page whose rounds have cost this much in total gets no more rounds.
PAGE_BUDGET = 240.0


class Overtime(Exception):
    """A request or job ran past its bound."""


@contextlib.contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Raise ``Overtime`` in the main thread when the block runs longer than ``seconds``."""

    def alarm(_signum: int, _frame: Any) -> None:
        raise Overtime(f"longer than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Page:
    label: str
    role: str
    path: str


@dataclass
class PageResult:
    label: str
    role: str
    path: str
    status: int = 0
    queries: int = 0
    times: list[float] = field(default_factory=list)
    note: str = ""

    def p(self, q: float) -> float | None:
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def as_dict(self, floor: PageResult | None) -> dict[str, Any]:
        p50, p95 = self.p(0.5), self.p(0.95)
        f50, f95 = (floor.p(0.5), floor.p(0.95)) if floor else (None, None)
        return {
            "label": self.label, "role": self.role, "path": self.path, "status": self.status,
            "queries": self.queries, "rounds": len(self.times), "p50": p50, "p95": p95,
            "ratio_p50": p50 / f50 if p50 and f50 else None,
            "ratio_p95": p95 / f95 if p95 and f95 else None,
            "note": self.note,
        }  # fmt: skip


def sign_in(client: Any, user: Any) -> None:
    """What the root conftest's ``sign_in`` does: password, TOTP and a fresh re-entry."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str

    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.username, "reauthenticated": True},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def enrol(users: dict[str, Any]) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    for user in {u.pk: u for u in users.values() if hasattr(u, "pk")}.values():
        TOTP.activate(user, generate_totp_secret())


def _get(client: Any, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    with bounded(REQUEST_LIMIT):
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    return response.status_code, time.perf_counter() - started


def measure_pages(pages: list[Page], users: dict[str, Any], rounds: int,
                  log: Callable[[str], None]) -> list[PageResult]:  # fmt: skip
    """The floor first in the result, then every page, over ``rounds`` interleaved rounds."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {role: Client() for role in {page.role for page in pages}}
    results = [PageResult(page.label, page.role, page.path) for page in pages]
    spent = [0.0] * len(pages)
    for role, client in clients.items():
        sign_in(client, users[role])
    for page, result in zip(pages, results, strict=True):
        try:
            with CaptureQueriesContext(connection) as queries:
                result.status, seconds = _get(clients[page.role], page.path)
            result.queries = len(queries.captured_queries)
            spent[pages.index(page)] += seconds
            log(
                f"  warm-up {page.label}: {result.status}, {seconds:.2f} s, {result.queries} queries"
            )
        except Overtime as exc:
            result.note = f"warm-up {exc}"
            log(f"  warm-up {page.label}: {exc}")
    floor_index = 0
    for n in range(rounds):
        for role, client in clients.items():
            sign_in(client, users[role])
        order = [*range(len(pages)), floor_index]
        for i in order:
            result = results[i]
            if result.note or result.status != 200 or spent[i] > PAGE_BUDGET:
                continue
            try:
                _status, seconds = _get(clients[pages[i].role], pages[i].path)
            except Overtime as exc:
                result.note = str(exc)
                continue
            spent[i] += seconds
            result.times.append(seconds)
        log(f"  round {n + 1}/{rounds} done")
    for i, result in enumerate(results):
        if spent[i] > PAGE_BUDGET and len(result.times) < rounds and not result.note:
            result.note = f"{len(result.times)} rounds (page budget {PAGE_BUDGET:.0f} s)"
    return results


@dataclass
class JobResult:
    label: str
    seconds: float | None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "seconds": self.seconds, "note": self.note}


def run_job(label: str, job: Callable[[], str], log: Callable[[str], None]) -> JobResult:
    started = time.perf_counter()
    try:
        with bounded(JOB_LIMIT):
            note = job()
    except Overtime as exc:
        log(f"  {label}: {exc}")
        return JobResult(label, None, str(exc))
    seconds = time.perf_counter() - started
    log(f"  {label}: {seconds:.2f} s {note}")
    return JobResult(label, seconds, note)


def median(values: list[float]) -> float:
    return statistics.median(values)


def profile_pages(pages: list[Page], results: list[PageResult], users: dict[str, Any],
                  count: int) -> dict[str, str]:  # fmt: skip
    """One cProfile'd request of each of the ``count`` slowest pages: the top of the cumulative list."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    slowest = sorted(
        (i for i, r in enumerate(results) if r.times), key=lambda i: -(results[i].p(0.5) or 0)
    )[:count]
    found: dict[str, str] = {}
    for i in slowest:
        client = Client()
        sign_in(client, users[pages[i].role])
        profiler = cProfile.Profile()
        try:
            with bounded(REQUEST_LIMIT):
                profiler.runcall(client.get, pages[i].path)
        except Overtime:
            continue
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        # Our own modules only: where in this project the time goes.
        stats.print_stats(
            r"/(core|accounts|audit|access|housing|referrals|stays|followup|reporting|oversight)/",
            25,
        )
        found[f"{pages[i].label} ({pages[i].role})"] = out.getvalue()
    return found
