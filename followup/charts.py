"""Hours of follow-up per week as a static SVG image (no JavaScript), via ``core.charts``.

The page always shows the same numbers in a table and a sentence under the
picture.
"""

from __future__ import annotations

from core.charts import new_figure, remembered, svg_data_uri
from followup.selectors import WeeklyHours


@remembered
def weekly_hours_svg(data: WeeklyHours) -> str:
    """A data URI: one bar per week; aftercare weeks hatched, heavy-strain weeks marked «!»."""
    figure, axes = new_figure(width=8, height=3.2)
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
    return svg_data_uri(figure)
