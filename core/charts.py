"""Charts as static SVG images in ``data:`` URIs, drawn by matplotlib: the shared part.

The CSP allows ``img-src data:`` but blocks the ``<style>`` element matplotlib
writes into inline SVG, so a chart is always an ``<img>``. The convention every
chart module follows: the page shows the same figures in a table and one
sentence beside the picture, and the alt text points to that table, so nothing
is only in the picture. The domain modules (``reporting.charts``,
``housing.charts``, ``followup.charts``) draw; this module makes the figure and
the URI.

matplotlib is imported inside the functions: it takes about a second to load,
and every command and test worker would pay for it.
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def new_figure(*, width: float, height: float) -> tuple[Figure, Axes]:
    """A figure of ``width`` × ``height`` inches with one set of axes and a light grid.

    The y range is the caller's to set after drawing: setting it before would
    stop matplotlib from fitting the axis to the data.
    """
    import matplotlib

    # No GUI backend, ever: this runs in web workers without a display.
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    axes = figure.add_subplot()
    axes.grid(axis="y", alpha=0.3)
    return figure, axes


def svg_data_uri(figure: Figure) -> str:
    """The figure as a ``data:image/svg+xml`` URI; no date in it, so equal figures give equal bytes."""
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
