"""Charts of the published statistics (``core.charts`` makes the SVG or PNG ``data:`` URI).

Each chart is drawn from the *published* figures, so a suppressed cell is
never drawn by its real size: it gets a zero-height bar labelled "<5" or
"x". ``reporting.presentation`` draws a chart only when at least one bar has
a number. Pages and the PDF always show the same figures in a table beside it.
The page gets SVG, the PDF PNG (``for_print``): see ``core.charts``.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.charts import new_figure, png_data_uri, remembered, svg_data_uri
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
    *,
    title: str,
    summary: str,
    labels: list[str],
    values: list[Value],
    value_heading: str,
    for_print: bool = False,
) -> Chart:
    return Chart(
        title=title,
        summary=summary,
        labels=labels,
        values=values,
        uri=_bars(
            tuple(labels),
            tuple((v.number if v.number is not None else 0, v.text) for v in values),
            value_heading,
            for_print,
        ),
        value_heading=value_heading,
    )


@remembered
def _bars(
    labels: tuple[str, ...],
    bars_and_texts: tuple[tuple[float, str], ...],
    value_heading: str,
    for_print: bool,
) -> str:
    figure, axes = new_figure(width=7, height=3.2)
    heights = [height for height, _text in bars_and_texts]
    positions = list(range(len(labels)))
    bars = axes.bar(positions, heights, color="#1e5aa0", edgecolor="#0b2a4a", hatch="//")
    for bar, (_height, text) in zip(bars, bars_and_texts, strict=True):
        axes.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            textcoords="offset points",
            xytext=(0, 3),
            ha="center",
            fontsize="small",
        )
    axes.set_xticks(positions, list(labels), rotation=30, ha="right", fontsize="small")
    axes.set_ylabel(value_heading)
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    axes.set_ylim(bottom=0, top=max([*heights, 1]) * 1.2)
    return png_data_uri(figure) if for_print else svg_data_uri(figure)
