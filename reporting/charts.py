"""Charts as static SVG images embedded as ``data:`` URIs (the CSP allows ``img-src data:``).

Each chart is drawn from the *published* figures, so a suppressed cell is
never drawn by its real size: it gets a zero-height bar labelled "<5" or
"x". Pages and the PDF always show the same figures in a table beside it.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from reporting.suppression import Published


@dataclass(frozen=True)
class Chart:
    title: str
    summary: str
    labels: list[str]
    values: list[Published]
    uri: str
    value_heading: str


def bar_chart(
    *, title: str, summary: str, labels: list[str], values: list[Published], value_heading: str
) -> Chart:
    figure = Figure(figsize=(7, 3.2), dpi=100)
    axes = figure.add_subplot()
    heights = [v if isinstance(v, int | float) else 0 for v in values]
    positions = list(range(len(labels)))
    bars = axes.bar(positions, heights, color="#1e5aa0", edgecolor="#0b2a4a", hatch="//")
    for bar, value in zip(bars, values, strict=True):
        axes.annotate(
            str(value),
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
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    uri = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return Chart(
        title=title,
        summary=summary,
        labels=labels,
        values=values,
        uri=uri,
        value_heading=value_heading,
    )
