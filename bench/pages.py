"""Every main page of every role and the heavy jobs, on twenty years of national data.

Builds a synthetic national dataset (``bench/pagebench/dataset.py``) on a
throwaway PostgreSQL on loopback, then measures p50/p95 and query counts of
each page as a ratio to a signed-in ``/healthz`` in the same interleaved
rounds, and times the jobs. Writes ``bench/results/latest.json`` and
``latest.md`` and prints the table; with two sizes, the growth between them.

    .venv/bin/python bench/pages.py                # --quick: 30 stays, seconds
    .venv/bin/python bench/pages.py --scale 1      # 1,500 stays, ~2M audit entries
    .venv/bin/python bench/pages.py --quick --scale 1 --rounds 9
    .venv/bin/python bench/pages.py --scale 10 --build-only   # the build alone, timed

Never exits non-zero for slowness (``make bench`` runs it at ``--quick`` as a
smoke test of the benchmark); only when the benchmark itself fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUICK = 0.02


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def pages_for(world: Any) -> list[Any]:
    from bench.pagebench.measure import Page

    today = dt.date.today()
    year = today.year - 1
    one = f"fra={year}-01-01&til={year}-12-31"
    twenty = f"fra={today.year - 20}-01-01&til={today:%Y-%m-%d}"
    stay = world.living_stay_id
    return [
        Page("floor: /healthz signed in", "followup_worker", "/healthz"),
        Page("start page", "coordinator", "/"),
        Page("start page", "project_lead", "/"),
        Page("start page", "followup_worker", "/"),
        Page("start page", "directorate_representative", "/"),
        Page("start page", "police_representative", "/"),
        Page("inquiry list", "coordinator", "/inntak/henvendelser/"),
        Page("workbench", "coordinator", "/inntak/arbeidsbenk/"),
        Page("police queue", "police_representative", "/inntak/trusselvurderinger/"),
        Page("resident list", "project_lead", "/beboere/"),
        Page("resident list", "followup_worker", "/beboere/"),
        Page("resident overview (living)", "followup_worker", f"/beboere/{stay}/"),
        Page("contact log (living)", "followup_worker", f"/oppfolging/{stay}/kontakter/"),
        Page("my deadlines", "project_lead", "/rapportering/frister/"),
        Page("directorate inbox", "directorate_representative", "/rapportering/innboks/"),
        Page("statistics, default period", "analyst", "/rapportering/statistikk/"),
        Page("statistics, one year", "analyst", f"/rapportering/statistikk/?{one}"),
        Page("statistics, twenty years", "analyst", f"/rapportering/statistikk/?{twenty}"),
        Page("statistics PDF, one year", "analyst", f"/rapportering/statistikk/eksport.pdf?{one}"),
        Page("statistics PDF, twenty years", "analyst", f"/rapportering/statistikk/eksport.pdf?{twenty}"),
        Page("statistics XLSX, twenty years", "analyst", f"/rapportering/statistikk/eksport.xlsx?{twenty}"),
        Page("capacity", "coordinator", "/botilbud/kapasitet/"),
        Page("capacity", "project_lead", "/botilbud/kapasitet/"),
        Page("all-stays summary", "coordinator", "/beboere/alle-opphold/"),
        Page("audit review", "coordinator", "/revisjon/gjennomgang/"),
    ]  # fmt: skip


def machine(version: str) -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "nproc": os.cpu_count(), "memory_gb": round(memory, 1), "postgresql": version,
        "python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
        "load_start": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
    }  # fmt: skip


def run_size(label: str, factor: float, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from bench.pagebench import dataset, jobs, measure, server

    log(f"== {label}: building")
    server.use_fresh_database(f"bench_{len(label)}_{int(factor * 1000)}")
    size = dataset.Size(factor, audit_per_stay=args.audit_per_stay)
    world = dataset.build(size, log=log)
    log(f"  built in {world.seconds['total']:.1f} s: {world.counts}")
    if args.build_only:
        return _built(label, factor, world)
    measure.enrol(world.users)
    pages = pages_for(world)
    rounds = args.rounds or (5 if factor < 0.1 else 7)
    log(f"== {label}: pages, {rounds} rounds")
    results = measure.measure_pages(pages, world.users, rounds, log)
    floor = results[0]
    profiles = (
        measure.profile_pages(pages, results, world.users, args.profile) if args.profile else {}
    )
    if profiles:
        args.out.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(f"## {name}\n{body}" for name, body in profiles.items())
        (args.out / f"profile-{label}.txt").write_text(text, encoding="utf-8")
    log(f"== {label}: jobs")
    import_rows = args.import_rows or (200 if factor < 0.1 else 10_000)
    anchor_dir = Path(os.environ["AUDIT_ANCHOR_DIR"])
    # Each size is its own database and chain: an anchor the smaller size
    # wrote would name an entry this chain does not have, and verify_audit
    # would rightly call the chain broken there.
    shutil.rmtree(anchor_dir, ignore_errors=True)
    done = jobs.run_jobs(workdir=workdir, anchor_dir=anchor_dir,
                         import_rows=import_rows, world=world, log=log)  # fmt: skip
    mb = server.database_size() // 2**20
    return {
        "label": label, "factor": factor, "counts": world.counts, "database_mb": mb,
        "build_seconds": world.seconds, "rounds": rounds,
        "pages": [r.as_dict(floor) for r in results], "jobs": [j.as_dict() for j in done],
    }  # fmt: skip


def _built(label: str, factor: float, world: Any) -> dict[str, Any]:
    """What ``--build-only`` reports: the build's phases, its peak memory and the database size."""
    import resource

    from bench.pagebench import server

    # ru_maxrss is in KiB on Linux; the builder's own process, not the server's.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    mb = server.database_size() // 2**20
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in world.seconds.items())
    log(f"  {label}: {phases}; builder peak RSS {peak} MB; database {mb:,} MB")
    return {"label": label, "factor": factor, "counts": world.counts, "database_mb": mb,
            "build_seconds": world.seconds, "peak_rss_mb": peak}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK}× (30 stays); the default")
    parser.add_argument("--scale", type=float, action="append", default=[],
                        help="× the national service (1: 1,500 stays); repeatable")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=0, help="interleaved rounds (default 5 or 7)")
    parser.add_argument("--audit-per-stay", type=int, default=1300)
    parser.add_argument("--import-rows", type=int, default=0)
    parser.add_argument("--profile", type=int, default=0, help="cProfile the N slowest pages once")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--build-only", action="store_true",
                        help="build each size, report its timings and size, measure nothing")  # fmt: skip
    args = parser.parse_args(argv)
    factors = sorted(({QUICK} if args.quick or not args.scale else set()) | set(args.scale))

    from bench.pagebench import report, server

    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="botilbud-bench-") as tmp,
        server.throwaway_postgres() as url,
    ):
        os.environ.update(
            DATABASE_URL=url, BOTILBUD_ENV="test", DJANGO_SETTINGS_MODULE="botilbud.settings",
            AUDIT_ANCHOR_DIR=str(Path(tmp) / "anchors"),
        )  # fmt: skip
        import django

        django.setup()
        sizes = []
        for factor in factors:
            label = "quick" if factor == QUICK else f"{factor:g}×"
            sizes.append(run_size(label, factor, args, Path(tmp)))
            server.drop_database(f"bench_{len(label)}_{int(factor * 1000)}")
        if args.build_only:
            return 0
        results = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(_version()), "sizes": sizes,
            "seconds": round(time.perf_counter() - started, 1),
        }  # fmt: skip
    print(report.write(results, args.out))
    return 0


def _version() -> str:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = "postgres"
    from bench.pagebench.server import postgres_version

    return postgres_version()


if __name__ == "__main__":
    sys.exit(main())
