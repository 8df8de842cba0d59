"""Every page once in every worker before the figures are taken.

A gunicorn worker imports its views, compiles its templates and, on its first
PDF or chart, loads WeasyPrint or matplotlib: seconds each, once per process.
Sent one at a time, the warm-up requests could all land on the same worker;
sent as a burst of as many at once as the server has workers (× threads),
each worker takes one, because a busy sync worker accepts no other. The
twenty-year variants are left out: the libraries are what is warmed, not the
period.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.loadtest.day import ROLES, Visit


def _get(url: str, cookie: str) -> int:
    # Our own server on loopback, http: the only scheme ever passed here.
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=180) as response:  # noqa: S310
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def warm(base: str, staff: dict[str, Any], concurrency: int) -> dict[str, int]:
    """One burst of ``concurrency`` requests per page and role; the status each page answered."""
    answered: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for role, (_count, visits) in ROLES.items():
            person = staff["staff"][role][0]
            cookie = f"{staff['session_cookie']}={person['session']}"
            for visit in visits:
                if "twenty" in visit.path:
                    continue
                path = _path(visit, person["stays"], staff["periods"])
                burst = [pool.submit(_get, base + path, cookie) for _n in range(concurrency)]
                statuses = [future.result() for future in burst]
                answered[f"{visit.label} [{role}]"] = max(statuses)
    return answered


def _path(visit: Visit, stays: list[int], periods: dict[str, str]) -> str:
    return visit.path.format(stay=stays[0] if stays else 0, **periods)
