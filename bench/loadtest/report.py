"""The load run's results as JSON and as Markdown (``bench/results/load-latest.*``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def markdown(results: dict[str, Any]) -> str:
    m, run, a = results["machine"], results["run"], results["analysis"]
    counts = results["dataset"]["counts"]
    lines = [
        f"Machine: {m['nproc']} cores, {m['memory_gb']} GB memory, PostgreSQL {m['postgresql']}, "
        f"Python {m['python']}; load average {m['load_start']} at the start of the run, "
        f"{run['load_end']} at its end.",
        "",
        f"Dataset {results['dataset']['label']}: {counts.get('stays', 0):,} stays, "
        f"{counts.get('contacts', 0):,} contacts, {counts.get('audit_entries', 0):,} audit "
        f"entries (build {results['dataset']['build_seconds']:.0f} s).",
        f"gunicorn: {run['gunicorn']}. Locust: {run['users']} staff ({run['mix']}), spawn "
        f"{run['spawn_rate']}/s, {run['seconds']:.0f} s after a warm-up ({run['warm_up']}), think {run['think'][0]:g}–"
        f"{run['think'][1]:g} s between pages.",
        "",
        f"**Throughput {a['throughput']:.2f} req/s**; {a['overall']['requests']} requests, "
        f"{a['overall']['failures']} failed; p50 {_s(a['overall']['p50'])} s, "
        f"p95 {_s(a['overall']['p95'])} s overall, p95 {_s(a['overall_without_pdf']['p95'])} s "
        f"without the PDFs. Locust's own aggregate: {results['locust_aggregate']}.",
        f"Server: {results['server_problems']}.",
        "",
        "| page [role] | requests | failures | p50 s | p95 s | max s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in a["pages"]:
        lines.append(
            f"| {p['name']} | {p['requests']} | {p['failures']} | {_s(p['p50'])} | "
            f"{_s(p['p95'])} | {_s(p['max'])} |"
        )
    pdf = a["pdf"]
    if pdf:
        d, o = pdf["during"], pdf["outside"]
        lines += [
            "",
            f"**PDFs**: {pdf['pdfs']} made, {pdf['pdf_seconds_total']} s in all. Other requests "
            f"while a PDF was being made: {d['requests']}, p95 {_s(d['p95'])} s, "
            f"{_x(d['ratio_p50'])} / {_x(d['ratio_p95'])} their page's median (p50 / p95); "
            f"with no PDF under way: {o['requests']}, p95 {_s(o['p95'])} s, "
            f"{_x(o['ratio_p50'])} / {_x(o['ratio_p95'])}. "
            f"Queued behind a PDF (ended within 0.25 s of it, over 3× its median): "
            f"{len(pdf['queued_behind_pdf'])}.",
        ]
    locks = results["locks"]
    head, other = locks["logged"]["head"], locks["logged"]["other"]
    sampled = locks["sampled"]
    lines += [
        "",
        f"**Audit-head lock waits** (PostgreSQL `log_lock_waits`, waits over "
        f"{locks['logged']['logged_after_ms']} ms): {head['count']}, {head['total_ms']} ms in "
        f"all, longest {head['max_ms']} ms, p95 {head['p95_ms']} ms. Other lock waits: "
        f"{other['count']} ({other['kinds']}). Sampled every {sampled['interval_s']} s "
        f"({sampled['samples']} samples): a backend waiting on the head in "
        f"{sampled['samples_with_head_waiter']}, at most {sampled['most_head_waiters_at_once']} "
        f"at once; longest transaction left idle "
        f"{sampled['longest_idle_in_transaction_s']} s; at most "
        f"{sampled['most_active_backends_at_once']} backends active at once.",
    ]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], directory: Path, name: str = "load-latest") -> str:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    text = markdown(results)
    (directory / f"{name}.md").write_text(text, encoding="utf-8")
    return text
