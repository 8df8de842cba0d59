"""Start-up loads no PDF, chart or spreadsheet library, and rendering logs no progress.

WeasyPrint, matplotlib and openpyxl take seconds to import; every
``manage.py`` command and test worker paid for them while only a few pages
use them. The check runs in a fresh interpreter, so imports made by other
tests in this process cannot hide or fake anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("weasyprint", "matplotlib", "openpyxl")

CHILD = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
heavy = {HEAVY!r}
at_start = sorted(m for m in heavy if m in sys.modules)

# The positive control: the same check sees each library once it is used.
from core.charts import new_figure, svg_data_uri
from core.pdf import render_pdf
from reporting.exports import to_xlsx
figure, _axes = new_figure(width=2, height=1)
svg_data_uri(figure)
to_xlsx("Kontroll", [])
render_pdf("stays/timetable_pdf.html", {{"items": []}})
after_use = sorted(m for m in heavy if m in sys.modules)
print(json.dumps({{"at_start": at_start, "after_use": after_use}}))
"""


@pytest.fixture(scope="module")
def fresh_process() -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(BOTILBUD_ENV="test", DJANGO_SETTINGS_MODULE="botilbud.settings")
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "stderr": result.stderr}


def test_it_imports_no_heavy_library_at_setup_or_with_the_urlconf(fresh_process):
    assert fresh_process["at_start"] == []


def test_it_sees_each_heavy_library_once_a_pdf_chart_and_workbook_are_made(fresh_process):
    assert fresh_process["after_use"] == ["matplotlib", "openpyxl", "weasyprint"]


def test_it_logs_no_library_progress_while_rendering(fresh_process):
    # WeasyPrint announced "INFO weasyprint.progress Step 2 - …" on every
    # render, and fontTools its subsetting: noise on every command's console.
    # Their warnings and errors (a refused URL) still show.
    lines = fresh_process["stderr"].splitlines()
    assert [line for line in lines if line.split(" ")[0] in ("DEBUG", "INFO")] == []
