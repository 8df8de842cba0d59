"""Decisions and individual plans in ``national_statistics`` (keys in docs/statistics.md)."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command

from core import dates
from decisions import services

TODAY = dates.today()
# The statistics year: everything below is dated in it, whatever day the test runs.
YEAR = TODAY.year
START = dt.date(YEAR, 1, 1)


def run(threshold: int) -> dict:
    out = io.StringIO()
    call_command(
        "national_statistics",
        "--from",
        START.isoformat(),
        "--to",
        TODAY.isoformat(),
        "--suppress-below",
        str(threshold),
        stdout=out,
    )
    return json.loads(out.getvalue())["decisions"]


def test_it_counts_decisions_by_service_and_outcome_and_plans(make_stay, cast):
    worker = cast["followup_worker_a"]
    stays = [make_stay(moved_in_days_ago=0) for _ in range(3)]
    for stay, (service, outcome) in zip(
        stays, [("nav", "granted"), ("nav", "refused"), ("housing", "refused")], strict=True
    ):
        services.decision_save(
            stay=stay, by=worker, service=service, decided_on=TODAY, outcome=outcome, what="x"
        )
    services.plan_save(stay=stays[0], by=worker, has_right="yes", has_plan=True, plan_since=TODAY)
    services.plan_save(stay=stays[1], by=worker, has_right="yes", has_plan=False)
    services.plan_save(stay=stays[2], by=worker, has_right="no", has_plan=False)

    raw = run(0)
    year = raw["by_year"][str(YEAR)]
    assert year["total"] == 3
    assert year["by_outcome"] == {"granted": 1, "partly": 0, "refused": 2}
    assert year["by_service"]["nav"] == {"total": 2, "granted": 1, "partly": 0, "refused": 1}
    assert year["by_service"]["housing"] == {"total": 1, "granted": 0, "partly": 0, "refused": 1}
    assert year["by_service"]["child_welfare"]["total"] == 0
    assert raw["individual_plan"] == {"residents": 3, "with_right": 2, "with_plan": 1}

    published = run(5)
    assert published["by_year"][str(YEAR)]["total"] == "<5"
    assert published["by_year"][str(YEAR)]["by_service"]["nav"]["granted"] == "<5"
    assert published["individual_plan"]["residents"] == "<5"
    assert published["individual_plan"]["with_plan"] == "<5"
