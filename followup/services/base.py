"""What the follow-up writes share: the no-future-date rule and the synthetic mark.

Atomic, validated and audited like every follow-up write (``followup.services``).
"""

from __future__ import annotations

import datetime as dt

from core import dates
from stays.models import Stay


def _not_in_future(day: dt.date | None, field: str, message: str) -> dict[str, str]:
    if day is not None and day > dates.today():
        return {field: message}
    return {}


def _synthetic(stay: Stay) -> bool:
    return bool(getattr(stay, "is_synthetic", False))
