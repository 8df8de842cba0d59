"""Sentences built from published numbers, that read well when a number is hidden.

A "most" claim is made only when it is certainly true: no figure is hidden as
"x" (it could be larger), the largest is unique, and it is at least the
threshold when some figure shows only as "<5" (which can be up to 4).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.numbers import Kind, Value

Rows = list[tuple[str, Value]]


def join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def allocations(total: Value, threshold: int) -> str:
    if total.kind == Kind.COUNT and isinstance(total.number, int):
        return ngettext(
            "%(count)s tildeling i perioden.", "%(count)s tildelinger i perioden.", total.number
        ) % {"count": total.text}
    if total.kind == Kind.SMALL:
        return _("Færre enn %(limit)s tildelinger i perioden.") % {"limit": threshold}
    return _("Antallet tildelinger i perioden er skjult for å verne personvern.")


def moved_out(total: Value, threshold: int) -> str:
    if total.kind == Kind.COUNT and isinstance(total.number, int):
        return ngettext(
            "%(count)s flyttet ut i perioden.", "%(count)s flyttet ut i perioden.", total.number
        ) % {"count": total.text}
    if total.kind == Kind.SMALL:
        return _("Færre enn %(limit)s flyttet ut i perioden.") % {"limit": threshold}
    return _("Antallet som flyttet ut, er skjult for å verne personvern.")


def largest(rows: Rows, threshold: int) -> str | None:
    """The label of the certainly largest figure, or ``None`` when that is not certain."""
    if any(value.kind == Kind.HIDDEN for _label, value in rows):
        return None
    numbers = [(value.number, label) for label, value in rows if isinstance(value.number, int)]
    if not numbers:
        return None
    top = max(number for number, _label in numbers)
    winners = [label for number, label in numbers if number == top]
    has_small = any(value.kind == Kind.SMALL for _label, value in rows)
    if top <= 0 or len(winners) > 1 or (has_small and top < threshold):
        return None
    return winners[0]


def most_lived(rows: Rows, threshold: int) -> str:
    top = largest(rows, threshold)
    return _("Flest bodde der %(length)s.") % {"length": top.lower()} if top else ""


def most_moved_to(rows: Rows, threshold: int) -> str:
    top = largest(rows, threshold)
    return _("Flest flyttet til: %(destination)s.") % {"destination": top.lower()} if top else ""


def no_chart(rows: Rows) -> str:
    """Why a section has no chart: nothing to count, or every figure hidden."""
    if any(value.kind in (Kind.SMALL, Kind.HIDDEN) for _label, value in rows):
        return _(
            "Ikke noe diagram: alle tallene her er skjult for å verne personvern. "
            "En lengre periode kan gi tall som kan vises."
        )
    return _("Ikke noe diagram: det er ingen å telle her i perioden.")
