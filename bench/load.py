"""The staff at work at once: gunicorn as in production, Locust as the staff, on loopback.

Builds the synthetic national history (``bench/pagebench/dataset.py``, the same
builder as ``bench/pages.py``) on a throwaway PostgreSQL, starts gunicorn with
``gunicorn.conf.py`` on a free loopback port, signs in the simulated staff on
the server (both factors, as a real sign-in leaves the session) and runs Locust
headless and bounded: each person a role with a working day's mix of pages
(``bench/loadtest/locustfile.py``). Reports throughput, p50/p95 per page and
overall, failures, lock waits on the audit chain's head (from PostgreSQL's own
log and a sampler) and whether any request waited behind a PDF. Writes
``bench/results/load-latest.json`` and ``.md``.

    .venv/bin/python bench/load.py                          # 0.02×, 20 staff, 30 s
    .venv/bin/python bench/load.py --scale 1 --users 20 --minutes 2   # the documented run
    .venv/bin/python bench/load.py --scale 0.2 --worker-class gthread --workers 3 --threads 4

Exits non-zero only when the benchmark itself breaks (no server, no requests,
a page that never once answered), never for slowness.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOCUSTFILE = ROOT / "bench" / "loadtest" / "locustfile.py"


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _machine() -> dict[str, Any]:
    from bench.pagebench.server import postgres_version

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "nproc": os.cpu_count(), "memory_gb": round(memory, 1), "postgresql": postgres_version(),
        "python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
    }  # fmt: skip


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _gunicorn_args(args: argparse.Namespace) -> list[str]:
    extra = ["--log-level", "info"]
    if args.worker_class:
        extra += ["--worker-class", args.worker_class]
    if args.workers:
        extra += ["--workers", str(args.workers)]
    if args.threads:
        extra += ["--threads", str(args.threads)]
    return extra


def _locust(base: str, args: argparse.Namespace, env: dict[str, str], prefix: Path,
            seconds: int) -> dict[str, Any]:  # fmt: skip
    command = [
        str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless",
        "--host", base, "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{seconds}s",
        "--stop-timeout", "60", "--csv", str(prefix), "--only-summary", "--loglevel", "INFO",
    ]  # fmt: skip
    started = time.perf_counter()
    # Our own locustfile against our own loopback server; bounded by run time + stop timeout.
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 240
    )
    spawned = re.search(r"All users spawned: (\{.*?\})", done.stderr)
    return {
        "exit_code": done.returncode, "prefix": prefix, "wall": time.perf_counter() - started,
        "mix": spawned.group(1) if spawned else "?", "stderr_tail": done.stderr[-3000:],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.02, help="× the national service")
    parser.add_argument("--users", type=int, default=20, help="simulated staff")
    parser.add_argument("--spawn-rate", type=float, default=5, help="staff started a second")
    parser.add_argument("--minutes", type=float, default=0.5, help="length of the load")
    parser.add_argument("--think", default="2,8", help="seconds between a person's pages: min,max")
    parser.add_argument(
        "--worker-class", default="", help="override gunicorn.conf.py (e.g. gthread)"
    )
    parser.add_argument("--workers", type=int, default=0, help="override gunicorn.conf.py")
    parser.add_argument("--threads", type=int, default=0, help="override gunicorn.conf.py")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    think_min, think_max = (float(x) for x in args.think.split(","))
    if args.minutes > 4:
        log("note: a statistics export needs a password re-entry less than 5 minutes old;"
            " PDFs after the fourth minute will fail as they would for a real user")  # fmt: skip

    from bench.loadtest import analysis, locks, report, server, staff, warmup
    from bench.pagebench import server as postgres

    with (
        tempfile.TemporaryDirectory(prefix="botilbud-load-") as tmpdir,
        postgres.throwaway_postgres() as url,
    ):
        tmp = Path(tmpdir)
        os.environ.update(
            DATABASE_URL=url, BOTILBUD_ENV="test", DJANGO_SETTINGS_MODULE="botilbud.settings",
            AUDIT_ANCHOR_DIR=str(tmp / "anchors"),
        )  # fmt: skip
        import django

        django.setup()
        from bench.pagebench import dataset, measure

        name = f"load_{int(args.scale * 1000)}"
        log(f"== {args.scale:g}×: building")
        postgres.use_fresh_database(name)
        world = dataset.build(dataset.Size(args.scale))
        measure.enrol(world.users)
        log(f"  built in {world.seconds['total']:.1f} s: {world.counts}")
        machine = _machine()
        server_log = locks.enable_lock_logging()
        oid = locks.head_oid()
        database_url = url.rsplit("/", 1)[0] + f"/{name}"
        env = {**os.environ, "DATABASE_URL": database_url}
        gunicorn_log = tmp / "gunicorn.log"
        extra = _gunicorn_args(args)
        log(f"== gunicorn {' '.join(extra)}")
        with server.gunicorn(env, extra, gunicorn_log) as base:
            people = staff.write_staff(
                tmp / "staff.json", world, args.users, (think_min, think_max)
            )
            # The locustfile imports bench.loadtest.day: the repository on the path.
            load_env = {**env, "LOAD_STAFF": str(tmp / "staff.json"), "PYTHONPATH": str(ROOT)}
            concurrency = (args.workers or 2 * (os.cpu_count() or 1) + 1) * max(1, args.threads)
            log(f"== warm-up: every page {concurrency}× at once")
            started = time.perf_counter()
            answered = warmup.warm(base, people, concurrency)
            log(f"  {time.perf_counter() - started:.0f} s: {answered}")
            # Fresh sessions: a statistics export needs a re-entry under 5 minutes old.
            staff.write_staff(tmp / "staff.json", world, args.users, (think_min, think_max))
            log(f"== locust: {args.users} staff, {args.minutes:g} min against {base}")
            offset = server_log.stat().st_size
            machine["load_start"] = _load()
            sampler = locks.Sampler(database_url)
            sampler.start()
            ran = _locust(base, args, {**load_env, "LOAD_TIMINGS": str(tmp / "timings.tsv")},
                          tmp / "locust", round(args.minutes * 60))  # fmt: skip
            sampled = sampler.stop()
        load_end = _load()
        timings = tmp / "timings.tsv"
        requests = analysis.read(timings) if timings.exists() else []
        if not requests:
            log(ran["stderr_tail"])
            log(gunicorn_log.read_text(encoding="utf-8", errors="replace")[-3000:])
            return 1
        found = analysis.analyse(requests)
        args.out.mkdir(parents=True, exist_ok=True)
        # Page names and timings only: the raw material for a closer look.
        shutil.copyfile(timings, args.out / "load-latest-requests.tsv")
        logged = locks.read_logged_waits(server_log, offset, oid)
        results = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine,
            "dataset": {"label": f"{args.scale:g}×", "counts": world.counts,
                        "build_seconds": world.seconds["total"]},
            "run": {"users": args.users, "spawn_rate": args.spawn_rate, "think": [think_min, think_max],
                    "seconds": args.minutes * 60, "warm_up": "every page once per worker", "gunicorn": _describe(extra), "mix": ran["mix"],
                    "locust_exit_code": ran["exit_code"], "load_end": load_end},
            "analysis": found,
            "locust_aggregate": analysis.locust_aggregate(ran["prefix"]),
            "server_problems": server.problems(gunicorn_log),
            "locks": {"logged": logged.as_dict(), "sampled": sampled},
        }  # fmt: skip
        postgres.drop_database(name)
    print(report.write(results, args.out))
    never = [p["name"] for p in found["pages"] if p["failures"] == p["requests"]]
    if never:
        log(f"no request of these pages succeeded: {never}\n{ran['stderr_tail']}")
        return 1
    return 0


def _describe(extra: list[str]) -> str:
    from bench.loadtest.server import ROOT as root

    return f"{root / 'gunicorn.conf.py'} {' '.join(extra)}".replace(str(root) + "/", "")


if __name__ == "__main__":
    sys.exit(main())
