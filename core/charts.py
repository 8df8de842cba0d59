"""Charts as static SVG or PNG images in ``data:`` URIs, drawn by matplotlib: the shared part.

The CSP allows ``img-src data:`` but blocks the ``<style>`` element matplotlib
writes into inline SVG, so a chart is always an ``<img>``. The convention every
chart module follows: the page shows the same figures in a table and one
sentence beside the picture, and the alt text points to that table, so nothing
is only in the picture. The domain modules (``reporting.charts``,
``housing.charts``, ``followup.charts``) draw; this module makes the figure and
the URI.

matplotlib is imported inside the functions: it takes about a second to load,
and every command and test worker would pay for it.

Pages get SVG (sharp at any zoom, drawn by the browser). PDFs get PNG at a
fixed print resolution: WeasyPrint draws SVG in Python, element by element
(every glyph of matplotlib's text is a path), which cost a PDF with three
charts 1–6 s; a PNG is one image to embed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


P = ParamSpec("P")

# Drawing costs a page a few hundred milliseconds; the same figures give the
# same picture, so the last pictures are kept (per process, by a hash of the
# inputs: no figures are kept as text).
CACHE_SIZE = 128
_drawn: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def remembered(draw: Callable[P, str]) -> Callable[P, str]:
    """Draw once per distinct input: ``draw``'s arguments (their ``repr``) must hold all it draws."""

    @functools.wraps(draw)
    def cached(*args: P.args, **kwargs: P.kwargs) -> str:
        inputs = repr((args, sorted(kwargs.items()))).encode()
        key = f"{draw.__module__}.{draw.__qualname__}:{hashlib.sha256(inputs).hexdigest()}"
        with _lock:
            if key in _drawn:
                _drawn.move_to_end(key)
                return _drawn[key]
        uri = draw(*args, **kwargs)
        with _lock:
            _drawn[key] = uri
            while len(_drawn) > CACHE_SIZE:
                _drawn.popitem(last=False)
        return uri

    return cached


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


# Enough for print at the charts' size on A4 (7 inches wide: 1,400 pixels).
PRINT_DPI = 200


def svg_data_uri(figure: Figure) -> str:
    """The figure as a ``data:image/svg+xml`` URI; no date in it, so equal figures give equal bytes."""
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def png_data_uri(figure: Figure, *, dpi: int = PRINT_DPI) -> str:
    """The figure as an RGB ``data:image/png`` URI at ``dpi``; equal figures give equal bytes.

    Without the alpha channel matplotlib writes: WeasyPrint re-encodes every
    PNG it embeds, and an alpha channel costs it a second image (the mask).
    The figure's background is opaque white, so nothing is lost.
    """
    figure.tight_layout()
    drawn = io.BytesIO()
    figure.savefig(drawn, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(_without_alpha(drawn)).decode("ascii")


def _without_alpha(png: io.BytesIO) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.open(png).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()
