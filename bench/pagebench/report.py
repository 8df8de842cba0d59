"""The results as JSON and as a Markdown table, with the growth between two sizes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}×"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "/")[:160]


def markdown(results: dict[str, Any]) -> str:
    lines: list[str] = []
    machine = results["machine"]
    lines.append(
        f"Machine: {machine['nproc']} cores, {machine['memory_gb']} GB memory, "
        f"PostgreSQL {machine['postgresql']}, Python {machine['python']}, "
        f"load average at start {machine['load_start']}."
    )
    for size in results["sizes"]:
        counts = size["counts"]
        lines += [
            "",
            f"### {size['label']}: {counts['stays']:,} stays, {counts['contacts']:,} contacts, "
            f"{counts['audit_entries']:,} audit entries, database {size['database_mb']:,} MB",
            "",
            f"Build: {size['build_seconds']['total']:.1f} s "
            f"({', '.join(f'{k} {v:.1f} s' for k, v in size['build_seconds'].items() if k != 'total')}). "
            f"Rounds: {size['rounds']}; floor = signed-in `/healthz`.",
            "",
            "| page | role | status | queries | p50 s | p95 s | p50 / floor | p95 / floor | note |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for page in size["pages"]:
            lines.append(
                f"| {page['label']} | {page['role']} | {page['status']} | {page['queries']} | "
                f"{_s(page['p50'])} | {_s(page['p95'])} | {_x(page['ratio_p50'])} | "
                f"{_x(page['ratio_p95'])} | {_cell(page['note'])} |"
            )
        lines += ["", "| job | seconds | note |", "| --- | --- | --- |"]
        for job in size["jobs"]:
            lines.append(f"| {job['label']} | {_s(job['seconds'])} | {_cell(job['note'])} |")
    if results.get("growth"):
        small, big = results["sizes"][0]["label"], results["sizes"][-1]["label"]
        lines += ["", f"### Growth from {small} to {big} (p50 and queries, larger / smaller)", "",
                  "| page | p50 growth | query growth |", "| --- | --- | --- |"]  # fmt: skip
        for row in results["growth"]:
            lines.append(
                f"| {row['label']} ({row['role']}) | {_x(row['p50'])} | {_x(row['queries'])} |"
            )
    return "\n".join(lines) + "\n"


def growth(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per page, the larger size's p50 and query count over the smaller's."""
    if len(sizes) < 2:
        return []
    small = {(p["label"], p["role"]): p for p in sizes[0]["pages"]}
    rows = []
    for page in sizes[-1]["pages"]:
        before = small.get((page["label"], page["role"]))
        if not before:
            continue
        rows.append({
            "label": page["label"], "role": page["role"],
            "p50": page["p50"] / before["p50"] if page["p50"] and before["p50"] else None,
            "queries": page["queries"] / before["queries"] if before["queries"] else None,
        })  # fmt: skip
    return rows


def write(results: dict[str, Any], directory: Path) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    results["growth"] = growth(results["sizes"])
    (directory / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = markdown(results)
    (directory / "latest.md").write_text(text, encoding="utf-8")
    return text
