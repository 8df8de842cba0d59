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
import shlex
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
    parser.add_argument("--request-transaction", action="store_true",
                        help="positive control: serve with ATOMIC_REQUESTS (decision 0007 removed it)")  # fmt: skip
    parser.add_argument("--compare", default="",
                        help="then the same data with these gunicorn flags, e.g. '--worker-class gthread "
                        "--workers 2 --threads 4' (load-compare.*)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    if args.minutes > 4:
        log("note: a statistics export needs a password re-entry less than 5 minutes old;"
            " PDFs after the fourth minute will fail as they would for a real user")  # fmt: skip

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
        database_url = url.rsplit("/", 1)[0] + f"/{name}"
        env = {**os.environ, "DATABASE_URL": database_url}
        if args.request_transaction:
            env["DJANGO_SETTINGS_MODULE"] = "bench.loadtest.request_transaction"
            env["PYTHONPATH"] = str(ROOT)
        results = _serve(args, _gunicorn_args(args), env, world, tmp, machine, "load-latest")
        if results and args.compare:
            # The same data, another server set-up, straight after: a fair pair.
            compared = _serve(args, ["--log-level", "info", *shlex.split(args.compare)], env,
                              world, tmp, dict(machine), "load-compare")  # fmt: skip
            results = results if compared else None
        postgres.drop_database(name)
    return 0 if results else 1


def _serve(args: argparse.Namespace, extra: list[str], env: dict[str, str], world: Any,
           tmp: Path, machine: dict[str, Any], name: str) -> dict[str, Any] | None:  # fmt: skip
    """One server set-up: gunicorn, warm-up, Locust, and the results written as ``name``."""
    from bench.loadtest import analysis, locks, report, server, staff, warmup

    think_min, think_max = (float(x) for x in args.think.split(","))
    database_url = env["DATABASE_URL"]
    server_log = locks.enable_lock_logging()
    oid = locks.head_oid()
    gunicorn_log = tmp / "gunicorn.log"
    log(f"== gunicorn {' '.join(extra)}")
    with server.gunicorn(env, extra, gunicorn_log) as base:
        people = staff.write_staff(tmp / "staff.json", world, args.users, (think_min, think_max))
        # The locustfile imports bench.loadtest.day: the repository on the path.
        load_env = {**env, "LOAD_STAFF": str(tmp / "staff.json"), "PYTHONPATH": str(ROOT)}
        concurrency = _concurrency(extra)
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
        ran = _locust(base, args, {**load_env, "LOAD_TIMINGS": str(tmp / f"{name}-timings.tsv")},
                      tmp / name, round(args.minutes * 60))  # fmt: skip
        sampled = sampler.stop()
    load_end = _load()
    timings = tmp / f"{name}-timings.tsv"
    requests = analysis.read(timings) if timings.exists() else []
    if not requests:
        log(ran["stderr_tail"])
        log(gunicorn_log.read_text(encoding="utf-8", errors="replace")[-3000:])
        return None
    found = analysis.analyse(requests)
    args.out.mkdir(parents=True, exist_ok=True)
    # Page names and timings only: the raw material for a closer look.
    shutil.copyfile(timings, args.out / f"{name}-requests.tsv")
    logged = locks.read_logged_waits(server_log, offset, oid)
    results = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "dataset": {"label": f"{args.scale:g}×", "counts": world.counts,
                    "build_seconds": world.seconds["total"]},
        "run": {"users": args.users, "spawn_rate": args.spawn_rate, "think": [think_min, think_max],
                "seconds": args.minutes * 60, "warm_up": "every page once per worker", "gunicorn": _describe(extra) + (" + ATOMIC_REQUESTS" if args.request_transaction else ""), "mix": ran["mix"],
                "locust_exit_code": ran["exit_code"], "load_end": load_end},
        "analysis": found,
        "locust_aggregate": analysis.locust_aggregate(ran["prefix"]),
        "server_problems": server.problems(gunicorn_log),
        "locks": {"logged": logged.as_dict(), "sampled": sampled},
    }  # fmt: skip
    print(report.write(results, args.out, name))
    never = [p["name"] for p in found["pages"] if p["failures"] == p["requests"]]
    if never:
        log(f"no request of these pages succeeded: {never}\n{ran['stderr_tail']}")
        return None
    return results


def _concurrency(extra: list[str]) -> int:
    """Requests the server serves at once: workers (default 2 × cores + 1) × threads."""

    def value(flag: str, default: int) -> int:
        return int(extra[extra.index(flag) + 1]) if flag in extra else default

    return value("--workers", 2 * (os.cpu_count() or 1) + 1) * value("--threads", 1)


def _describe(extra: list[str]) -> str:
    from bench.loadtest.server import ROOT as root

    return f"{root / 'gunicorn.conf.py'} {' '.join(extra)}".replace(str(root) + "/", "")


if __name__ == "__main__":
    sys.exit(main())
