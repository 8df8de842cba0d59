"""The simulated staff's sessions, made on the server before the load starts.

Each simulated person gets a session of their own, signed in with both factors
and a fresh password re-entry exactly as a real sign-in leaves it
(``bench.pagebench.measure.sign_in``: allauth's authentication records and
user key, stored by Django's database session backend, which the gunicorn
workers read). Locust receives only the session cookies, in a file readable
by this user alone; it never sees a password or a TOTP secret.

Several simulated people of one role may share an account (the dataset has
one coordinator and one analyst); each still has its own session, as when
one person works in two browsers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

# Role → the accounts its simulated people sign in as (the dataset's cast).
ACCOUNTS = {
    "followup_worker": "workers",
    "project_lead": "leads",
    "coordinator": "coordinator",
    "police_representative": "police_representative",
    "directorate_representative": "directorate_representative",
    "analyst": "analyst",
}


def _living_stays(user: Any) -> list[int]:
    """The stays under way in the user's own municipalities: her residents."""
    from accounts.models import Membership
    from stays.models import Stay

    orgs = Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
    found = Stay.objects.filter(status="living", offer__municipality_id__in=list(orgs))
    return list(found.order_by("pk").values_list("pk", flat=True))


def _session(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    from bench.pagebench.measure import sign_in

    client = Client()
    sign_in(client, user)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def periods(today: dt.date) -> dict[str, str]:
    """Query strings of the statistics periods: last year, and twenty years to today."""
    year = today.year - 1
    return {
        "one": f"fra={year}-01-01&til={year}-12-31",
        "twenty": f"fra={today.year - 20}-01-01&til={today:%Y-%m-%d}",
    }


def write_staff(
    path: Path, world: Any, per_role: int, think: tuple[float, float]
) -> dict[str, Any]:
    """Sign in ``per_role`` people of every role and write what Locust needs to ``path``."""
    from django.conf import settings

    staff: dict[str, list[dict[str, Any]]] = {}
    for role, key in ACCOUNTS.items():
        accounts = world.users[key]
        accounts = accounts if isinstance(accounts, list) else [accounts]
        people = []
        for n in range(per_role):
            user = accounts[n % len(accounts)]
            stays = _living_stays(user) if role in {"followup_worker", "project_lead"} else []
            people.append({"account": user.username, "session": _session(user), "stays": stays})
        staff[role] = people
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "think": list(think),
        "periods": periods(dt.date.today()),
        "staff": staff,
    }
    # Session cookies are credentials: readable by this user only, deleted with the run.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(data, out)
    return data
