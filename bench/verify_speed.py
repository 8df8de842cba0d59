"""How fast ``verify_audit`` walks the chain: the old row-by-row walk against today's, interleaved.

Builds a valid chain of N entries on a throwaway PostgreSQL on loopback (COPY,
each entry hashed by ``audit.hashing.entry_hash``, the head row set), then
runs the old walk (ORM rows, one HMAC each, as before the batched path) and
``audit.verify.verify_chain`` in alternating rounds, and prints seconds per
million entries for each, and the ratio.

    .venv/bin/python bench/verify_speed.py                      # 200,000 entries, about a minute
    .venv/bin/python bench/verify_speed.py --entries 2000000    # the national 1× chain
    .venv/bin/python bench/verify_speed.py --profile            # where the new walk's time goes

Exits non-zero when either walk finds the chain broken or they disagree, never
for slowness (the figure depends on the machine and its load).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hmac
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTIONS = [
    ("stays.resident.viewed", "stays.stay", []),
    ("stays.resident.named", "stays.stay", []),
    ("stays.note.viewed", "stays.stay", ["text"]),
    ("followup.contact.created", "followup.contact", ["text", "minutes"]),
    ("referrals.assessment.viewed", "referrals.assessment", ["name", "address"]),
]
ADDRESSES = ["10.0.0.1", "10.0.0.2", "2001:db8::7", None]


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def build_chain(entries: int, seed: int = 1) -> None:
    """COPY a valid chain of ``entries`` entries and set the head row."""
    from django.db import connection

    from audit.hashing import entry_hash
    from audit.models import GENESIS_HASH, AuditEntry, AuditHead
    from bench.pagebench.chain import COLUMNS, _Entry

    rng = random.Random(seed)  # noqa: S311  (made-up entries, not secrets)
    start = dt.datetime(2006, 1, 2, 8, tzinfo=dt.UTC)
    prev = GENESIS_HASH
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY
        with raw.copy(f"COPY audit_auditentry ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for seq in range(1, entries + 1):
                action, otype, fields = ACTIONS[rng.randrange(len(ACTIONS))]
                n = rng.randrange(300)
                actor, name = (None, "") if n == 0 else (n, f"bruker{n}")
                purpose = "oppfølging" if fields else ""
                when = start + dt.timedelta(seconds=seq * 300, microseconds=rng.randrange(10**6))
                values = (seq, when, actor, name, "followup_worker", f"Kommune {n % 40:03d}",
                          action, otype, str(rng.randrange(30_000)), fields, purpose,
                          ADDRESSES[n % len(ADDRESSES)], prev)  # fmt: skip
                digest = entry_hash(cast(AuditEntry, _Entry(*values)))
                copy.write_row((*values[:9], _json(fields), *values[10:], digest))
                prev = digest
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": entries, "hash": prev})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_auditentry")


def _json(fields: list[str]) -> str:
    import json

    return json.dumps(fields)


def old_walk() -> tuple[bool, int]:
    """The walk as it was: ORM rows streamed 5,000 at a time, one HMAC each."""
    from audit.hashing import entry_hash
    from audit.models import GENESIS_HASH, AuditEntry

    columns = ("seq", "at", "actor_id", "actor_username", "roles", "organisations", "action",
               "object_type", "object_id", "fields", "purpose", "ip", "prev_hash", "hash")  # fmt: skip
    expected, prev, checked = 1, GENESIS_HASH, 0
    rows = AuditEntry.objects.order_by("seq").values_list(*columns, named=True)
    for entry in rows.iterator(chunk_size=5000):
        checked += 1
        if entry.seq != expected or entry.prev_hash != prev:
            return False, checked
        if not hmac.compare_digest(entry_hash(entry), entry.hash):
            return False, checked
        prev = entry.hash
        expected += 1
    return True, checked


def new_walk() -> tuple[bool, int]:
    from audit.verify import verify_chain

    result = verify_chain()
    return result.ok, result.checked


def timed(walk: Any) -> tuple[float, tuple[bool, int]]:
    started = time.perf_counter()
    outcome = walk()
    return time.perf_counter() - started, outcome


def profile_new() -> str:
    profiler = cProfile.Profile()
    profiler.runcall(new_walk)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds of each walk")
    parser.add_argument("--profile", action="store_true", help="cProfile one new walk at the end")
    args = parser.parse_args(argv)

    from bench.pagebench import server

    with (
        tempfile.TemporaryDirectory(prefix="botilbud-verify-") as tmp,
        server.throwaway_postgres() as url,
    ):
        # No anchors (an empty directory): a bare chain.
        os.environ.update(DATABASE_URL=url, BOTILBUD_ENV="test", AUDIT_ANCHOR_DIR=tmp,
                          DJANGO_SETTINGS_MODULE="botilbud.settings")  # fmt: skip
        import django

        django.setup()
        server.use_fresh_database("bench_verify")
        started = time.perf_counter()
        build_chain(args.entries)
        log(f"built {args.entries:,} entries in {time.perf_counter() - started:.1f} s")
        times: dict[str, list[float]] = {"old": [], "new": []}
        outcomes = set()
        for n in range(args.rounds):
            for name, walk in (("old", old_walk), ("new", new_walk)):
                seconds, outcome = timed(walk)
                times[name].append(seconds)
                outcomes.add(outcome)
                log(f"round {n + 1}: {name} {seconds:.2f} s {outcome}")
        profile = profile_new() if args.profile else ""
        server.drop_database("bench_verify")

    per_million = {name: statistics.median(t) / args.entries * 1e6 for name, t in times.items()}
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"verify_audit, {args.entries:,} entries, {args.rounds} rounds, load {load}")
    print(f"  old walk: {per_million['old']:.1f} s per million (median)")
    print(f"  new walk: {per_million['new']:.1f} s per million (median)")
    print(f"  {per_million['old'] / per_million['new']:.1f}× faster")
    if profile:
        print(profile)
    if outcomes != {(True, args.entries)}:
        print(f"FAILED: the walks did not both find an intact chain: {outcomes}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
