"""What the load run's request log says: throughput, p50/p95 per page, and the PDFs' shadow.

The log has one line per request (``locustfile._timed``): start time, duration,
name, outcome. A non-PDF request *overlaps* a PDF when their intervals meet.
Overlapping costs some CPU (the PDF takes a core of the machine's two), so the
overlapping requests' durations are compared with the others' as a ratio to
their own page's median, which takes out the page mix. A request *queued
behind* a PDF is one that overlapped a PDF, ended within ``QUEUE_GAP`` seconds
after that PDF ended, and took over ``QUEUE_FACTOR`` × its page's median: what
waiting for the PDF's lock or worker would look like.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUEUE_GAP = 0.25
QUEUE_FACTOR = 3.0


@dataclass
class Request:
    start: float
    seconds: float
    name: str
    ok: bool
    status: int

    @property
    def end(self) -> float:
        return self.start + self.seconds

    @property
    def is_pdf(self) -> bool:
        return "PDF" in self.name


def read(path: Path) -> list[Request]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        start, ms, name, ok, status = line.split("\t")
        found.append(Request(float(start), float(ms) / 1000, name, ok == "1", int(status)))
    return sorted(found, key=lambda r: r.start)


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(requests: list[Request]) -> dict[str, Any]:
    times = [r.seconds for r in requests]
    return {
        "requests": len(requests),
        "failures": sum(not r.ok for r in requests),
        "p50": quantile(times, 0.5),
        "p95": quantile(times, 0.95),
        "max": max(times) if times else None,
    }


def pdf_shadow(requests: list[Request]) -> dict[str, Any]:
    """Non-PDF requests during a PDF against the rest, and those that queued behind one."""
    pdfs = [r for r in requests if r.is_pdf and r.ok]
    others = [r for r in requests if not r.is_pdf and r.ok]
    median = {
        name: statistics.median([r.seconds for r in others if r.name == name])
        for name in {r.name for r in others}
    }
    during: list[float] = []
    outside: list[float] = []
    during_seconds: list[float] = []
    outside_seconds: list[float] = []
    queued: list[dict[str, Any]] = []
    slowest: list[tuple[float, dict[str, Any]]] = []
    for r in others:
        overlapping = [p for p in pdfs if p.start < r.end and r.start < p.end]
        ratio = r.seconds / median[r.name] if median[r.name] else 1.0
        (during if overlapping else outside).append(ratio)
        (during_seconds if overlapping else outside_seconds).append(r.seconds)
        if overlapping:
            slowest.append((ratio, {"request": r.name, "seconds": round(r.seconds, 3),
                                    "ratio": round(ratio, 1), "pdfs": len(overlapping)}))  # fmt: skip
        for p in overlapping:
            if 0 <= r.end - p.end <= QUEUE_GAP and ratio > QUEUE_FACTOR and r.start > p.start:
                queued.append({"request": r.name, "seconds": round(r.seconds, 3),
                               "pdf": p.name, "pdf_seconds": round(p.seconds, 3)})  # fmt: skip
                break
    return {
        "pdfs": len(pdfs),
        "pdf_seconds_total": round(sum(p.seconds for p in pdfs), 1),
        "during": {"requests": len(during), "ratio_p50": quantile(during, 0.5),
                   "ratio_p95": quantile(during, 0.95), "p95": quantile(during_seconds, 0.95)},
        "outside": {"requests": len(outside), "ratio_p50": quantile(outside, 0.5),
                    "ratio_p95": quantile(outside, 0.95), "p95": quantile(outside_seconds, 0.95)},
        "queued_behind_pdf": queued,
        "slowest_during_pdf": [row for _ratio, row in sorted(slowest, key=lambda x: -x[0])[:10]],
    }  # fmt: skip


def analyse(requests: list[Request]) -> dict[str, Any]:
    if not requests:
        return {"overall": _summary([]), "pages": [], "throughput": 0.0, "pdf": {}}
    wall = max(r.end for r in requests) - requests[0].start
    pages = []
    for name in sorted({r.name for r in requests}):
        mine = [r for r in requests if r.name == name]
        pages.append({"name": name, **_summary(mine)})
    return {
        "seconds": round(wall, 1),
        "throughput": len(requests) / wall if wall else 0.0,
        "overall": _summary(requests),
        "overall_without_pdf": _summary([r for r in requests if not r.is_pdf]),
        "pages": pages,
        "pdf": pdf_shadow(requests),
    }


def locust_aggregate(csv_prefix: Path) -> dict[str, str]:
    """Locust's own «Aggregated» row of ``<prefix>_stats.csv``, to check ours against."""
    import csv

    path = Path(f"{csv_prefix}_stats.csv")
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("Name") == "Aggregated":
                keep = (
                    "Request Count",
                    "Failure Count",
                    "Requests/s",
                    "50%",
                    "95%",
                    "Max Response Time",
                )
                return {key: row[key] for key in keep if key in row}
    return {}
