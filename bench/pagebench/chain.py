"""The benchmark's audit chain: about ``audit_per_stay`` entries per stay, in time order, COPYed.

Each entry is hashed over exactly the values written, linked to the one
before, and the head row is set to the last, so ``verify_audit`` finds an
intact chain of realistic length. The entries are the acts a stay's history
leaves: intake, arrival, contact entries and the many reads of the resident's
pages. Object ids only, never values.

Memory stays flat whatever the size: each stay's entries are made (and
sorted) only when the merge reaches the day its history starts, the stays
under way are merged in time order with a heap, and the rows are hashed and
streamed into COPY as they come. The hashed form is cut once per kind of
entry from ``audit.hashing.canonical_payload`` itself, and every
``CHECK_EVERY``-th entry is hashed again by ``audit.hashing.entry_hash``: if
the canonical form ever changes, the build stops rather than write a chain
that does not verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings

from bench.pagebench.bulk import copy_lines, set_aside

COLUMNS = (
    "seq", "at", "actor_id", "actor_username", "roles", "organisations", "action",
    "object_type", "object_id", "fields", "purpose", "ip", "prev_hash", "hash",
)  # fmt: skip
# (days from allocation, who, action, object type): once per stay.
LIFECYCLE = [
    (-30, "coordinator", "referrals.inquiry.created", "referrals.inquiry"),
    (-20, "coordinator", "referrals.assessment.created", "referrals.assessment"),
    (0, "coordinator", "referrals.allocation.proposed", "referrals.allocation"),
    (0, "lead", "stays.stay.created", "stays.stay"),
    (5, "lead", "stays.stay.moved_in", "stays.stay"),
]
CONTACT = ("worker", "followup.contact.created", "followup.contact")
READS = [
    ("worker", "stays.resident.viewed", "stays.stay"),
    ("worker", "stays.resident.named", "stays.stay"),
    ("lead", "stays.resident.viewed", "stays.stay"),
    ("worker", "stays.note.viewed", "stays.stay"),
]
KINDS = [(who, action, otype) for _days, who, action, otype in LIFECYCLE] + [CONTACT] + READS
IP = "10.0.0.1"
CHECK_EVERY = 50_000
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
WEEK = 7 * 86400
# Markers cut out of a canonical payload to leave the constant parts of a kind of entry.
AT_MARK = dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC)
OID_MARK = "object-id-marker"
PREV_MARK = "prev-hash-marker"
SEQ_MARK = 9_876_543_210_123


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


def _seconds(day: dt.date, hour: int = 9) -> int:
    return int((dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC) - EPOCH).total_seconds())


def _stay_events(size: Any, plan: Any, index: int, rng: random.Random,
                 today: dt.date) -> list[tuple[int, int, int]]:  # fmt: skip
    """One stay's entries as (seconds since 1970, plan index, index into KINDS), unordered."""
    draw = rng.random
    base = _seconds(plan.allocated_on)
    events = [(base + days * 86400 + int(draw() * 28800), index, kind)
              for kind, (days, *_rest) in enumerate(LIFECYCLE)]  # fmt: skip
    first = _seconds(plan.moved_in_on)
    span = max(1, ((plan.moved_out_on or today) - plan.moved_in_on).days) * 86400
    contact = len(LIFECYCLE)
    events += [(first + int(draw() * span), index, contact) for _n in range(size.contacts_per_stay)]
    reads = max(0, size.audit_per_stay - size.contacts_per_stay - len(LIFECYCLE))
    events += [(first + int(draw() * span), index, contact + 1 + int(draw() * len(READS)))
               for _n in range(reads)]  # fmt: skip
    return events


def in_time_order(
    size: Any, plans: list[Any], rng: random.Random
) -> Iterator[tuple[int, int, int]]:
    """Every stay's entries in time order: (seconds since 1970, plan index, kind).

    Week by week: a stay's entries are made when the weeks reach the first
    one it can have (09:00 thirty days before its allocation; ``plans`` are
    sorted by allocation date) and put in the weeks they fall in; each week
    is sorted when its turn comes. Only the stays under way, about one per
    place, are held at a time.
    """
    today = dt.date.today()
    weeks: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    starts = [_seconds(plan.allocated_on - dt.timedelta(days=30)) // WEEK for plan in plans]
    week = starts[0] if starts else 0
    following = 0
    while following < len(plans) or weeks:
        while following < len(plans) and starts[following] <= week:
            for event in _stay_events(size, plans[following], following, rng, today):
                weeks[event[0] // WEEK].append(event)
            following += 1
        batch = weeks.pop(week, [])
        batch.sort()
        yield from batch
        week += 1


def _pieces(actor: tuple[Any, str, str], action: str, otype: str) -> tuple[str, ...]:
    """A kind of entry's canonical payload, cut at the values that change: at, object id, prev, seq."""
    from audit.hashing import canonical_payload

    user, role, org = actor
    sample = _Entry(SEQ_MARK, AT_MARK, user.pk, user.username, role, org, action, otype,
                    OID_MARK, [], "", IP, PREV_MARK)  # fmt: skip
    rest = canonical_payload(cast(Any, sample)).decode()
    pieces = []
    # canonical_payload sorts its keys: at, object_id, prev_hash, seq come in this order.
    for mark in (AT_MARK.isoformat(timespec="microseconds"), OID_MARK, PREV_MARK, str(SEQ_MARK)):
        before, found, rest = rest.partition(mark)
        if not found:
            raise RuntimeError(f"audit.hashing.canonical_payload changed shape near {mark!r}")
        pieces.append(before)
    line = f"\t{user.pk}\t{user.username}\t{role}\t{org}\t{action}\t{otype}\t"
    return (*pieces, rest, line)


def write_chain(size: Any, plans: list[Any], stays: list[Any], users: dict[str, Any],
                rng: random.Random, timed: Any) -> int:  # fmt: skip
    """Write the chain after whatever entries exist (normally none); returns the number written.

    The table's indexes are set aside during the COPY and built afterwards
    (``bench.pagebench.bulk``).
    """
    from audit.models import GENESIS_HASH, AuditEntry, AuditHead

    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = last if last else (0, GENESIS_HASH)
    actors = {
        "coordinator": [(users["coordinator"], "coordinator", "Kompetanseteamet")],
        "lead": [(u, "project_lead", f"Kommune {n + 1:03d}") for n, u in enumerate(users["leads"])],
        "worker": [(u, "followup_worker", f"Kommune {n + 1:03d}") for n, u in enumerate(users["workers"])],
    }  # fmt: skip
    # The constant parts of each kind of entry by host (the coordinator's are the same for all).
    templates = [
        [_pieces(actors[who][0 if who == "coordinator" else host], action, otype)
         for host in range(len(users["leads"]))]
        for who, action, otype in KINDS
    ]  # fmt: skip
    hosts = [plan.host for plan in plans]
    object_ids = [str(stay.pk) for stay in stays]
    days: dict[int, str] = {}
    inner_keyed, outer_keyed = _hmac_halves(settings.AUDIT_HMAC_KEY.encode())

    def rows() -> Iterator[str]:
        nonlocal seq, prev
        for when, index, kind in in_time_order(size, plans, rng):
            at, oid, prev_piece, seq_piece, tail, line = templates[kind][hosts[index]]
            seq += 1
            # normalise_time's form, made without a datetime per entry (checked in _check).
            day, moment = divmod(when, 86400)
            if (date := days.get(day)) is None:
                date = days[day] = (EPOCH + dt.timedelta(days=day)).date().isoformat()
            hour, moment = divmod(moment, 3600)
            minute, second = divmod(moment, 60)
            stamp = f"{date}T{hour:02d}:{minute:02d}:{second:02d}.000000+00:00"
            object_id = object_ids[index]
            payload = f"{at}{stamp}{oid}{object_id}{prev_piece}{prev}{seq_piece}{seq}{tail}"
            inner = inner_keyed.copy()
            inner.update(payload.encode())
            outer = outer_keyed.copy()
            outer.update(inner.digest())
            digest = outer.hexdigest()
            if seq % CHECK_EVERY == 1:
                _check(seq, stamp, line, object_id, prev, digest)
            yield f"{seq}\t{stamp}{line}{object_id}\t[]\t\t{IP}\t{prev}\t{digest}\n"
            prev = digest

    with timed("audit"):
        restore = set_aside("audit_auditentry")
        written = copy_lines("audit_auditentry", COLUMNS, rows())
        AuditHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev})
    with timed("audit: indexes"):
        restore()
    return written


def _hmac_halves(key: bytes) -> tuple[Any, Any]:
    """HMAC-SHA256 (RFC 2104) as its two keyed SHA-256 states, to be copied per entry.

    The digest is ``hmac.new(key, payload, "sha256")``'s (``_check`` compares
    it with ``entry_hash``), without the ``hmac`` module's Python wrapper
    around every call, which was a quarter of the time per entry.
    """
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return (hashlib.sha256(bytes(b ^ 0x36 for b in key)),
            hashlib.sha256(bytes(b ^ 0x5C for b in key)))  # fmt: skip


def _check(seq: int, stamp: str, line: str, oid: str, prev: str, digest: str) -> None:
    """The entry as ``verify_audit`` will read it back must hash to ``digest``."""
    from audit.hashing import entry_hash

    _blank, actor_id, username, role, org, action, otype, _end = line.split("\t")
    entry = _Entry(seq, dt.datetime.fromisoformat(stamp), int(actor_id), username, role, org,
                   action, otype, oid, [], "", IP, prev)  # fmt: skip
    if entry_hash(cast(Any, entry)) != digest:
        raise RuntimeError(f"entry {seq}: the fast hash differs from audit.hashing.entry_hash")
