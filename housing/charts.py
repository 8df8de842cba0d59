"""The occupancy timeline as a static SVG image (no JavaScript).

Rendered with matplotlib's Agg backend and embedded as a ``data:`` image,
which the CSP allows (``img-src 'self' data:``) while it blocks the
``<style>`` element matplotlib writes into inline SVG. The page always shows
the same numbers in a table and a sentence beside the picture.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from housing.selectors import Timeline

# Distinguishable without colour too: each offer also gets its own marker.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def occupancy_timeline_svg(timeline: Timeline) -> str:
    """A data URI with one line per offer: places taken (occupied or held) per month."""
    figure = Figure(figsize=(9, 4), dpi=100)
    axes = figure.add_subplot()
    x = list(range(len(timeline.days)))
    for index, offer in enumerate(timeline.offers):
        axes.plot(
            x,
            timeline.taken[offer.pk],
            marker=MARKERS[index % len(MARKERS)],
            linewidth=1.8,
            label=f"{offer.municipality.name}: {offer.name}",
        )
    today_index = 12 if len(x) > 12 else len(x) - 1
    axes.axvline(today_index, color="#444444", linestyle="--", linewidth=1)
    axes.annotate("I dag", (today_index, 0), textcoords="offset points", xytext=(4, 4))
    axes.set_xticks(x, [d.strftime("%m.%y") for d in timeline.days], rotation=45)
    axes.set_ylabel("Plasser i bruk eller holdt av")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
