"""The follow-up history of the benchmark dataset: contact entries with themes, milestone reports."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from bench.pagebench.bulk import copy_lines, reserve_ids, set_aside
from bench.pagebench.dataset import BATCH, THEMES

NOTES = [
    "Syntetisk samtale om uka som har gått.",
    "Syntetisk: fulgte opp avtale med NAV.",
    "Syntetisk: snakket om skole og framtidsplaner.",
    "Syntetisk: praktisk hjelp med husholdning.",
]
# Ciphertexts per note in the pool (see _note_pool).
COPIES = 4
CONTACT_COLUMNS = (
    "id", "created_at", "updated_at", "is_synthetic", "stay_id", "contact_on", "minutes", "form",
    "with_whom", "heavy_strain", "is_aftercare", "note", "recorded_by_id",
)  # fmt: skip
FORMS = ["in_person"] * 5 + ["phone"] * 3 + ["video", "message"]


def _contact_days(moved_in: dt.date, until: dt.date, count: int) -> list[dt.date]:
    span = max(1, (until - moved_in).days)
    return [moved_in + dt.timedelta(days=(k * span) // count) for k in range(count)]


def _note_pool() -> list[str]:
    """A few ciphertexts of each synthetic note, made by the note field's own encryption.

    Encrypting each note (about 10 µs) would cost more than writing the
    contact by COPY, 1.5 million times at 10×; the notes are four synthetic
    sentences, so each is encrypted a few times and the ciphertexts reused. In real data every note has its own
    random nonce, so two equal notes never share a ciphertext; here many
    contacts do, which tells nothing anyone could use: the text is synthetic.
    Each still decrypts through ``Contact.note`` as in production.
    """
    from followup.models import Contact

    field = Contact._meta.get_field("note")
    return [str(field.get_prep_value(note)) for note in NOTES for _copy in range(COPIES)]


def contacts_and_reports(size: Any, plans: list[Any], stays: list[Any], users: dict[str, Any],
                         rng: random.Random, world: Any, timed: Any) -> None:  # fmt: skip
    """``contacts_per_stay`` contacts per stay, each with one or two themes, and the reports.

    Contacts and themes go in by COPY, their indexes and foreign keys set
    aside meanwhile (``bench.pagebench.bulk``).
    """
    today = dt.date.today()
    count = len(stays) * size.contacts_per_stay
    with timed("contacts"):
        restore = set_aside("followup_contact", "followup_contacttheme")
        first = reserve_ids("followup_contact", count)
        now = dt.datetime.now(dt.UTC).isoformat()
        pool = _note_pool()

        def contacts() -> Iterator[str]:
            cid = first
            for stay, plan in zip(stays, plans, strict=True):
                worker = users["workers"][plan.host].pk
                for day in _contact_days(plan.moved_in_on, plan.moved_out_on or today,
                                         size.contacts_per_stay):  # fmt: skip
                    minutes = rng.choice((15, 30, 45, 60, 90))
                    strain = "t" if rng.random() < 0.1 else "f"
                    yield (f"{cid}\t{now}\t{now}\tt\t{stay.pk}\t{day.isoformat()}\t{minutes}\t"
                           f"{rng.choice(FORMS)}\tresident\t{strain}\tf\t{rng.choice(pool)}\t{worker}\n")  # fmt: skip
                    cid += 1

        def themes() -> Iterator[str]:
            for cid in range(first, first + count):
                one = rng.randrange(len(THEMES))
                yield f"{cid}\t{THEMES[one]}\tt\n"
                if rng.random() < 0.5:
                    other = (one + 1 + rng.randrange(len(THEMES) - 1)) % len(THEMES)
                    yield f"{cid}\t{THEMES[other]}\tt\n"

        world.counts["contacts"] = copy_lines("followup_contact", CONTACT_COLUMNS, contacts())
        world.counts["contact_themes"] = copy_lines(
            "followup_contacttheme", ("contact_id", "theme", "is_synthetic"), themes()
        )
    with timed("contacts: indexes"):
        restore()
    with timed("reports"):
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
