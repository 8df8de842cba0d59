"""Hours of follow-up per week as a static SVG image (no JavaScript).

Same approach as ``housing.charts``: matplotlib's Agg backend, embedded as a
``data:`` image so the strict CSP holds (``img-src 'self' data:``). The page
always shows the same numbers in a table and a sentence under the picture.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from followup.selectors import WeeklyHours


def weekly_hours_svg(data: WeeklyHours) -> str:
    """A data URI: one bar per week; aftercare weeks hatched, heavy-strain weeks marked «!»."""
    figure = Figure(figsize=(8, 3.2), dpi=100)
    axes = figure.add_subplot()
    x = [week.number for week in data.weeks]
    heights = [week.hours for week in data.weeks]
    bars = axes.bar(x, heights, color="#1e6fb8", edgecolor="#0b3a63")
    for bar, week in zip(bars, data.weeks, strict=True):
        if week.aftercare:
            bar.set_hatch("//")
            bar.set_facecolor("#9cc3e6")
        if week.heavy_strain:
            axes.annotate(
                "!",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontweight="bold",
            )
    axes.set_xlabel("Uke i oppholdet")
    axes.set_ylabel("Timer")
    if len(x) <= 20:
        axes.set_xticks(x)
    axes.set_ylim(bottom=0, top=max([*heights, 1.0]) * 1.2)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
