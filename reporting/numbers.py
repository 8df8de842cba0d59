"""Figures as people read them: Norwegian number format, percentages, and the
three marks that stand in for a number (``<5``, ``x``, ``–``), each explained.

A ``Value`` carries both the text shown (page, PDF, CSV) and the number behind
it (XLSX cells, charts); ``None`` when there is no number to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from reporting.suppression import HIDDEN, Published

NO_BASIS = "–"


class Kind:
    COUNT = "count"
    DECIMAL = "decimal"
    SHARE = "share"
    SMALL = "small"  # "<5": 1–4 persons
    HIDDEN = "hidden"  # "x": hidden so that a small number cannot be worked out
    NO_BASIS = "no_basis"  # "–": nothing to count or divide by in the period


@dataclass(frozen=True)
class Value:
    text: str
    number: int | float | None
    kind: str
    # For a spreadsheet: no thousands separator (Excel would read it as text).
    plain: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def csv_text(self) -> str:
        return self.plain or self.text

    @property
    def is_number(self) -> bool:
        return self.number is not None


def _grouped(number: int | float, decimals: int) -> str:
    return formats.number_format(number, decimal_pos=decimals, force_grouping=True)


def _plain(number: int | float, decimals: int) -> str:
    return formats.number_format(number, decimal_pos=decimals, force_grouping=False)


def count(value: Published) -> Value:
    """A published count: a whole number, ``<5`` or ``x``."""
    if isinstance(value, str):
        return marker(Kind.HIDDEN if value == HIDDEN else Kind.SMALL, value)
    return Value(_grouped(value, 0), value, Kind.COUNT, _plain(value, 0))


def decimal(value: float | None, *, decimals: int = 1, hidden: bool = False) -> Value:
    """A measured figure (days, months, hours); whole numbers without decimals."""
    if value is None:
        return marker(Kind.HIDDEN if hidden else Kind.NO_BASIS)
    places = 0 if float(value).is_integer() else decimals
    return Value(_grouped(value, places), value, Kind.DECIMAL, _plain(value, places))


def share(value: float | None, *, hidden: bool = False) -> Value:
    """A share 0–1 as a whole percentage, rounded half up: 0.501 → "50 %"."""
    if value is None:
        return marker(Kind.HIDDEN if hidden else Kind.NO_BASIS)
    percent = int((Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    # Norwegian writes a space before the per cent sign; the catalogue says how.
    text = _("%(number)s %%") % {"number": _grouped(percent, 0)}
    return Value(text, value, Kind.SHARE, _("%(number)s %%") % {"number": _plain(percent, 0)})


def marker(kind: str, text: str = "") -> Value:
    if kind == Kind.NO_BASIS:
        text = NO_BASIS
    elif kind == Kind.HIDDEN:
        text = HIDDEN
    return Value(text, None, kind)


def explanation(values: list[Value]) -> str:
    """One line saying what the marks among ``values`` mean; "" when there are none."""
    kinds = {v.kind for v in values}
    parts = []
    small = sorted({v.text for v in values if v.kind == Kind.SMALL})
    for label in small:
        limit = int(label.lstrip("<"))
        parts.append(
            _("%(mark)s: 1–%(most)s personer, skjult for å verne personvern")
            % {"mark": label, "most": limit - 1}
        )
    if Kind.HIDDEN in kinds:
        parts.append(_("x: skjult for å verne personvern"))
    if Kind.NO_BASIS in kinds:
        parts.append(_("–: ingenting å regne ut fra i perioden"))
    return "; ".join(parts) + "." if parts else ""
