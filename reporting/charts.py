"""Charts of the published statistics (``core.charts`` draws the SVG ``data:`` URI).

Each chart is drawn from the *published* figures, so a suppressed cell is
never drawn by its real size: it gets a zero-height bar labelled "<5" or
"x". ``reporting.presentation`` draws a chart only when at least one bar has
a number. Pages and the PDF always show the same figures in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.charts import new_figure, svg_data_uri
from reporting.numbers import Value


@dataclass(frozen=True)
class Chart:
    title: str
    summary: str
    labels: list[str]
    values: list[Value]
    uri: str
    value_heading: str


def bar_chart(
    *, title: str, summary: str, labels: list[str], values: list[Value], value_heading: str
) -> Chart:
    figure, axes = new_figure(width=7, height=3.2)
    heights = [v.number if v.number is not None else 0 for v in values]
    positions = list(range(len(labels)))
    bars = axes.bar(positions, heights, color="#1e5aa0", edgecolor="#0b2a4a", hatch="//")
    for bar, value in zip(bars, values, strict=True):
        axes.annotate(
            value.text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            textcoords="offset points",
            xytext=(0, 3),
            ha="center",
            fontsize="small",
        )
    axes.set_xticks(positions, labels, rotation=30, ha="right", fontsize="small")
    axes.set_ylabel(value_heading)
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    axes.set_ylim(bottom=0, top=max([*heights, 1]) * 1.2)
    return Chart(
        title=title,
        summary=summary,
        labels=labels,
        values=values,
        uri=svg_data_uri(figure),
        value_heading=value_heading,
    )
