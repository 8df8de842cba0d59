"""The occupancy timeline as a static SVG image (no JavaScript), via ``core.charts``.

The page always shows the same numbers in a table and a sentence beside the
picture.
"""

from __future__ import annotations

import datetime as dt

from core.charts import new_figure, remembered, svg_data_uri
from housing.selectors import Timeline

# Distinguishable without colour too: each offer also gets its own marker.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def occupancy_timeline_svg(timeline: Timeline) -> str:
    """A data URI with one line per offer: places taken (occupied or held) per month."""
    return _timeline_svg(
        tuple(timeline.days),
        tuple(
            (f"{offer.municipality.name}: {offer.name}", tuple(timeline.taken[offer.pk]))
            for offer in timeline.offers
        ),
    )


@remembered
def _timeline_svg(days: tuple[dt.date, ...], lines: tuple[tuple[str, tuple[int, ...]], ...]) -> str:
    from matplotlib.ticker import MaxNLocator

    figure, axes = new_figure(width=9, height=4)
    x = list(range(len(days)))
    for index, (label, taken) in enumerate(lines):
        axes.plot(
            x,
            list(taken),
            marker=MARKERS[index % len(MARKERS)],
            linewidth=1.8,
            label=label,
        )
    today_index = 12 if len(x) > 12 else len(x) - 1
    axes.axvline(today_index, color="#444444", linestyle="--", linewidth=1)
    axes.annotate("I dag", (today_index, 0), textcoords="offset points", xytext=(4, 4))
    axes.set_xticks(x, [d.strftime("%m.%y") for d in days], rotation=45)
    axes.set_ylabel("Plasser i bruk eller holdt av")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    return svg_data_uri(figure)
