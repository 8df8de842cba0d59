"""The heavy jobs, as cron runs them: import, retention (twice), audit verification (full and nightly)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.pagebench.measure import JobResult, run_job

HEADER = (
    "reference,municipality,offer,offer_type,allocated_on,moved_in_on,moved_out_on,"
    "destination,gender,birth_year,partner,children\n"
)


def import_file(path: Path, rows: int, hosts: list[tuple[str, str, str]]) -> None:
    """``rows`` historical stays in the import format, spread over the existing offers."""
    start = dt.date.today().replace(year=dt.date.today().year - 19)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            municipality, offer, offer_type = hosts[n % len(hosts)]
            allocated = start + dt.timedelta(days=n % 3000)
            moved_in = allocated + dt.timedelta(days=3)
            moved_out = moved_in + dt.timedelta(days=120 + n % 200)
            out.write(
                f"BENCH-{n},{municipality},{offer},{offer_type},{allocated},{moved_in},"
                f"{moved_out},family,{['female', 'male'][n % 2]},{allocated.year - 20 - n % 10},no,{n % 3}\n"
            )


def _command(name: str, *args: Any, **options: Any) -> Callable[[], str]:
    def run() -> str:
        from django.core.management import call_command
        from django.core.management.base import CommandError

        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(name, *args, stdout=out, stderr=err, **options)
        except (CommandError, SystemExit) as exc:
            return f"(FAILED: {exc} {err.getvalue().strip()[:200]})"
        lines = (out.getvalue() + err.getvalue()).strip().splitlines()
        return f"({lines[-1][:120]})" if lines else ""

    return run


def write_old_anchor(anchor_dir: Path, back: int) -> int:
    """An external anchor ``back`` entries before the head, written two days ago (the nightly start)."""
    from audit.anchors import anchor_path
    from audit.hashing import normalise_time
    from audit.models import AuditEntry, AuditHead

    head = AuditHead.objects.get(pk=1)
    seq = max(1, head.seq - back)
    digest = AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).get()
    at = normalise_time(dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    path = anchor_path(anchor_dir)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"at": at, "hash": digest, "seq": seq}, sort_keys=True) + "\n")
    return head.seq - seq


def run_jobs(*, workdir: Path, anchor_dir: Path, import_rows: int, world: Any,
             log: Callable[[str], None]) -> list[JobResult]:  # fmt: skip
    from audit.models import AuditHead

    results = []
    csv = workdir / "import.csv"
    import_file(csv, import_rows, world.host_names)
    results.append(
        run_job(f"import_stays ({import_rows} rows)", _command("import_stays", str(csv)), log)
    )
    csv.unlink()
    results.append(run_job("apply_retention (first run)", _command("apply_retention"), log))
    results.append(
        run_job("apply_retention (second run, nothing due)", _command("apply_retention"), log)
    )
    head = AuditHead.objects.get(pk=1).seq
    results.append(run_job(f"verify_audit (full, {head} entries)", _command("verify_audit"), log))
    # About two days of a twenty-year chain: what the nightly run has to walk.
    back = max(10, head // (365 * 20) * 2)
    tail = write_old_anchor(anchor_dir, back)
    results.append(
        run_job(
            f"verify_audit --from-anchor ({tail} entries)",
            _command("verify_audit", from_anchor=True),
            log,
        )
    )
    return results
