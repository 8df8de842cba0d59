"""The follow-up history of the benchmark dataset: contact entries with themes, milestone reports."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.pagebench.dataset import BATCH, THEMES

NOTES = [
    "Syntetisk samtale om uka som har gått.",
    "Syntetisk: fulgte opp avtale med NAV.",
    "Syntetisk: snakket om skole og framtidsplaner.",
    "Syntetisk: praktisk hjelp med husholdning.",
]


def _contact_days(moved_in: dt.date, until: dt.date, count: int) -> list[dt.date]:
    span = max(1, (until - moved_in).days)
    return [moved_in + dt.timedelta(days=(k * span) // count) for k in range(count)]


def contacts_and_reports(size: Any, plans: list[Any], stays: list[Any], users: dict[str, Any],
                         rng: random.Random, world: Any) -> None:  # fmt: skip
    """About ``contacts_per_stay`` contacts per stay, each with one or two themes, and the reports."""
    from followup.models import Contact, ContactTheme

    clock = time.perf_counter()
    today = dt.date.today()
    forms = ["in_person"] * 5 + ["phone"] * 3 + ["video", "message"]
    total_contacts = 0
    total_themes = 0
    pending: list[Any] = []

    def flush() -> None:
        nonlocal total_contacts, total_themes
        created = Contact.objects.bulk_create(pending, batch_size=BATCH)
        themes = []
        for contact in created:
            first = rng.randrange(len(THEMES))
            themes.append(ContactTheme(contact=contact, theme=THEMES[first], is_synthetic=True))
            if rng.random() < 0.5:
                second = (first + 1 + rng.randrange(len(THEMES) - 1)) % len(THEMES)
                themes.append(
                    ContactTheme(contact=contact, theme=THEMES[second], is_synthetic=True)
                )
        ContactTheme.objects.bulk_create(themes, batch_size=BATCH * 2)
        total_contacts += len(created)
        total_themes += len(themes)
        pending.clear()

    for stay, plan in zip(stays, plans, strict=True):
        until = plan.moved_out_on or today
        worker = users["workers"][plan.host]
        for day in _contact_days(plan.moved_in_on, until, size.contacts_per_stay):
            pending.append(
                Contact(
                    stay=stay, contact_on=day, minutes=rng.choice([15, 30, 45, 60, 90]),
                    form=rng.choice(forms), with_whom="resident", heavy_strain=rng.random() < 0.1,
                    note=rng.choice(NOTES), recorded_by=worker, is_synthetic=True,
                )
            )  # fmt: skip
        if len(pending) >= BATCH * 5:
            flush()
    if pending:
        flush()
    world.counts["contacts"] = total_contacts
    world.counts["contact_themes"] = total_themes
    world.seconds["contacts"] = time.perf_counter() - clock
    world.counts["milestone_reports"] = _reports(plans, stays, users, today)


def _months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _reports(plans: list[Any], stays: list[Any], users: dict[str, Any], today: dt.date) -> int:
    """The platform's milestone reports that had fallen due, submitted; older ones read."""
    from reporting.models import MilestoneReport

    reader = users["directorate_representative"]
    reports: list[Any] = []
    for stay, plan in zip(stays, plans, strict=True):
        lead = users["leads"][plan.host]
        end = plan.moved_out_on or today
        dues = [("three_months", _months(plan.moved_in_on, 3))]
        dues.append(("before_move_out", plan.planned_out - dt.timedelta(days=30)))
        if (end - plan.moved_in_on).days > 270:
            dues.append(("nine_months", _months(plan.moved_in_on, 9)))
        for kind, due in dues:
            if due > end or due > today:
                continue
            read = (today - due).days > 30
            reports.append(
                MilestoneReport(
                    stay=stay, kind=kind, due_on=due,
                    housing_plan="Syntetisk plan for permanent bolig",
                    status_text="Syntetisk status", place_vacant=False if kind == "nine_months" else None,
                    submitted_by=lead, submitted_on=due,
                    read_at=dt.datetime.combine(due, dt.time(12), tzinfo=dt.UTC) if read else None,
                    read_by=reader if read else None, is_synthetic=True,
                )
            )  # fmt: skip
    MilestoneReport.objects.bulk_create(reports, batch_size=BATCH)
    return len(reports)
