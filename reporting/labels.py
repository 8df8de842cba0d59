"""What every coded value in the statistics is called on screen and in exports.

One mapping, derived from the models that own the codes (their ``choices``
labels, translated by the active language), never a copy: a label changed in
``stays.Destination`` or ``followup.Theme`` changes here too. The stay-length
buckets are reporting's own coding and are named here, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.models import Theme
from housing.models import Offer
from referrals.models import Gender, Inquiry
from stays.models import GOAL_INDICATORS, Destination

# Months lived there, as ``reporting.statistics.length_bucket`` sorts them.
LENGTH_BUCKETS: dict[str, Any] = {
    "under_3": gettext_lazy("Under 3 måneder"),
    "3_to_6": gettext_lazy("3–6 måneder"),
    "6_to_9": gettext_lazy("6–9 måneder"),
    "9_to_12": gettext_lazy("9–12 måneder"),
    "12_and_over": gettext_lazy("12 måneder eller mer"),
}


def _from_choices(choices: Iterable[tuple[Any, Any]], code: str) -> str:
    found = dict(choices).get(code)
    # A code the model does not know is a data error: show it rather than hide it.
    return str(found) if found is not None else code


def _choices(enum: type[models.TextChoices]) -> list[tuple[str, Any]]:
    return [(member.value, member.label) for member in enum]


def length_bucket(code: str) -> str:
    return _from_choices(LENGTH_BUCKETS.items(), code)


def destination(code: str) -> str:
    return _from_choices(_choices(Destination), code or Destination.UNKNOWN)


def goal_indicator(code: str) -> str:
    return _from_choices(GOAL_INDICATORS, code)


def inquiry_outcome(code: str) -> str:
    return _from_choices(_choices(Inquiry.Outcome), code)


def theme(code: str) -> str:
    """A follow-up contact theme; ``none`` is a contact registered without one."""
    if code == "none":
        return _("Uten tema")
    return _from_choices(_choices(Theme), code)


def offer_type(code: str) -> str:
    return _from_choices(_choices(Offer.Type), code)


def gender(code: str) -> str:
    return _from_choices(_choices(Gender), code)
