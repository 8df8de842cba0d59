"""The benchmark's audit chain: about ``audit_per_stay`` entries per stay, hashed in order, COPYed.

Each entry is hashed with ``audit.hashing.entry_hash`` over exactly the values
written, linked to the one before, and the head row is set to the last, so
``verify_audit`` finds an intact chain of realistic length. The entries are
the acts a stay's history leaves: intake, arrival, contact entries and the
many reads of the resident's pages. Object ids only, never values.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection

COLUMNS = (
    "seq", "at", "actor_id", "actor_username", "roles", "organisations", "action",
    "object_type", "object_id", "fields", "purpose", "ip", "prev_hash", "hash",
)  # fmt: skip
LIFECYCLE = [
    (-30, "coordinator", "referrals.inquiry.created", "referrals.inquiry"),
    (-20, "coordinator", "referrals.assessment.created", "referrals.assessment"),
    (0, "coordinator", "referrals.allocation.proposed", "referrals.allocation"),
    (0, "lead", "stays.stay.created", "stays.stay"),
    (5, "lead", "stays.stay.moved_in", "stays.stay"),
]
READS = [
    ("worker", "stays.resident.viewed"),
    ("worker", "stays.resident.named"),
    ("lead", "stays.resident.viewed"),
    ("worker", "stays.note.viewed"),
]


@dataclass(slots=True)
class _Entry:
    """The values the hash covers, in the shape ``canonical_payload`` reads."""

    seq: int
    at: dt.datetime
    actor_id: int | None
    actor_username: str
    roles: str
    organisations: str
    action: str
    object_type: str
    object_id: str
    fields: list[str]
    purpose: str
    ip: str | None
    prev_hash: str


def _events(size: Any, plans: list[Any], stays: list[Any], rng: random.Random) -> list[tuple]:
    """(time, actor key, host, action, object type, object id), unordered."""
    today = dt.date.today()
    events: list[tuple] = []
    noon = dt.time(9)
    for stay, plan in zip(stays, plans, strict=True):
        base = dt.datetime.combine(plan.allocated_on, noon, tzinfo=dt.UTC)
        for days, who, action, otype in LIFECYCLE:
            when = base + dt.timedelta(days=days, seconds=rng.randrange(28800))
            events.append((when, who, plan.host, action, otype, str(stay.pk)))
        end = plan.moved_out_on or today
        span = max(1, (end - plan.moved_in_on).days) * 86400
        first = dt.datetime.combine(plan.moved_in_on, noon, tzinfo=dt.UTC)
        for _n in range(size.contacts_per_stay):
            when = first + dt.timedelta(seconds=rng.randrange(span))
            events.append(
                (
                    when,
                    "worker",
                    plan.host,
                    "followup.contact.created",
                    "followup.contact",
                    str(stay.pk),
                )
            )
        for _n in range(max(0, size.audit_per_stay - size.contacts_per_stay - len(LIFECYCLE))):
            who, action = READS[rng.randrange(len(READS))]
            when = first + dt.timedelta(seconds=rng.randrange(span))
            events.append((when, who, plan.host, action, "stays.stay", str(stay.pk)))
    events.sort(key=lambda event: event[0])
    return events


def write_chain(size: Any, plans: list[Any], stays: list[Any], users: dict[str, Any],
                rng: random.Random) -> int:  # fmt: skip
    """Write the chain after whatever entries exist (normally none); returns the number written."""
    from audit.hashing import entry_hash
    from audit.models import GENESIS_HASH, AuditEntry, AuditHead

    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = last if last else (0, GENESIS_HASH)
    actors = {
        "coordinator": [(users["coordinator"], "coordinator", "Kompetanseteamet")],
        "lead": [(u, "project_lead", f"Kommune {n + 1:03d}") for n, u in enumerate(users["leads"])],
        "worker": [(u, "followup_worker", f"Kommune {n + 1:03d}") for n, u in enumerate(users["workers"])],
    }  # fmt: skip
    events = _events(size, plans, stays, rng)
    written = 0
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY
        with raw.copy(f"COPY audit_auditentry ({columns}) FROM STDIN") as copy:
            for when, who, host, action, otype, oid in events:
                group = actors[who]
                user, role, org = group[0] if len(group) == 1 else group[host]
                seq += 1
                entry = _Entry(seq, when, user.pk, user.username, role, org, action, otype,
                               oid, [], "", "10.0.0.1", prev)  # fmt: skip
                digest = entry_hash(cast(AuditEntry, entry))
                copy.write_row((seq, when, user.pk, user.username, role, org, action, otype,
                                oid, "[]", "", "10.0.0.1", prev, digest))  # fmt: skip
                prev = digest
                written += 1
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev})
    return written
