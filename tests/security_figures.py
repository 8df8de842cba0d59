"""Figures of the security tests (SECURITY.md "Figures to report"), gathered across workers.

The authorization matrix, the marker scan (with its audit coverage), the
break-the-glass walk, the form fuzzing, the crash test and the insider tests
(admin audit coverage, the puppet walk) call ``record(kind, data)`` from any
pytest worker; each call writes one
JSON file into a directory shared by the run (``$BOTILBUD_FIGURES_DIR``, made
by the controller process like ``tests.logscan``). At the end of the run the
controller sums them up, prints one line per figure and writes

    var/security/figures.json   the sums (what docs/security.md reports)
    var/security/matrix.json    every matrix case and every leak

``scripts/security_figures.py`` prints the table for docs/security.md from
``figures.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest

RESULTS = Path(__file__).resolve().parent.parent / "var" / "security"
_owned_dir: Path | None = None


def figures_dir() -> Path:
    explicit = os.environ.get("BOTILBUD_FIGURES_DIR")
    if not explicit:
        raise RuntimeError("tests.security_figures is not configured (BOTILBUD_FIGURES_DIR unset)")
    return Path(explicit)


def record(kind: str, data: dict[str, Any]) -> None:
    """Keep one result of a security test for the end-of-run summary."""
    directory = figures_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    path = directory / f"{kind}-{worker}-{uuid.uuid4().hex}.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")


def collected(kind: str) -> list[dict[str, Any]]:
    if not os.environ.get("BOTILBUD_FIGURES_DIR"):
        return []
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(figures_dir().glob(f"{kind}-*.json"))
    ]


def summarise() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(figures, matrix cases) of everything recorded so far in this run."""
    figures: dict[str, Any] = {}
    cases: list[dict[str, Any]] = []
    routes = collected("matrix")
    if routes:
        for route in routes:
            cases.extend(route["cases"])
        total = max(r["routes_total"] for r in routes)
        figures["matrix"] = {
            "cases": len(cases),
            "leaks": sum(1 for c in cases if c["verdict"] == "leak"),
            "over_denials": sum(1 for c in cases if c["verdict"] == "over-denied"),
            # Every case's answer is also checked for the SECURITY.md 14 headers.
            "missing_headers": sum(1 for c in cases if c["verdict"] == "headers"),
            "routes_covered": len({r["route"] for r in routes}),
            "routes_total": total,
            "routes_with_objects": len({r["route"] for r in routes if r["object_route"]}),
            "by_variant": {
                v: sum(1 for c in cases if c["variant"] == v)
                for v in sorted({c["variant"] for c in cases})
            },
            "allowed": sum(1 for c in cases if c["expected"] == "allowed"),
            "denied": sum(1 for c in cases if c["expected"] == "denied"),
        }
    scans = collected("markers")
    if scans:
        figures["markers"] = {
            "markers": max(s["markers"] for s in scans),
            "responses": sum(s["responses"] for s in scans),
            "exports": sum(s["exports"] for s in scans),
            "log_lines": max(s["log_lines"] for s in scans),
            "hits": sum(s["hits"] for s in scans),
            "granted_sightings": sum(s["granted_sightings"] for s in scans),
            "url_hits": sum(s["url_hits"] for s in scans),
            "roles": len({s.get("role") for s in scans}),
            "fields": max(s.get("fields", 0) for s in scans),
            "fields_total": max(s.get("fields_total", 0) for s in scans),
        }
    coverage = collected("audit_coverage")
    if coverage:
        scans = [c for c in coverage if not c.get("break_glass")]
        glass = [c for c in coverage if c.get("break_glass")]
        figures["audit_coverage"] = {
            "sightings": sum(c["sightings"] for c in scans),
            "uncovered": sum(c["uncovered"] for c in scans),
            "roles": len({c["role"] for c in scans}),
            "break_glass_routes": sum(c.get("routes", 0) for c in glass),
            "break_glass_sightings": sum(c["sightings"] for c in glass),
            "break_glass_uncovered": sum(c["uncovered"] for c in glass),
            "break_glass_without_purpose": sum(c.get("without_purpose", 0) for c in glass),
            "break_glass_rows": sum(c.get("rows", 0) for c in glass),
            "break_glass_rows_listed": sum(c.get("listed", 0) for c in glass),
        }
    fuzzed = collected("fuzzing")
    if fuzzed:
        figures["fuzzing"] = {
            "routes": len({f["route"] for f in fuzzed}),
            "routes_with_forms": len({f["route"] for f in fuzzed if f["forms"]}),
            "forms": len({name for f in fuzzed for name in f["forms"]}),
            **{
                key: sum(f[key] for f in fuzzed)
                for key in ("form_inputs", "requests", "invalid", "server_errors", "raised")
            },
            "problems": sum(f["problems"] for f in fuzzed),
        }
    crashes = collected("crash")
    if crashes:
        figures["crash"] = {
            "cases": len(crashes),
            "points": len({c["point"] for c in crashes}),
            "half_done": sum(c["half_done"] for c in crashes),
        }
    golden = collected("golden")
    if golden:
        behaviour = collected("golden_behaviour")
        figures["golden"] = {
            "cells": max(g["cells"] for g in golden),
            "differences": max(g["differences"] for g in golden),
            "behaviour_checks": sum(b["checks"] for b in behaviour),
            "behaviour_wrong": sum(b["wrong"] for b in behaviour),
        }
    races = collected("concurrency")
    if races:
        figures["concurrency"] = {
            key: sum(r[key] for r in races) for key in ("trials", "retries", "double_bookings")
        } | {"workers": max(r["workers"] for r in races)}
    insider = collected("insider")
    if insider:
        figures["insider"] = {
            key: sum(i.get(key, 0) for i in insider)
            for key in (
                "admin_actions",
                "admin_actions_unaudited",
                "admin_audit_rows_expected",
                "grant_attempts",
                "grants_applied_alone",
                "puppets",
                "puppet_requests",
                "puppet_content_answers",
            )
        }
    return figures, cases


def summary_lines(figures: dict[str, Any]) -> list[str]:
    lines = []
    if "matrix" in figures:
        m = figures["matrix"]
        lines.append(
            f"matrix: {m['cases']} cases, {m['leaks']} leaks, "
            f"{m['routes_covered']}/{m['routes_total']} routes covered "
            f"({m['over_denials']} over-denials), "
            f"{m['missing_headers']} answers with missing security headers"
        )
    if "markers" in figures:
        k = figures["markers"]
        lines.append(
            f"markers: {k['responses']} responses scanned, {k['hits']} hits "
            f"({k['roles']} roles, {k['markers']} markers in {k['fields']}/"
            f"{k['fields_total']} encrypted fields, {k['exports']} exports, "
            f"{k['log_lines']} log lines, {k['granted_sightings']} granted sightings, "
            f"{k['url_hits']} in URLs)"
        )
    if "audit_coverage" in figures:
        a = figures["audit_coverage"]
        lines.append(
            f"audit coverage: {a['sightings']} sightings, {a['uncovered']} without an audit row "
            f"({a['roles']} roles); break-the-glass: {a['break_glass_sightings']} sightings on "
            f"{a['break_glass_routes']} routes, {a['break_glass_uncovered']} without an audit row, "
            f"{a['break_glass_without_purpose']} rows without its purpose, "
            f"{a['break_glass_rows_listed']}/{a['break_glass_rows']} rows on the review page"
        )
    if "fuzzing" in figures:
        z = figures["fuzzing"]
        lines.append(
            f"fuzzing: {z['form_inputs'] + z['requests']} fuzzed inputs "
            f"({z['form_inputs']} into {z['forms']} forms, {z['requests']} requests on "
            f"{z['routes_with_forms']} routes, {z['invalid']} invalid), "
            f"{z['server_errors']} server errors, {z['raised']} form exceptions, "
            f"{z['problems']} problems"
        )
    if "golden" in figures:
        g = figures["golden"]
        lines.append(
            f"golden access table: {g['cells']} cells compared, {g['differences']} differences "
            f"({g['behaviour_checks']} behavioural checks, {g['behaviour_wrong']} wrong)"
        )
    if "crash" in figures:
        c = figures["crash"]
        lines.append(
            f"crash consistency: {c['cases']} crashes at {c['points']} points, "
            f"{c['half_done']} half-done changes"
        )
    if "concurrency" in figures:
        r = figures["concurrency"]
        lines.append(
            f"last place: {r['trials']} trials x {r['workers']} workers, "
            f"{r['double_bookings']} double bookings, {r['retries']} retries"
        )
    if "insider" in figures:
        i = figures["insider"]
        if i["admin_actions"]:
            lines.append(
                f"insider: admin actions without an audit row: {i['admin_actions_unaudited']} "
                f"of {i['admin_actions']} ({i['admin_audit_rows_expected']} rows checked)"
            )
        if i["grant_attempts"]:
            lines.append(
                f"insider: grants applied without a second person: {i['grants_applied_alone']} "
                f"of {i['grant_attempts']}; {i['puppets']} puppets, {i['puppet_requests']} "
                f"requests, {i['puppet_content_answers']} answered case content"
            )
    return lines


def pytest_configure(config: pytest.Config) -> None:
    global _owned_dir
    if not os.environ.get("BOTILBUD_FIGURES_DIR") and not hasattr(config, "workerinput"):
        _owned_dir = Path(tempfile.mkdtemp(prefix="botilbud-figures-"))
        os.environ["BOTILBUD_FIGURES_DIR"] = str(_owned_dir)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    figures, cases = summarise()
    if not figures:
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures["exitstatus"] = int(exitstatus)
    (RESULTS / "figures.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if cases:
        (RESULTS / "matrix.json").write_text(
            json.dumps(
                {"leaks": [c for c in cases if c["verdict"] == "leak"], "cases": cases}, indent=1
            )
            + "\n",
            encoding="utf-8",
        )
    terminalreporter.section("security figures")
    for line in summary_lines(figures):
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"(written to {RESULTS / 'figures.json'})")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _owned_dir is not None:
        shutil.rmtree(_owned_dir, ignore_errors=True)
        os.environ.pop("BOTILBUD_FIGURES_DIR", None)
